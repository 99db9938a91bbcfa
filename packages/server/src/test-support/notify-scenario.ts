import { randomBytes } from 'node:crypto';
import { demoSeed } from '../seed/demo-seed.js';
import type { Subscriber } from '../store/notification-store.js';
import type { Store } from '../store/store.js';

/**
 * The demo landscape and `count` confirmed subscribers of `components` in a store (closed after):
 * what the outbox's crash, two-instance and benchmark runs start from. Subscriber `i` is
 * `reader<i>@kommune.example`, Danish for even `i`, English for odd.
 *
 * @example
 * await seedSubscribers(openSqliteStore(file), 1000, ['ky']);
 */
export async function seedSubscribers(store: Store, count: number, components: string[] | null): Promise<void> {
  try {
    await store.migrate();
    const at = new Date().toISOString();
    await store.commitIfNoComponents(demoSeed(new Date(at)), { type: 'system', id: 'seed' }, at);
    for (let i = 0; i < count; i++) await store.saveSubscriber(confirmedSubscriber(i, components, at));
  } finally {
    await store.close();
  }
}

/** Subscriber `i` of `components`, confirmed at `at`. */
export function confirmedSubscriber(i: number, components: string[] | null, at: string): Subscriber {
  return {
    id: `sub_${i}`,
    address: `reader${i}@kommune.example`,
    components,
    lang: i % 2 ? 'en' : 'da',
    token: randomBytes(32).toString('base64url'),
    createdAt: at,
    confirmedAt: at,
    consentVersion: 'test',
    consentedAt: at,
  };
}

/**
 * Opens an incident on Serviceplatformen (which KY depends on) through the admin API over HTTP.
 *
 * @example
 * await openServiceplatformenIncident(server.baseUrl, token);
 */
export async function openServiceplatformenIncident(baseUrl: string, token: string): Promise<{ id: string }> {
  const response = await fetch(`${baseUrl}/api/v1/admin/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: { da: 'Serviceplatformen svarer langsomt', en: 'Serviceplatformen is slow' },
      impact: 'major',
      vendor: 'infra-drift',
      components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
      message: { da: 'Vi undersøger fejlen.', en: 'We are investigating.' },
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 201) throw new Error(`opening the incident answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** Resolves once `ready()` holds, polling every 50 ms; rejects after `timeoutMs` naming `what`. */
export async function until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
