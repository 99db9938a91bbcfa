// The bench's helper processes (sse-server, raw-broadcaster, stream-holder): started with an IPC
// channel, ready once they print their first JSON line, asked things by message.
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Starts a bench script (a path, or a name in bench/) with `--expose-gc` and IPC; resolves with
 * the child and the fields of the first JSON line it prints (its port, say).
 *
 * @example
 * const { child, port } = await startChild('sse-server.mjs', { BENCH_STREAMS_PER_ADDRESS: '5000' });
 * const bare = await startChild('bare-server.mjs', {}, [fixtureFile]);
 */
export function startChild(script, env = {}, args = []) {
  const child = spawn(process.execPath, ['--expose-gc', isAbsolute(script) ? script : join(here, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/**
 * Sends `message` to a child and resolves with its answer: the next message, or with `reply`
 * the next one of that type.
 *
 * @example
 * const { rss } = await ask(child, { type: 'rss' }, 'rss');
 */
export const ask = (child, message, reply) =>
  new Promise((resolve) => {
    const onMessage = (answer) => {
      if (reply !== undefined && answer.type !== reply) return;
      child.off('message', onMessage);
      resolve(answer);
    };
    child.on('message', onMessage);
    child.send(message);
  });
