#!/usr/bin/env node
// A latency relay for the benchmark's WAN cases: listens on 127.0.0.1 (an ephemeral port, printed as
// `port N` on stdout once listening) and forwards every connection to HOST:PORT, holding each chunk read in
// either direction for DELAY ms (one way; the round trip is twice that) before writing it on. It runs in a
// process of its own, so its timers never compete with the deploy's event loop.
//
// The model, honestly: a fixed delay per direction, in order (each direction is one FIFO queue of chunks
// stamped with the time they are due, drained by a single timer; a later chunk is never written before an
// earlier one). No bandwidth limit, no loss, no jitter. Each side's TCP connection is local (the relay reads
// as fast as data comes), so TCP's own window never waits for the delayed acknowledgements a real long link
// would; what does wait is every exchange above TCP: the SSH handshake, each channel's open, request and exit
// status, SSH's channel windows, rsync's protocol.
//
//   node relay.mjs HOST PORT DELAY_MS
import { createConnection, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

const [host, portText, delayText] = process.argv.slice(2);
const port = Number(portText);
const delay = Number(delayText);
if (!host || !(port > 0) || !(delay >= 0)) {
  process.stderr.write('usage: relay.mjs HOST PORT DELAY_MS\n');
  process.exit(2);
}

/** A one-way delayed pipe from `from` to `to`: chunks in order, each written `delay` ms after it was read. */
function delayed(from, to, onDone) {
  const queue = []; // { due, chunk } (chunk null: the end)
  let timer;
  let ended = false;
  const drain = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0].due <= now) {
      const { chunk } = queue.shift();
      if (chunk === null) {
        ended = true;
        to.end();
        onDone();
        return;
      }
      to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(drain, Math.max(0, queue[0].due - performance.now()));
  };
  const push = (chunk) => {
    if (ended) return;
    queue.push({ due: performance.now() + delay, chunk });
    if (!timer) timer = setTimeout(drain, Math.max(0, queue[0].due - performance.now()));
  };
  from.on('data', (chunk) => push(chunk));
  from.on('end', () => push(null));
  return () => {
    clearTimeout(timer);
    queue.length = 0;
  };
}

const server = createServer((client) => {
  client.setNoDelay(true);
  const upstream = createConnection({ host, port });
  upstream.setNoDelay(true);
  let open = 2;
  const done = () => {
    if (--open === 0) {
      client.destroy();
      upstream.destroy();
    }
  };
  const stopUp = delayed(client, upstream, done);
  const stopDown = delayed(upstream, client, done);
  const fail = () => {
    stopUp();
    stopDown();
    client.destroy();
    upstream.destroy();
  };
  client.on('error', fail);
  upstream.on('error', fail);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port ${server.address().port}\n`);
});
// Ends with its parent (the benchmark closes its stdin).
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
