#!/usr/bin/env node
// The `kdi-status` command: runs the built CLI. In the repository, `pnpm install` builds it (the
// root's `prepare` script) and `pnpm build` rebuilds it after a change.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kdi-status: the CLI is not built: run "pnpm build" in the repository first.\n');
  process.exit(2);
}
await import(cli.href);
