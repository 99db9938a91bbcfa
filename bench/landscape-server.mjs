// A bench target, run as a child process: the real kdi-status server (built) on a fresh SQLite
// file holding a generated landscape of BENCH_COMPONENTS components (default 1,000) instead of
// the demo: 50 vendors; 40 external and support systems and 10 infrastructure components that
// the fagløsninger depend on (owned by 5 platform vendors); the fagløsninger (the other 45), each on 3–8 of those; `fag-0`, the one the bench
// looks at, on exactly 10 (its closure: itself and 10 more). Five active incidents (one on a
// dependency of fag-0) and three upcoming maintenance windows (one on fag-0). Committed through
// the store, as an import is, before the app starts. Prints { port, target, closure } on stdout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, openStore } from '../packages/server/dist/index.js';

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 1000);
const now = new Date();
const at = now.toISOString();
const hours = (h) => new Date(now.getTime() + h * 3_600_000).toISOString();

/** mulberry32: the same landscape every run. */
let seed = 9;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list, n) => {
  const picked = new Set();
  while (picked.size < n) picked.add(list[Math.floor(random() * list.length)]);
  return [...picked];
};

const vendors = Array.from({ length: 50 }, (_, i) => ({
  id: `vendor-${i}`,
  name: `Leverandør ${i} A/S`,
  servicedesk: { email: `servicedesk@vendor-${i}.example`, phone: '+45 70 00 00 00', hours: 'Hverdage 08.00-16.00' },
}));
// The shared systems belong to the 5 platform vendors (as KOMBIT's støttesystemer do), the fagløsninger to the other 45.
const vendorOf = (i, shared = false) => vendors[shared ? i % 5 : 5 + (i % 45)].id;
const component = (id, name, kind, group, dependsOn, i) => ({
  id,
  name,
  kind,
  group,
  vendor: vendorOf(i, kind !== 'application'),
  dependsOn,
  status: 'operational',
  links: { support: `https://support.example.dk/${id}` },
});

const external = Array.from({ length: 15 }, (_, i) => component(`ekstern-${i}`, `Ekstern tjeneste ${i}`, 'external', 'Eksterne', [], i));
const support = Array.from({ length: 25 }, (_, i) =>
  component(`stotte-${i}`, `Støttesystem ${i}`, 'support-system', 'Støttesystemer', i < 5 ? [] : [`stotte-${i % 5}`], i),
);
const infra = Array.from({ length: 10 }, (_, i) =>
  component(`infra-${i}`, `Infrastruktur ${i}`, 'infrastructure', 'Infrastruktur', [`ekstern-${i}`], i),
);
const shared = [...external, ...support, ...infra];
// fag-0: infra-1 (→ ekstern-1), stotte-7 (→ stotte-2) and six leaves: 10 components in its closure besides itself.
const target = component(
  'fag-0',
  'Fagløsning 0 – Ydelser',
  'application',
  'Fagløsninger',
  ['infra-1', 'stotte-7', 'stotte-0', 'stotte-1', 'ekstern-12', 'ekstern-13', 'ekstern-14', 'stotte-3'],
  0,
);
const fagløsninger = Array.from({ length: COMPONENTS - shared.length - 1 }, (_, i) =>
  component(
    `fag-${i + 1}`,
    `Fagløsning ${i + 1}`,
    'application',
    'Fagløsninger',
    pick(
      shared.map((c) => c.id),
      3 + Math.floor(random() * 6),
    ),
    i + 1,
  ),
);

const incident = (id, componentId, status, vendor) => ({
  id,
  title: { da: `Driftsforstyrrelse i ${componentId}`, en: `Partial outage in ${componentId}` },
  impact: 'major',
  status: 'identified',
  vendor,
  components: [{ id: componentId, status }],
  updates: [
    { id: `${id}-u2`, at, status: 'identified', message: { da: 'Fejlen er fundet, og vi arbejder på en rettelse.' }, author: vendor },
    { id: `${id}-u1`, at, status: 'investigating', message: { da: 'Vi undersøger fejlen. Opslag kan være langsomme.' }, author: vendor },
  ],
  startedAt: at,
  resolvedAt: null,
  updatedAt: at,
});
const incidents = [
  incident('inc-0', 'stotte-2', 'partial_outage', vendorOf(2, true)), // in fag-0's closure (through stotte-7)
  incident('inc-1', 'infra-5', 'major_outage', vendorOf(5, true)),
  incident('inc-2', 'stotte-14', 'degraded_performance', vendorOf(14, true)),
  incident('inc-3', 'fag-500', 'partial_outage', vendorOf(500)),
  incident('inc-4', 'ekstern-8', 'degraded_performance', vendorOf(8, true)),
];
const maintenance = (id, components, vendor, h) => ({
  id,
  title: { da: 'Planlagt opdatering', en: 'Planned upgrade' },
  description: { da: 'Produktionsmiljøet opdateres. Løsningen er ikke tilgængelig i vinduet.' },
  status: 'scheduled',
  vendor,
  components,
  startsAt: hours(h),
  endsAt: hours(h + 8),
  updatedAt: at,
});
const maintenances = [
  maintenance('m-0', ['fag-0'], vendorOf(0), 24),
  maintenance('m-1', ['infra-7'], vendorOf(7, true), 30),
  maintenance('m-2', ['fag-700', 'fag-701'], vendorOf(700), 40),
];

const dir = mkdtempSync(join(tmpdir(), 'kdi-bench-landscape-'));
const store = openStore(`sqlite:${join(dir, 'bench.db')}`);
await store.migrate();
await store.commit(
  [
    ...vendors.map((data) => ({ type: 'vendor.changed', data })),
    ...[...shared, target, ...fagløsninger].map((data) => ({ type: 'component.changed', data })),
    ...incidents.map((data) => ({ type: 'incident.changed', data })),
    ...maintenances.map((data) => ({ type: 'maintenance.changed', data })),
  ],
  { type: 'system', id: 'bench' },
  at,
);
const app = await createApp({ store, seed: false, scheduler: false, logLevel: 'error' });
await app.http.listen({ port: 0, host: '127.0.0.1' });
const components = app.readModel.current().view.summary.components.length;
console.log(JSON.stringify({ port: app.http.server.address().port, target: target.id, components }));
