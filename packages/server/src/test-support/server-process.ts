import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
/** The real `kdi-status` bin, run from source as the tests run everything else. */
const NODE_ARGS = ['--conditions=source', '--import', 'tsx', cli];

/**
 * Starts `kdi-status serve` (with `args`, e.g. `--demo`) as its own process (on a free port of 127.0.0.1 unless `env` says
 * otherwise) and resolves once it prints where it runs; rejects with its output if it exits first.
 * `output()` is everything it has printed so far.
 *
 * @example
 * const server = await startServerProcess({ DATABASE_URL: 'sqlite:/tmp/x/db.sqlite' });
 * await fetch(`${server.baseUrl}/api/v1/summary`);
 * await server.stop();
 */
export async function startServerProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ child: ChildProcess; baseUrl: string; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'serve', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /running at (https?:\/\/\S+?)\/? /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, baseUrl, output: () => output, stop };
}

/**
 * Runs the `kdi-status` bin with `args`; resolves to its exit code and output.
 *
 * @example
 * const { code, stdout } = await runCli(['keys', 'create', '--role', 'admin'], { DATABASE_URL });
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...NODE_ARGS, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * A TCP port that was free a moment ago on 127.0.0.1, for a test that must name the port itself.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
