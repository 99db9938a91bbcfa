import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEBIAN_CHROMIUM, NO_BROWSER, findBrowser } from './find-browser.mjs';

/** A machine with these executables, and a record of what findBrowser did on it. */
function machine({
  files = [] as string[],
  env = { PATH: '/usr/local/bin:/usr/bin:/bin' } as Record<string, string | undefined>,
  isRoot = false,
  hasAptGet = false,
  install = (_files: Set<string>): void => {},
} = {}) {
  const present = new Set(files);
  const calls = { installs: 0, logs: [] as string[] };
  const facts = {
    env,
    exists: (path: string) => present.has(path),
    isRoot,
    hasAptGet,
    install: () => {
      calls.installs += 1;
      install(present);
    },
    log: (line: string) => calls.logs.push(line),
  };
  return { facts, calls };
}

/** Asserts that findBrowser fails with exactly one line matching `message`. */
function assertFails(facts: Parameters<typeof findBrowser>[0], message: RegExp | string) {
  assert.throws(
    () => findBrowser(facts),
    (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.doesNotMatch(error.message, /\n/);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

describe('findBrowser', () => {
  it('uses CHROME_PATH when it is set and there, before anything else', () => {
    const { facts, calls } = machine({ files: ['/opt/chrome/chrome', DEBIAN_CHROMIUM], env: { CHROME_PATH: '/opt/chrome/chrome' } });
    assert.equal(findBrowser(facts), '/opt/chrome/chrome');
    assert.equal(calls.installs, 0);
  });

  it('fails naming CHROME_PATH when it is set but missing, without falling back or installing', () => {
    const { facts, calls } = machine({
      files: [DEBIAN_CHROMIUM],
      env: { CHROME_PATH: '/opt/nope/chrome', PATH: '/usr/bin' },
      isRoot: true,
      hasAptGet: true,
    });
    assertFails(facts, /^CHROME_PATH is set to \/opt\/nope\/chrome, but no executable is there/);
    assert.equal(calls.installs, 0);
  });

  it("uses Debian's /usr/bin/chromium when CHROME_PATH is not set", () => {
    const { facts } = machine({ files: [DEBIAN_CHROMIUM, '/usr/bin/google-chrome'], env: { PATH: '/usr/bin', CHROME_PATH: '' } });
    assert.equal(findBrowser(facts), DEBIAN_CHROMIUM);
  });

  it('finds google-chrome on PATH, in PATH order, before chromium-browser', () => {
    const { facts } = machine({
      files: ['/opt/b/google-chrome', '/opt/c/google-chrome', '/opt/a/chromium-browser'],
      env: { PATH: ':/opt/a:/opt/b:/opt/c' },
    });
    assert.equal(findBrowser(facts), '/opt/b/google-chrome');
  });

  it('finds chromium-browser on PATH when there is no google-chrome', () => {
    const { facts } = machine({ files: ['/snap/bin/chromium-browser'], env: { PATH: '/usr/bin:/snap/bin' } });
    assert.equal(findBrowser(facts), '/snap/bin/chromium-browser');
  });

  it("installs Debian's chromium when none is found, as root with apt-get, and uses it", () => {
    const { facts, calls } = machine({ isRoot: true, hasAptGet: true, install: (files) => files.add(DEBIAN_CHROMIUM) });
    assert.equal(findBrowser(facts), DEBIAN_CHROMIUM);
    assert.equal(calls.installs, 1);
    assert.equal(calls.logs.length, 1);
    assert.match(calls.logs[0]!, /installing Debian's chromium .*about a minute/);
  });

  it('fails with the one line when none is found and not root', () => {
    const { facts, calls } = machine({ isRoot: false, hasAptGet: true });
    assertFails(facts, NO_BROWSER);
    assert.equal(calls.installs, 0);
  });

  it('fails with the one line when none is found, as root but without apt-get', () => {
    const { facts, calls } = machine({ isRoot: true, hasAptGet: false });
    assertFails(facts, NO_BROWSER);
    assert.equal(calls.installs, 0);
  });

  it('fails with one line giving the reason when the install fails', () => {
    const { facts, calls } = machine({
      isRoot: true,
      hasAptGet: true,
      install: () => {
        throw new Error('apt-get install -y -qq chromium exited with 100\n(details)');
      },
    });
    assertFails(
      facts,
      /^Installing Debian's chromium failed \(apt-get install -y -qq chromium exited with 100 \(details\)\): .*CHROME_PATH/,
    );
    assert.equal(calls.installs, 1);
  });

  it('fails when the install reports success but /usr/bin/chromium is still missing', () => {
    const { facts } = machine({ isRoot: true, hasAptGet: true });
    assertFails(facts, /\/usr\/bin\/chromium is missing: set CHROME_PATH/);
  });
});
