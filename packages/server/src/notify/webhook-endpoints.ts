import { randomBytes } from 'node:crypto';
import type { Actor, Component, WebhookEndpointView } from '@kdi-status/sdk';
import type { ApiKey, CreateWebhookRequest, EditWebhookRequest, WebhookRegistration } from '@kdi-status/sdk/admin';
import { generateWebhookSecret } from '@kdi-status/sdk/webhooks';
import { keyActor } from '../domain/api-keys.js';
import { ForbiddenError, NotFoundError, UnprocessableError, type FieldError } from '../domain/errors.js';
import type { DeliveryDraft, WebhookEndpoint } from '../store/notification-store.js';
import type { Store } from '../store/store.js';

/**
 * Why a webhook URL is refused (in English, for a field message), or undefined when it is fine:
 * `checkWebhookUrl` (webhook/url-guard.ts) with the server's `allowPrivate`.
 */
export type WebhookUrlCheck = (url: string) => Promise<string | undefined>;

/** What the commands that take a URL need besides the store: the check, and the time. */
export interface WebhookCommandContext {
  store: Store;
  principal: ApiKey;
  at: Date;
  checkUrl: WebhookUrlCheck;
}

/** Who disables an endpoint that kept failing: the outbox worker, not a key. */
export const OUTBOX_ACTOR: Actor = { type: 'system', id: 'outbox' };

/** The owner's notice that an endpoint was disabled is given up when not sent within this. */
export const DISABLED_NOTICE_GIVE_UP_MS = 3 * 24 * 3_600_000;

/** The error the deliveries of a disabled endpoint are failed with. */
export const ENDPOINT_DISABLED = 'endpoint disabled';

/**
 * An endpoint as the API shows it: everything but its secret.
 *
 * @example
 * reply.send(publicEndpoint(await store.webhookEndpoint(id)));
 */
export function publicEndpoint(endpoint: WebhookEndpoint): WebhookEndpointView {
  const { secret: _secret, ...view } = endpoint;
  return view;
}

const newEndpointId = () => `wh_${randomBytes(8).toString('hex')}`;

/** The URL as it will be called (WHATWG-normalised, so what was checked is what is posted), or a 422 on `url`. */
async function checkedUrl(url: string, checkUrl: WebhookUrlCheck): Promise<string> {
  const normalised = new URL(url).href;
  const reason = await checkUrl(normalised);
  if (reason !== undefined) throw new UnprocessableError('webhook_url_refused', [{ field: 'url', message: reason }]);
  return normalised;
}

/** The components named, each once, all live; or a 422 naming each unknown or retired one. */
async function checkedComponents(store: Store, ids: readonly string[] | null, at: Date): Promise<string[] | null> {
  if (ids === null) return null;
  const { components } = await store.snapshot({ since: at.toISOString() });
  const live = new Map<string, Component>(components.filter((c) => !c.retiredAt).map((c) => [c.id, c]));
  const errors: FieldError[] = [];
  ids.forEach((id, index) => {
    if (!live.has(id)) errors.push({ field: `components.${index}`, message: `unknown component "${id}"` });
  });
  if (errors.length) throw new UnprocessableError('unknown_component', errors);
  return [...new Set(ids)];
}

/** A vendor key may see and change only its vendor's endpoints; an admin key every one. */
function assertOwnsEndpoint(principal: ApiKey, endpoint: WebhookEndpoint): void {
  if (principal.role === 'admin' || (endpoint.vendor !== null && endpoint.vendor === principal.vendor)) return;
  throw new ForbiddenError(
    'not_your_webhook',
    `Key ${principal.id} (${principal.vendor}) may not see or change webhook endpoint ${endpoint.id} of ${endpoint.vendor ?? 'admin'}.`,
  );
}

/**
 * The endpoint `id` names, if the key may see it: 404 when there is none, 403 when it is another
 * vendor's (as for incidents).
 *
 * @example
 * const endpoint = await ownedEndpoint(store, principal, 'wh_0123456789abcdef');
 */
export async function ownedEndpoint(store: Store, principal: ApiKey, id: string): Promise<WebhookEndpoint> {
  const endpoint = await store.webhookEndpoint(id);
  if (!endpoint) throw new NotFoundError('webhook_not_found', `No webhook endpoint "${id}".`);
  assertOwnsEndpoint(principal, endpoint);
  return endpoint;
}

/**
 * The endpoints the key may see, oldest first, without their secrets.
 *
 * @example
 * const { endpoints } = { endpoints: await visibleEndpoints(store, principal) };
 */
export async function visibleEndpoints(store: Store, principal: ApiKey): Promise<WebhookEndpointView[]> {
  const all = await store.webhookEndpoints();
  return all
    .filter((e) => principal.role === 'admin' || (e.vendor !== null && e.vendor === principal.vendor))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map(publicEndpoint);
}

/**
 * Registers an endpoint for the key's vendor: the URL checked (no private network unless the
 * server allows it), the components live, a new signing secret. Saving appends the audited
 * `webhook.changed` event (without the secret). The secret is in the answer, and nowhere else.
 *
 * @example
 * const { endpoint, secret } = await registerEndpoint(ctx, { url: 'https://hooks.nord.example/kdi', components: ['sts'], contact: 'drift@nord.example' });
 */
