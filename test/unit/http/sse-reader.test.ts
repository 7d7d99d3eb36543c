import { readSseEvents } from '../../../lambda/http/sse-reader';

/** A body that delivers `text` in pieces of `size` bytes (cutting lines and characters anywhere). */
function bodyOf(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
      offset += size;
    },
  });
}

async function collect(text: string, size: number) {
  const events = [];
  for await (const event of readSseEvents(bodyOf(text, size))) events.push(event);
  return events;
}

describe('readSseEvents', () => {
  const error = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } };

  it.each([1, 3, 7, 64])('yields a bare one-line JSON error after data events (pieces of %i bytes)', async (size) => {
    const text = `data: {"a":"é"}\r\n\r\n${JSON.stringify(error)}\n`;
    expect(await collect(text, size)).toEqual([{ data: '{"a":"é"}' }, { data: JSON.stringify(error) }]);
  });

  it('yields a pretty-printed bare JSON error once it is complete', async () => {
    const text = `data: {"a":1}\n\n${JSON.stringify(error, null, 2)}\n`;
    const events = await collect(text, 5);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1].data)).toEqual(error);
  });

  it('yields unparsable leftovers at the end instead of dropping them', async () => {
    const events = await collect('data: {"a":1}\n\n{"error": {\n', 4);
    expect(events).toEqual([{ data: '{"a":1}' }, { data: '{"error": {' }]);
  });

  it('drops stray lines that are not JSON, as the SSE specification says', async () => {
    expect(await collect('OK\ndata: {"a":1}\n\nnot json either\n', 3)).toEqual([{ data: '{"a":1}' }]);
    expect(await collect(`stray\n${JSON.stringify(error, null, 2)}\n`, 4)).toEqual([{ data: JSON.stringify(error, null, 2) }]);
  });

  it('keeps named events and skips comments', async () => {
    expect(await collect(': keep-alive\n\nevent: ping\ndata: {"type":"ping"}\n\n', 2)).toEqual([
      { event: 'ping', data: '{"type":"ping"}' },
    ]);
  });
});
