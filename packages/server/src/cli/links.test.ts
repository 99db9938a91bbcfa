import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Incident } from '@kdi-status/sdk';
import type { DisputeList } from '@kdi-status/sdk/admin';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status incident link|unlink|dispute|settle` and `kdi-status disputes`, in-process,
// against a real server on a real SQLite file (the SDK's admin client between them).

describe('CLI: linked incidents, disputes, settlement', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  const token: Record<string, string> = {};

  before(async () => {
    server = await startListeningApp({ scheduler: false, logLevel: 'silent', notify: { worker: false } });
    token.fagsys = await createTestKey(server.app.store, 'vendor', 'fagsys-nord');
    token.infra = await createTestKey(server.app.store, 'vendor', 'infra-drift');
    token.admin = await createTestKey(server.app.store, 'admin', null);
  });
  after(() => server.close());

  const cli = async (who: string, argv: string[]) => {
    const io = captureIo({ env: { KDI_STATUS_SERVER: server.baseUrl, KDI_STATUS_TOKEN: token[who]! } });
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  const open = async (who: string, component: string): Promise<string> => {
    const opened = await cli(who, [
      'incident',
      'open',
      '--title',
      `Fejl i ${component}`,
      '--impact',
      'major',
      '--component',
      `${component}=major_outage`,
      '--message',
      'Vi undersøger fejlen',
      '--json',
    ]);
    assert.equal(opened.code, 0, opened.err);
    return (JSON.parse(opened.out) as Incident).id;
  };

  it('links, disputes, lists and settles, printing readable lines and tables, or JSON', async () => {
    const ky = await open('fagsys', 'ky');
    const sp = await open('infra', 'serviceplatformen');

    const refused = await cli('infra', ['incident', 'link', ky, '--caused-by', sp]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /not_your_incident|may not change incident/);

    const linked = await cli('fagsys', ['incident', 'link', ky, '--caused-by', sp]);
    assert.equal(linked.code, 0, linked.err);
    assert.match(linked.out, new RegExp(`Linked incident ${ky} to ${sp}`));
    assert.match(linked.out, /caused by +\S+ \(infra-drift: serviceplatformen\)/);
    assert.match(linked.out, /link +linked, by fagsys-nord/);

    // The demo seed holds one disputed link of its own; this one is not listed until disputed.
    const before = await cli('admin', ['disputes']);
    assert.equal(before.code, 0, before.err);
    assert.ok(!before.out.includes(ky), 'not disputed yet');

    const disputed = await cli('infra', ['incident', 'dispute', ky, '--reason', 'Fejlen er ikke hos os']);
    assert.equal(disputed.code, 0, disputed.err);
    assert.match(disputed.out, /disputed +by infra-drift .*: Fejlen er ikke hos os/);

    const listed = await cli('admin', ['disputes']);
    assert.equal(listed.code, 0, listed.err);
    const [header, ...rows] = listed.out.trimEnd().split('\n');
    const row = rows.find((line) => line.startsWith(ky));
    assert.match(header!, /^INCIDENT +VENDOR +CAUSED BY +CAUSE VENDOR +DISPUTED +BY +REASON$/);
    assert.match(row!, new RegExp(`^${ky} +fagsys-nord +${sp} +infra-drift +.+ +infra-drift +Fejlen er ikke hos os$`));
    const json = await cli('admin', ['disputes', '--json']);
    assert.deepEqual(
      (JSON.parse(json.out) as DisputeList).disputes.filter((d) => d.incident.id === ky).map((d) => [d.incident.id, d.upstream?.id]),
      [[ky, sp]],
    );

    const usage = await cli('admin', ['incident', 'settle', ky, '--outcome', 'move', '--reason', 'Andet sted']);
    assert.equal(usage.code, 2, 'move without --caused-by is wrong usage');
    assert.match(usage.err, /caused-by/);

    const settled = await cli('admin', ['incident', 'settle', ky, '--outcome', 'confirm', '--reason', 'Loggen viser SP', '--json']);
    assert.equal(settled.code, 0, settled.err);
    const incident = JSON.parse(settled.out) as Incident;
    assert.deepEqual([incident.causedBy?.state, incident.causedBy?.settlement?.reason], ['confirmed', 'Loggen viser SP']);

    const vendorUnlink = await cli('fagsys', ['incident', 'unlink', ky]);
    assert.equal(vendorUnlink.code, 1, 'a link KOMBIT confirmed is not the vendor’s to remove');
    assert.match(vendorUnlink.err, /link_confirmed|KOMBIT confirmed/);
    const unlinked = await cli('admin', ['incident', 'unlink', ky]);
    assert.equal(unlinked.code, 0, unlinked.err);
    assert.match(unlinked.out, /caused by +-/);
  });
});
