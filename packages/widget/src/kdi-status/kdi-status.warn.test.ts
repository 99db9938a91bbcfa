import { expect, waitUntil } from '@open-wc/testing';
import { HttpResponse } from 'msw';
import { stsIncidentSummary, summary } from '../internal/test-fixtures.js';
import { mount, PATIENCE, place, serve, shadow, state, text, useTestServer } from '../internal/test-server.js';
import './kdi-status.js';

/** Collects console.warn calls while `run` runs. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('<kdi-status> misconfiguration and slow servers', () => {
  useTestServer();

  it('warns once, with a code, of a component id the server does not know, and shows the rest', async () => {
    const seen = await warnings(async () => {
      serve(stsIncidentSummary(), stsIncidentSummary(), summary());
      const { el, changes } = await mount('ky,nope', { pollInterval: 0.05 });
      expect(text(el)).to.contain('Fejl inc-sts');
      await waitUntil(() => changes.length === 2, 'no second poll', PATIENCE);
    });
    expect(seen).to.deep.equal(['[kdi-status] KDI_STATUS_UNKNOWN_COMPONENT: "nope" unknown to https://status.test/; ignored']);
  });

  it('warns of an unknown variant and shows the banner', async () => {
    const seen = await warnings(async () => {
      serve(stsIncidentSummary());
      const { el } = await mount('ky', { variant: 'cards' });
      expect(shadow(el).querySelector('section') !== null).to.equal(true);
      el.requestUpdate();
      await el.updateComplete;
    });
    expect(seen).to.deep.equal(['[kdi-status] KDI_STATUS_UNKNOWN_VARIANT: variant="cards" unknown; showing banner']);
  });

  it('warns when there is no server to ask, and says so in the card', async () => {
    const seen = await warnings(async () => {
      const el = place('ky', { server: 'javascript:alert(1)', variant: 'card' });
      await el.updateComplete;
      expect(text(el)).to.contain('Driftsstatus kan ikke hentes lige nu');
    });
    expect(seen).to.have.length(1);
    expect(seen[0]).to.match(/^\[kdi-status\] KDI_STATUS_NO_SERVER: /);
  });

  it('passes the timeout attribute to the client: a server slower than the default timeout still gets its answer', async () => {
    const slow = () => new Promise<Response>((resolve) => setTimeout(() => resolve(HttpResponse.json(stsIncidentSummary())), 600));
    serve(slow);
    const short = place('ky', { variant: 'card', timeout: 0.2, 'poll-interval': 60 });
    await waitUntil(() => state(short).failing, 'a 0.2 s timeout did not fail on a 0.6 s server', PATIENCE);
    short.remove();
    const patient = place('ky', { variant: 'card', timeout: 3 });
    await waitUntil(() => text(patient).includes('Driftsforstyrrelse'), 'a 3 s timeout did not wait for a 0.6 s server', PATIENCE);
    expect(state(patient).failing).to.equal(false);
  });
});
