import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import chromiumConfig from '../../scripts/chromium.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(root, 'packages/server/dist/cli.js');

/** CHROME_PATH: what `pnpm test` found or installed (scripts/find-browser.mjs); else Debian's. */
export const CHROMIUM = { executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath, args: chromiumConfig.args };

/** A running `kdi-status serve --demo` from the built CLI, with an admin key made before it started. */
export interface DemoServer {
  baseUrl: string;
  /** `Authorization` value of an admin key (`kdi-status keys create --role admin`). */
  authorization: string;
  /** Opens an incident through the admin API (the first component's vendor answers for it); resolves to its id. */
  openIncident(title: string, components: Array<{ id: string; status: string }>, impact?: string): Promise<string>;
  resolveIncident(id: string): Promise<void>;
  /** Resolves every active incident (the demo seed opens one on Serviceplatformen). */
  resolveAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the built CLI as the README's demo does, on a free port of 127.0.0.1 and a fresh SQLite
 * file, with an admin key created by the CLI on the same DATABASE_URL first.
 *
 * @example
 * const server = await startDemoServer();
 * const id = await server.openIncident('Nedbrud i CPR', [{ id: 'cpr', status: 'major_outage' }]);
 * await server.stop();
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kdi-status-hosts-'));
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dataDir, 'demo.db')}` };
  const { stdout: token } = await promisify(execFile)(process.execPath, [CLI, 'keys', 'create', '--role', 'admin', '--name', 'e2e'], {
    env,
  });
  const authorization = `Bearer ${token.trim()}`;

  const child = spawn(process.execPath, [CLI, 'serve', '--demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/running at (http:\/\/\S+?)\/? /);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });

  const admin = async (method: string, path: string, body: unknown): Promise<{ id?: string }> => {
    const response = await fetch(`${baseUrl}/api/v1/admin${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id?: string };
  };
  const resolveIncident = async (id: string) => {
    await admin('POST', `/incidents/${id}/resolve`, { message: { da: 'Fejlen er rettet.' } });
  };

  return {
    baseUrl,
    authorization,
    async openIncident(title, components, impact = 'major') {
      // An admin key without a vendor must name the one responsible: the owner of the first component.
      const component = (await (await fetch(`${baseUrl}/api/v1/components/${components[0]!.id}`)).json()) as { vendor: string };
      const body = { title: { da: title }, impact, vendor: component.vendor, components, message: { da: 'Vi undersøger fejlen.' } };
      const incident = await admin('POST', '/incidents', body);
      return incident.id!;
    },
    resolveIncident,
    async resolveAll() {
      const response = await fetch(`${baseUrl}/api/v1/incidents?state=active`);
      const { incidents } = (await response.json()) as { incidents: Array<{ id: string }> };
      for (const { id } of incidents) await resolveIncident(id);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
