// Writes src/read/read-schemas.generated.ts: the lean read schemas compiled from the zod schemas.
// Run by the SDK's build (`pnpm --filter @kdi-status/sdk run build`); lean-check.test.ts fails
// when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formattedSource } from '../src/read/formatted-source.js';

const target = fileURLToPath(new URL('../src/read/read-schemas.generated.ts', import.meta.url));
const source = await formattedSource(target);
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // Not generated yet.
}
if (current !== source) {
  writeFileSync(target, source);
  console.log(`generate-read-schemas: wrote ${target}`);
}
