#!/usr/bin/env node
// Finds the Chromium or Chrome that the browser suites and the end-to-end test drive, so that
// `pnpm test` works on a fresh machine: CHROME_PATH, else Debian's /usr/bin/chromium, else
// google-chrome or chromium-browser on PATH, else (as root with apt-get) Debian's chromium is
// installed. Never a browser downloaded by a test tool (ADR 3): those fail on closed networks.
// As a script: prints the path on stdout and exits 0, or one line on stderr and exits 1.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Debian's `chromium` package puts it, and so what scripts/chromium.json names. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The one line a machine without a browser gets: what to do, not a stack trace. */
export const NO_BROWSER =
  'No Chromium or Chrome found: install one (Debian: sudo apt-get install -y chromium) or set CHROME_PATH to its executable.';

/**
 * The first `name` in `env.PATH`'s directories, or undefined. Looked up by hand rather than by
 * spawning `which`, which minimal images lack and which would make the decision untestable.
 * @param {string} name
 * @param {Record<string, string | undefined>} env
 * @param {(path: string) => boolean} exists
 * @returns {string | undefined}
 */
export function onPath(name, env, exists) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // An empty entry means the working directory: not a place to pick a browser from.
    if (dir && exists(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Decides which browser to use, installing Debian's chromium when nothing is found and that is
 * possible. Every fact comes in as an argument so each branch can be unit-tested.
 * @param {object} facts
 * @param {Record<string, string | undefined>} facts.env the environment (CHROME_PATH, PATH)
 * @param {(path: string) => boolean} facts.exists whether an executable file is at the path
 * @param {boolean} facts.isRoot whether apt-get may be run without sudo
 * @param {boolean} facts.hasAptGet whether apt-get is on PATH
 * @param {() => void} facts.install installs Debian's chromium; throws when it fails
 * @param {(line: string) => void} facts.log progress for the human waiting
 * @returns {string} the browser's executable
 * @throws {Error} with a one-line message saying what to do
 */
export function findBrowser({ env, exists, isRoot, hasAptGet, install, log }) {
  if (env.CHROME_PATH) {
    // An explicit choice that is wrong must fail, not silently fall back to another browser.
    if (exists(env.CHROME_PATH)) return resolve(env.CHROME_PATH);
    throw new Error(`CHROME_PATH is set to ${env.CHROME_PATH}, but no executable is there: set it to a Chromium or Chrome executable.`);
  }
  if (exists(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  for (const name of ['google-chrome', 'chromium-browser']) {
    const found = onPath(name, env, exists);
    if (found) return found;
  }
  if (!isRoot || !hasAptGet) throw new Error(NO_BROWSER);

  log("No Chromium or Chrome found: installing Debian's chromium with apt-get (about a minute).");
  try {
    install();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    throw new Error(`Installing Debian's chromium failed (${reason}): install one yourself or set CHROME_PATH to its executable.`);
  }
  if (exists(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is missing: set CHROME_PATH to its executable.`);
}

/**
 * Whether an executable file is at `path`: a directory or an unreadable file is no browser.
 * @param {string} path
 */
function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Runs one apt-get step. Its stdout is dropped (a script's stdout is the path alone); its stderr
 * is inherited so a failure says why.
 * @param {string[]} args
 */
function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Installs Debian's chromium, as a fresh Debian machine needs it. */
function installDebianChromium() {
  aptGet(['update', '-qq']);
  aptGet(['install', '-y', '-qq', 'chromium']);
}

/**
 * findBrowser with this machine's facts.
 * @param {(line: string) => void} [log]
 * @returns {string}
 */
export function findSystemBrowser(log = (line) => console.error(line)) {
  const env = process.env;
  return findBrowser({
    env,
    exists: isExecutableFile,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath('apt-get', env, isExecutableFile) !== undefined,
    install: installDebianChromium,
    log,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(findSystemBrowser());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