export async function registerEndpoint(ctx: WebhookCommandContext, request: CreateWebhookRequest): Promise<WebhookRegistration> {
  const { store, principal, at } = ctx;
  const url = await checkedUrl(request.url, ctx.checkUrl);
  const components = await checkedComponents(store, request.components, at);
  const endpoint: WebhookEndpoint = {
    id: newEndpointId(),
    url,
    components,
    contact: request.contact,
    vendor: principal.vendor,
    createdBy: principal.id,
    createdAt: at.toISOString(),
    state: 'active',
    disabledAt: null,
    disabledReason: null,
    secret: generateWebhookSecret(),
  };
  await store.saveWebhookEndpoint(endpoint, keyActor(principal), at.toISOString());
  return { endpoint: publicEndpoint(endpoint), secret: endpoint.secret };
}

/**
 * Changes the fields given; `state: 'active'` enables a disabled endpoint again (its failed
 * deliveries stay failed: retry them from the outbox). A change that changes nothing writes no event.
 *
 * @example
 * await changeEndpoint(ctx, 'wh_0123456789abcdef', { state: 'active' });
 */
export async function changeEndpoint(ctx: WebhookCommandContext, id: string, request: EditWebhookRequest): Promise<WebhookEndpointView> {
  const { store, principal, at } = ctx;
  const before = await ownedEndpoint(store, principal, id);
  const after: WebhookEndpoint = { ...before };
  if (request.url !== undefined) after.url = await checkedUrl(request.url, ctx.checkUrl);
  if (request.components !== undefined) after.components = await checkedComponents(store, request.components, at);
  if (request.contact !== undefined) after.contact = request.contact;
  if (request.state === 'active') Object.assign(after, { state: 'active', disabledAt: null, disabledReason: null });
  if (JSON.stringify(after) === JSON.stringify(before)) return publicEndpoint(before);
  await store.saveWebhookEndpoint(after, keyActor(principal), at.toISOString());
  return publicEndpoint(after);
}

/**
 * Gives the endpoint a new signing secret at once (the old one stops working) and returns it, once.
 *
 * @example
 * const { secret } = await rotateEndpointSecret(ctx, 'wh_0123456789abcdef');
 */
export async function rotateEndpointSecret(ctx: Omit<WebhookCommandContext, 'checkUrl'>, id: string): Promise<WebhookRegistration> {
  const { store, principal, at } = ctx;
  const endpoint = { ...(await ownedEndpoint(store, principal, id)), secret: generateWebhookSecret() };
  await store.saveWebhookEndpoint(endpoint, keyActor(principal), at.toISOString());
  return { endpoint: publicEndpoint(endpoint), secret: endpoint.secret };
}

/**
 * Deletes the endpoint: its unsent deliveries fail, and the event log says `deleted`.
 *
 * @example
 * await deleteEndpoint(ctx, 'wh_0123456789abcdef');
 */
export async function deleteEndpoint(ctx: Omit<WebhookCommandContext, 'checkUrl'>, id: string): Promise<void> {
  const { store, principal, at } = ctx;
  await ownedEndpoint(store, principal, id);
  const deleted = await store.deleteWebhookEndpoint(id, keyActor(principal), at.toISOString());
  if (!deleted) throw new NotFoundError('webhook_not_found', `No webhook endpoint "${id}".`);
}

/**
 * The outbox worker's give-up hook for webhooks: the endpoint is disabled with `reason`, its
 * owner's contact gets a `webhook.disabled` mail (written with the change, in one transaction),
 * and its other unsent deliveries fail. An endpoint already disabled, or gone, is left as it is.
 * Returns whether it disabled the endpoint.
 *
 * @example
 * onGiveUp: async (delivery, error) => {
 *   if (delivery.channel === 'webhook') await disableEndpoint(store, delivery.recipient, `gave up: ${error}`, now());
 * }
 */
export async function disableEndpoint(store: Store, endpointId: string, reason: string, at: Date): Promise<boolean> {
  const endpoint = await store.webhookEndpoint(endpointId);
  if (!endpoint || endpoint.state !== 'active') return false;
  const iso = at.toISOString();
  // The reason is the last error (a receiver's answer may be long): the owner needs its start.
  const why = reason.length > 500 ? `${reason.slice(0, 499)}…` : reason;
  const notice: DeliveryDraft = {
    kind: 'webhook.disabled',
    channel: 'mail',
    recipient: `endpoint:${endpoint.id}`,
    subjectId: endpoint.id,
    giveUpAt: new Date(at.getTime() + DISABLED_NOTICE_GIVE_UP_MS).toISOString(),
  };
  await store.saveWebhookEndpoint({ ...endpoint, state: 'disabled', disabledAt: iso, disabledReason: why }, OUTBOX_ACTOR, iso, [notice]);
  await store.failDeliveriesTo(endpoint.id, ENDPOINT_DISABLED, iso);
  return true;
}
