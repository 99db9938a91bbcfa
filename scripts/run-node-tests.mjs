#!/usr/bin/env node
// Runs every Node test file (`*.test.ts` under packages/*/src, examples/* and scripts/, except the
// widget's, which run in Chromium). Node 20's `--test` does not expand globs and silently runs nothing
// for a bare directory, so the files are listed here, and a run without tests fails.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = [
  ...readdirSync(join(root, 'packages'))
    .filter((p) => p !== 'widget')
    .map((p) => join(root, 'packages', p, 'src')),
  join(root, 'examples'),
  join(root, 'scripts'),
];

/** Arguments pick files by a part of their path: a file runs when any argument is in it. */
const filters = process.argv.slice(2);

const files = roots
  .flatMap((dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => join(entry.parentPath ?? entry.path, entry.name)),
  )
  .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules'))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error('No test files found: refusing to report success.');
  process.exit(1);
}

const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const count = (label) => Number(output.match(new RegExp(`^\\S* ?${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const [passed, failed] = [count('pass'), count('fail') + count('cancelled')];
  console.log(`node tests: ${passed} passed, ${failed} failed`);
  if (passed === 0) {
    console.error('No test ran: refusing to report success.');
    process.exit(1);
  }
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
