import { GatewayError } from '../../../lambda/core/errors';
import { readSseEvents, type SseLimits } from '../../../lambda/http/sse-reader';

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

async function collect(text: string, size: number, limits?: SseLimits) {
  const events = [];
  for await (const event of readSseEvents(bodyOf(text, size), undefined, limits)) events.push(event);
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

  it.each([1, 2, 5, 64])('treats CR, LF and CRLF line ends alike, also split across pieces of %i bytes', async (size) => {
    const text = 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\rdata: {"c":3}\n\n: ping\r\nevent: e\rdata: {"d":4}\r\n\r\n';
    expect(await collect(text, size)).toEqual([
      { data: '{"a":1}' },
      { data: '{"b":2}' },
      { data: '{"c":3}' },
      { event: 'e', data: '{"d":4}' },
    ]);
  });

  it('yields a bare JSON error whose strings hold brackets and escaped quotes', async () => {
    const tricky = { error: { message: 'a } ] \\" [ { b', code: 400 } };
    const text = `${JSON.stringify(tricky, null, 2)}\ndata: {"a":1}\n\n`;
    const events = await collect(text, 3);
    expect(events.map((event) => JSON.parse(event.data))).toEqual([tricky, { a: 1 }]);
  });

  it('drops thousands of stray lines and still yields the events around them', async () => {
    const text = `data: {"a":1}\n\n${'stray line\n'.repeat(20_000)}${'{\n'.repeat(3)}data: {"b":2}\n\n`;
    const events = await collect(text, 4096);
    // The unclosed `{` lines are yielded once, when the next event comes (the translators report them as malformed).
    expect(events).toEqual([{ data: '{"a":1}' }, { data: '{\n{\n{' }, { data: '{"b":2}' }]);
  });

  const small: SseLimits = { maxEventChars: 1_000, maxBareJsonChars: 100 };

  it('yields collected stray JSON lines once they pass the cap, and drops the rest', async () => {
    const text = `[\n${'1,\n'.repeat(200)}data: {"a":1}\n\n`;
    const events = await collect(text, 16, small);
    expect(events).toHaveLength(2);
    expect(events[0].data.length).toBeLessThanOrEqual(small.maxBareJsonChars + 3);
    expect(events[1]).toEqual({ data: '{"a":1}' });
  });

  it.each([
    ['one line without an end', `data: ${'x'.repeat(5_000)}`],
    ['one event of many data lines', `${'data: xxxxxxxxxx\n'.repeat(500)}\n`],
  ])('ends the stream with a 502 for an event over the cap: %s', async (_name, text) => {
    const failure = await collect(`data: {"a":1}\n\n${text}`, 64, small).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect(failure).toMatchObject({ statusCode: 502, message: expect.stringContaining('more than 1000 characters') });
  });
});
