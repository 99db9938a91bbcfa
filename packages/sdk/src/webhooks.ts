// `@kdi-status/sdk/webhooks`: signing and verifying webhooks as Standard Webhooks does
// (https://www.standardwebhooks.com/), and the payload they carry. Node only (node:crypto), and
// kept off the package root so that a browser bundle never carries it. The build has no ambient
// types (tsconfig.build.json): this entry alone needs Node's.
/// <reference types="node" />
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KdiStatusError, SchemaValidationError } from './client/errors.js';
import { WebhookPayloadSchema, type WebhookPayload } from './schemas/webhook-payload.js';

export * from './schemas/webhook-payload.js';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** The HMAC key of a `whsec_<base64>` secret: its base64-decoded part (the prefix is optional, as the reference libraries have it). */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded === '' || !BASE64.test(encoded)) throw new TypeError('A webhook secret is "whsec_" and base64');
  return Buffer.from(encoded, 'base64');
}

function digest(key: Buffer, id: string, timestamp: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** What a webhook is signed from: `webhook-id`, `webhook-timestamp` (unix seconds), the exact body bytes, the endpoint's secret. */
export interface WebhookSignatureInput {
  id: string;
  timestamp: number;
  body: string | Uint8Array;
  secret: string;
}

/**
 * The `webhook-signature` header for one message: `v1,` and the base64 HMAC-SHA256 of
 * `${id}.${timestamp}.${body}` keyed with the secret's decoded bytes.
 *
 * @example
 * const timestamp = Math.floor(Date.now() / 1000);
 * const headers = {
 *   'webhook-id': 'msg_42',
 *   'webhook-timestamp': String(timestamp),
 *   'webhook-signature': signWebhook({ id: 'msg_42', timestamp, body, secret }),
 * };
 */
export function signWebhook({ id, timestamp, body, secret }: WebhookSignatureInput): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('A webhook timestamp is whole unix seconds');
  return `v1,${digest(secretKey(secret), id, timestamp, body).toString('base64')}`;
}

/**
 * A new signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks asks for 24 to 64).
 *
 * @example
 * const secret = generateWebhookSecret(); // 'whsec_q1Jm…'
 */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Why {@link verifyWebhook} refused a webhook (`WebhookVerificationError.reason`). */
export const WEBHOOK_VERIFICATION_REASONS = ['missing_header', 'bad_timestamp', 'too_old', 'too_new', 'no_matching_signature'] as const;
export type WebhookVerificationReason = (typeof WEBHOOK_VERIFICATION_REASONS)[number];

/**
 * A webhook that must not be trusted: a header missing, a timestamp that is not unix seconds or
 * outside the tolerance (a replay, or a clock far off), or no signature made with the secret
 * (tampered, or signed with another secret). Answer it with 400 or 401 and do nothing.
 *
 * @example
 * try { verifyWebhook({ secret, headers, body }); } catch (e) { if (isWebhookVerificationError(e)) console.warn(e.reason); }
 */
export class WebhookVerificationError extends KdiStatusError {
  declare readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super('webhook_verification', message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

/**
 * True for a {@link WebhookVerificationError}, from any realm.
 *
 * @example
 * if (isWebhookVerificationError(e)) res.writeHead(401).end();
 */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  // The brand every KdiStatusError carries (client/errors.ts): `instanceof` fails across realms.
  return (
    typeof error === 'object' &&
    error !== null &&
    Symbol.for('kdi-status.error') in error &&
    (error as { name?: unknown }).name === 'WebhookVerificationError'
  );
}

/** Request headers as node:http gives them (lower-case names) or as fetch does (`Headers`). */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = name in record ? name : Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.join(' ');
}

/** What {@link verifyWebhook} checks: the secret, and the request's headers and body as received. */
export interface VerifyWebhookOptions {
  secret: string;
  headers: WebhookHeaders;
  /** The body exactly as received: parsing and serialising it again changes the bytes signed. */
  body: string | Uint8Array;
  /** How far `webhook-timestamp` may be from `now`, either way. Default 300 (five minutes). */
  toleranceSeconds?: number;
  /** Default: the clock. */
  now?: Date;
}

/**
 * Checks a received webhook and returns its payload: the three `webhook-*` headers are there,
 * the timestamp is within `toleranceSeconds` of now, and one of the `v1` signatures in
 * `webhook-signature` (a space-separated list: a sender rotating its secret signs with both) is
 * the body's under `secret`. Throws {@link WebhookVerificationError} when not,
 * `SchemaValidationError` when a signed body is not a {@link WebhookPayload}, and `TypeError`
 * when `secret` is not a `whsec_` secret (a receiver's configuration, not the sender's fault).
 *
 * @example
 * import { createServer } from 'node:http';
 * import { isWebhookVerificationError, verifyWebhook } from '@kdi-status/sdk/webhooks';
 *
 * createServer(async (req, res) => {
 *   const chunks: Buffer[] = [];
 *   for await (const chunk of req) chunks.push(chunk);
 *   try {
 *     const payload = verifyWebhook({ secret: process.env.KDI_WEBHOOK_SECRET!, headers: req.headers, body: Buffer.concat(chunks) });
 *     console.log(payload.type, payload.data.url);
 *     res.writeHead(204).end();
 *   } catch (e) {
 *     res.writeHead(isWebhookVerificationError(e) ? 401 : 400).end();
 *   }
 * }).listen(8080);
 */
export function verifyWebhook({ secret, headers, body, toleranceSeconds = 300, now = new Date() }: VerifyWebhookOptions): WebhookPayload {
  const key = secretKey(secret);
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestampText],
    ['webhook-signature', signatures],
  ].find(([, value]) => !value);
  if (missing) throw new WebhookVerificationError('missing_header', `The ${missing[0]} header is missing`);
  if (!/^\d{1,15}$/.test(timestampText!)) throw new WebhookVerificationError('bad_timestamp', 'webhook-timestamp is not unix seconds');
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) throw new WebhookVerificationError('too_old', 'webhook-timestamp is too old');
  if (timestamp > nowSeconds + toleranceSeconds) throw new WebhookVerificationError('too_new', 'webhook-timestamp is in the future');

  const expected = digest(key, id!, timestamp, body);
  const matches = signatures!.split(' ').some((signature) => {
    const [version, encoded] = signature.split(',', 2);
    if (version !== 'v1' || !encoded || !BASE64.test(encoded)) return false;
    const given = Buffer.from(encoded, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no_matching_signature', 'No webhook-signature matches the body under this secret');

  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SchemaValidationError('webhook', [{ path: '', message: 'the body is not JSON' }]);
  }
  const parsed = WebhookPayloadSchema.safeParse(json);
  if (!parsed.success)
    throw new SchemaValidationError(
      'webhook',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  return parsed.data;
}
