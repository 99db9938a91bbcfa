import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signWebhook } from '@kdi-status/sdk/webhooks';
import { checkWebhookUrl, publicOnlyLookup } from './url-guard.js';

/** How much of a receiver's answer is read: it only ever goes into `error`, and a receiver may answer with anything. */
export const WEBHOOK_ANSWER_LIMIT = 64 * 1024;
/** How much of a failed answer's body `error` quotes. */
const QUOTED = 200;

/** One attempt of one webhook delivery. */
export interface PostWebhookRequest {
  url: string;
  /** `webhook-id`: the same on every attempt of one delivery, so the receiver can drop repeats. */
  id: string;
  /** `webhook-timestamp`, unix seconds: the time of this attempt. */
  timestamp: number;
  /** The JSON body, exactly as signed. */
  body: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** For the whole request: connecting, sending, and reading the answer. */
  timeoutMs: number;
  /** http: and private addresses allowed (development and tests). */
  allowPrivate: boolean;
}

/** How one attempt went: a 2xx answer is `ok`; anything else says why in `error` (kept as the delivery's last error). */
export type PostWebhookResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

/**
 * POSTs one signed webhook (Standard Webhooks headers `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) and tells how it went. Never throws. The URL is checked again before
 * sending and each address again as the socket connects (see url-guard.ts); a redirect is
 * not followed but counts as a failure (following one would send the signed body somewhere
 * nobody registered); at most {@link WEBHOOK_ANSWER_LIMIT} of the answer is read; after
 * `timeoutMs` the request is abandoned, however far it got.
 *
 * @example
 * const result = await postWebhook({ url: endpoint.url, id: `msg_${delivery.id}`, timestamp: Math.floor(Date.now() / 1000),
 *   body: JSON.stringify(payload), secret: endpoint.secret, timeoutMs: 10_000, allowPrivate: false });
 * if (!result.ok) console.warn(result.error); // 'HTTP 503: Service Unavailable'
 */
export async function postWebhook(request: PostWebhookRequest): Promise<PostWebhookResult> {
  const { url, id, timestamp, body, secret, timeoutMs, allowPrivate } = request;
  const refused = await checkWebhookUrl(url, { allowPrivate });
  if (refused) return { ok: false, error: `URL ${refused}` };
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'kdi-status-webhook',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook({ id, timestamp, body, secret }),
  };
  const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<PostWebhookResult>((resolve) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const finish = (result: PostWebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    try {
      // `agent: false`: a connection of its own, checked by the lookup, never a pooled one.
      req = send(url, { method: 'POST', headers, agent: false, ...(allowPrivate ? {} : { lookup: publicOnlyLookup }) });
    } catch (error) {
      // A header node:http refuses (a control character in the id): no attempt can succeed.
      return finish({ ok: false, error: `could not send: ${error instanceof Error ? error.message : String(error)}` });
    }
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: connectError(error) }));
    req.on('response', (res) => readAnswer(res, finish));
    req.end(body);
  });
}

function connectError(error: NodeJS.ErrnoException): string {
  if (error.code === 'EPRIVATEADDRESS') return error.message;
  return `could not send: ${error.code ?? error.message}`;
}

/** Reads up to the limit and decides by the status; a body past the limit is not waited for. */
function readAnswer(res: IncomingMessage, finish: (result: PostWebhookResult) => void): void {
  const status = res.statusCode ?? 0;
  const chunks: Buffer[] = [];
  let size = 0;
  const decide = () => {
    if (status >= 200 && status < 300) return finish({ ok: true, status });
    if (status >= 300 && status < 400) {
      const location = res.headers.location;
      return finish({ ok: false, status, error: `HTTP ${status}: redirect${location ? ` to ${location}` : ''} not followed` });
    }
    const quoted = Buffer.concat(chunks)
      .toString('utf8', 0, Math.min(size, QUOTED * 4))
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, QUOTED);
    finish({ ok: false, status, error: `HTTP ${status}${quoted ? `: ${quoted}` : ''}` });
  };
  res.on('data', (chunk: Buffer) => {
    const room = WEBHOOK_ANSWER_LIMIT - size;
    if (room > 0) chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
    size += chunk.length;
    if (size >= WEBHOOK_ANSWER_LIMIT) decide();
  });
  res.on('end', decide);
  // A receiver that hangs up mid-answer still answered with a status.
  res.on('error', decide);
  res.on('close', decide);
}
