import type { Component, ContentItem, Incident, Vendor } from '@kdi-status/sdk';
import type { App } from '../app.js';

/** Text an operator could write to break a page: markup, event handlers, script URLs, an RTL override. */
export const HOSTILE = {
  script: '<script>window.__pwned = 1</script>',
  handler: '"><img src=x onerror="window.__pwned=2">',
  rtl: 'Nedbrud \u202Etxt.exe',
  jsUrl: 'javascript:window.__pwned=3',
  dataUrl: 'data:text/html,<script>window.__pwned=4</script>',
};

/**
 * Writes a vendor, a component, an incident and a content item full of hostile text straight
 * into the store (past the API's validation, as an old or imported database could hold them) and
 * refreshes the read model. Test support for the site's tests.
 *
 * @example
 * await writeHostileData(app); // then GET /c/evil, /incidents/evil-1
 */
export async function writeHostileData(app: App): Promise<void> {
  const at = new Date().toISOString();
  const vendor: Vendor = {
    id: 'evil-vendor',
    name: HOSTILE.script,
    servicedesk: { email: 'x@evil.example', phone: HOSTILE.handler, hours: HOSTILE.rtl, url: HOSTILE.jsUrl },
  };
  const component: Component = {
    id: 'evil',
    name: `Ond ${HOSTILE.script}`,
    description: HOSTILE.handler,
    kind: 'application',
    vendor: 'evil-vendor',
    dependsOn: ['ky'],
    status: 'partial_outage',
    statusReason: HOSTILE.rtl,
    links: { support: HOSTILE.dataUrl },
  };
  const incident: Incident = {
    id: 'evil-1',
    title: { da: `Fejl ${HOSTILE.script}`, en: `Fault ${HOSTILE.handler}` },
    impact: 'major',
    status: 'identified',
    vendor: 'evil-vendor',
    components: [{ id: 'evil', status: 'partial_outage' }],
    updates: [
      { id: 'u1', at, status: 'investigating', message: { da: HOSTILE.handler }, author: HOSTILE.script },
      {
        id: 'u2',
        at,
        status: 'identified',
        message: { da: `Se ${HOSTILE.jsUrl} ${HOSTILE.rtl}` },
        author: 'evil-vendor',
        corrections: [{ at, message: { da: HOSTILE.script }, author: 'evil-vendor' }],
      },
    ],
    startedAt: at,
    resolvedAt: null,
    updatedAt: at,
  };
  const news: ContentItem = {
    id: 'evil-news',
    componentId: 'evil',
    type: 'news',
    title: { da: HOSTILE.script },
    body: { da: `${HOSTILE.handler} ${HOSTILE.dataUrl}` },
    date: at,
    updatedAt: at,
  };
  await app.store.commit(
    [
      { type: 'vendor.changed', data: vendor },
      { type: 'component.changed', data: component },
      { type: 'incident.changed', data: incident },
      { type: 'content.changed', data: news },
    ],
    { type: 'system', id: 'test' },
    at,
  );
  await app.readModel.refresh();
}
