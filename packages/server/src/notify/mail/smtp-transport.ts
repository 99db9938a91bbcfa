import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

/** How one message went: accepted (the server's answer), or refused for good (5xx) or for now (4xx, the connection). */
export type SendResult = { ok: true; response: string } | { ok: false; permanent: boolean; error: string };

/** A pooled SMTP connection to the relay: send one message at a time from any number of callers; close once. */
export interface Mailer {
  send(message: SendMailOptions): Promise<SendResult>;
  close(): void;
}

/** Where the relay is, who sends, and how many connections the pool may hold open. */
export interface MailerOptions {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered, port 25) or `smtps://…` (TLS, port 465). */
  smtpUrl: string;
  /** The sender used when a message has none (`MAIL_FROM`). */
  from: string;
  /** Connections the pool opens at most. */
  maxConnections: number;
}

/**
 * An SMTP URL that cannot be used; the message names what is wrong, never the password. A startup
 * error (config.ts checks `SMTP_URL` first), never an HTTP answer: so it has no problem `code`.
 */
export class SmtpUrlError extends Error {
  override readonly name = 'SmtpUrlError';
}

// A relay that does not answer within these is down for now: the delivery is retried later.
const CONNECTION_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * A mailer on nodemailer's pooled SMTP transport. `send` never throws: it tells an accepted
 * message from a permanent refusal (a 5xx answer, or a message nodemailer cannot address) and a
 * transient one (a 4xx answer, a connection that failed or timed out, and a refused login — the
 * operator's configuration, which fixing must not find every delivery given up).
 *
 * @example
 * const mailer = createMailer({ smtpUrl: 'smtp://relay.kombit.example:25', from: 'Driftsstatus <driftsstatus@kombit.example>', maxConnections: 2 });
 * const result = await mailer.send(composeMail(input));
 * if (!result.ok && result.permanent) await store.finishDelivery(id, worker, { state: 'failed', at, error: result.error });
 * mailer.close();
 */
export function createMailer(options: MailerOptions): Mailer {
  const url = parseSmtpUrl(options.smtpUrl);
  const pool: SMTPPool.Options = {
    pool: true,
    maxConnections: options.maxConnections,
    host: url.host,
    port: url.port,
    secure: url.secure,
    ...(url.auth ? { auth: url.auth } : {}),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  };
  const transport = nodemailer.createTransport(pool, { from: options.from });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail(message);
        return { ok: true, response: info.response };
      } catch (error) {
        return refusal(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** An SMTP error as nodemailer gives it: `responseCode` when the server answered. */
interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

function refusal(error: unknown): SendResult {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpError;
  const answer = e.responseCode;
  const label = answer ?? e.code ?? 'error';
  const text = `${label}: ${e.message ?? String(error)}`;
  if (e.code === 'EAUTH') return { ok: false, permanent: false, error: text };
  if (answer !== undefined) return { ok: false, permanent: answer >= 500 && answer < 600, error: text };
  // No answer: an address nodemailer cannot send to will not get better; the connection might.
  return { ok: false, permanent: e.code === 'EENVELOPE', error: text };
}

/** Where and how to connect, from an SMTP URL. */
export interface SmtpTarget {
  host: string;
  port: number;
  /** TLS from the start (`smtps://`); `smtp://` upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

/**
 * `smtp://` or `smtps://`, a host, an optional port (25, 465), optional percent-encoded user and
 * password. Throws {@link SmtpUrlError} for anything else.
 *
 * @example
 * parseSmtpUrl('smtps://drift%40kombit:hemmelig@relay.example'); // { host: 'relay.example', port: 465, secure: true, auth: { user: 'drift@kombit', pass: 'hemmelig' } }
 */
export function parseSmtpUrl(smtpUrl: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new SmtpUrlError('The SMTP URL is not a URL: expected smtp://host[:port] or smtps://host[:port].');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new SmtpUrlError(`The SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//.`);
  if (!url.hostname) throw new SmtpUrlError('The SMTP URL has no host.');
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 465 : 25;
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return { host, port, secure, ...(auth ? { auth } : {}) };
}
