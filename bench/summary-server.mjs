// A bench target, run as a child process: the real kdi-status server (built) on a fresh SQLite
// file with the demo data. Prints its port on stdout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, openStore } from '../packages/server/dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kdi-bench-'));
const app = await createApp({ store: openStore(`sqlite:${join(dir, 'bench.db')}`), logLevel: 'error' });
await app.http.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: app.http.server.address().port }));
