// A bench helper, run as a child process (IPC): holds many SSE streams open with raw sockets and
// reads everything they are sent (so none is dropped as a slow client), away from the process
// that measures. { type: 'connect', port, paths } opens one stream per path, 250 at a time, and
// answers { type: 'ready', streams } once each has its first message; { type: 'bytes' } answers
// the bytes received so far; { type: 'arm', marker } starts watching every stream for `marker`,
// and { type: 'arrivals' } answers how many have had it and when the last did (ms, on the
// machine's clock: performance.timeOrigin + performance.now()). Bounded: a stream that has no
// first message within 60 s fails the run.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const TIMEOUT_MS = 60_000;
const sockets = [];
let bytes = 0;
let marker = null;
let arrived = new Set();
let lastArrival = 0;

function open(port, path) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => reject(new Error(`no first message on ${path}`)), TIMEOUT_MS);
    let ready = false;
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      // A marker may straddle two chunks: each socket keeps a short tail.
      if (marker && !arrived.has(socket)) {
        const text = (socket.tail ?? '') + chunk.toString('latin1');
        if (text.includes(marker)) {
          arrived.add(socket);
          lastArrival = performance.timeOrigin + performance.now();
        } else socket.tail = text.slice(-64);
      }
      if (!ready && chunk.includes('data: ')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      } else if (!ready && !chunk.toString('latin1').startsWith('HTTP/1.1 200')) {
        clearTimeout(timer);
        reject(new Error(`${path}: ${chunk.toString('latin1').split('\r\n')[0]}`));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => !ready && reject(new Error(`${path}: closed before its first message`)));
    sockets.push(socket);
  });
}

process.on('message', async (message) => {
  if (message.type === 'connect') {
    const { port, paths } = message;
    for (let i = 0; i < paths.length; i += 250) await Promise.all(paths.slice(i, i + 250).map((path) => open(port, path)));
    process.send({ type: 'ready', streams: sockets.length });
  } else if (message.type === 'bytes') {
    process.send({ type: 'bytes', bytes });
  } else if (message.type === 'arm') {
    marker = message.marker;
    arrived = new Set();
    lastArrival = 0;
    for (const socket of sockets) socket.tail = '';
    process.send({ type: 'armed' });
  } else if (message.type === 'arrivals') {
    process.send({ type: 'arrivals', count: arrived.size, lastArrival });
  }
});
console.log(JSON.stringify({ ready: true }));
