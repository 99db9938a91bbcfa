#!/usr/bin/env node
// `pnpm test`: browser, lint, build, typecheck, Node suites, browser suites — everything, in one
// command. Ends with one line `N passed, N failed` (tests, plus any check that failed) and a
// non-zero exit code when anything failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findSystemBrowser } from './find-browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// First, so a machine without a browser fails at once rather than after lint and build. Every
// child gets the path as CHROME_PATH: the e2e test and web-test-runner launch what was found.
console.log('\n=== browser: scripts/find-browser.mjs');
let chromePath;
try {
  chromePath = findSystemBrowser((line) => console.log(line));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(chromePath);

/** Runs a command, echoing its output; resolves to its exit code and what it printed. */
function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHROME_PATH: chromePath, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The last `N passed, N failed` a runner printed (web-test-runner and our node runner both do). */
function counts(output) {
  // eslint-disable-next-line no-control-regex -- runners colour their output; the counts are what matter
  const plain = output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  const all = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : { passed: 0, failed: 0 };
}

const pnpm = ['-y', 'pnpm@10'];
let passed = 0;
let failed = 0;
const failures = [];

for (const [label, args] of [
  ['lint', [...pnpm, 'run', 'lint']],
  ['build', [...pnpm, 'run', 'build']],
  ['typecheck', [...pnpm, 'run', 'typecheck']],
]) {
  const { code } = await run(label, 'npx', args);
  if (code !== 0) {
    failed += 1;
    failures.push(label);
  }
}

for (const [label, args] of [
  ['node tests', ['node', ['scripts/run-node-tests.mjs']]],
  ['browser tests', ['npx', [...pnpm, '--filter', '@kdi-status/widget', 'run', 'test']]],
]) {
  const { code, output } = await run(label, args[0], args[1]);
  const result = counts(output);
  passed += result.passed;
  failed += result.failed;
  if (code !== 0 || result.passed === 0) {
    failures.push(label);
    if (result.failed === 0) failed += 1; // the suite failed without a countable test failure (crash, no tests)
  }
}

console.log(`\n${failures.length ? `FAILED: ${failures.join(', ')}` : 'All checks and suites passed.'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
