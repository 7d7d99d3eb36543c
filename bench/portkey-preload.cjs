/**
 * Preloaded into the Portkey gateway process by the bench (`node --require`), two adaptations so
 * that `@portkey-ai/gateway` 1.15.2 runs here as its users run it:
 *
 * - Node 20's `fetch` returns responses whose headers are immutable; Portkey deletes
 *   `content-encoding` / `transfer-encoding` / `content-length` from the upstream response before
 *   relaying it and would fail every request. Each response is re-wrapped with a mutable copy of
 *   its headers (the body stream is handed on untouched, so streaming is not changed).
 * - Portkey listens on every interface; the bench keeps all traffic on loopback, so a listen with
 *   a port and no host binds 127.0.0.1.
 */
/* global Response, Headers */
const net = require('node:net');

const originalFetch = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableHeaders(input, init) {
  const response = await originalFetch(input, init);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
  return originalListen.apply(this, args);
};
