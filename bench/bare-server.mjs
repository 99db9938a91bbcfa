// The baseline, run as a child process: bare node:http answering a precomputed buffer with the
// same headers as the summary route (and 304 on a matching If-None-Match). Reads the body and
// ETag as JSON from argv[2] (a file path). Prints its port on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const { body, headers } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const buffer = Buffer.from(body);
const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === headers.etag) {
    res.writeHead(304, {
      etag: headers.etag,
      'cache-control': headers['cache-control'],
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag',
    });
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': buffer.length });
  res.end(buffer);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
