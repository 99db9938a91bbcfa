// The baseline, run as a child process (with --expose-gc and IPC): the least a broadcaster can do.
// Raw TCP; answers any request with an SSE head; on a trigger writes the same
// Buffer to every socket. Prints { port } on stdout; answers { type: 'rss' } like sse-server.mjs.
// { type: 'prepare', frame } sets the frame; a `POST /broadcast` request sends it to everyone.
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

const HEAD = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 3000\n\n',
);
const sockets = new Set();
let lastBroadcastMs = 0;
let prepared = Buffer.alloc(0);
function broadcast(frame) {
  const started = performance.now();
  for (const socket of sockets) socket.write(frame);
  lastBroadcastMs = performance.now() - started;
}
const server = createServer((socket) => {
  socket.once('data', (request) => {
    // The trigger arrives the way an update does at a real server: as an HTTP POST over loopback.
    if (request.toString('latin1').startsWith('POST /broadcast')) {
      broadcast(prepared);
      socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write(HEAD);
    sockets.add(socket);
  });
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('message', (message) => {
  if (message.type === 'prepare') {
    prepared = Buffer.from(message.frame, 'base64');
    process.send({ type: 'prepared' });
  } else if (message.type === 'rss') {
    globalThis.gc?.();
    process.send({ type: 'rss', rss: process.memoryUsage().rss, clients: sockets.size, publishMs: lastBroadcastMs });
  }
});
