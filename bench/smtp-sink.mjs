#!/usr/bin/env node
// The outbox bench's mail sink, a process of its own so that it does not share the sender's event
// loop: a real SMTP server (smtp-server) on 127.0.0.1 that accepts everything and counts. Prints
// `{"port":…}` when ready; answers `{ type: 'count' }` with `{ type: 'count', received }`.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const { SMTPServer } = require('smtp-server');

let received = 0;
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  size: 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
// A client that goes away mid-conversation is no failure of the sink.
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.server.address().port }));
});
process.on('message', (message) => {
  if (message.type === 'count') process.send({ type: 'count', received });
});
process.on('disconnect', () => process.exit(0));
