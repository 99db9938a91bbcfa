import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type Headers, type HeaderLines } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted, as a mail reader would see it (parsed by mailparser). */
export interface ReceivedMail {
  /** With its angle brackets: `<delivery-1@status.example>`. */
  messageId: string | undefined;
  /** The `To:` addresses. */
  to: string[];
  /** The envelope's recipients (`RCPT TO`). */
  envelopeTo: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | false;
  /** Lower-cased names to mailparser's values (`list-unsubscribe` comes parsed: see `headerLines` for the raw line). */
  headers: Headers;
  headerLines: HeaderLines;
}

/** A running sink: where to send, what it received, and the knobs of a test. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for `createMailer`. */
  url: string;
  port: number;
  /** Every accepted message, in arrival order. */
  messages: ReceivedMail[];
  /** Resolves with the messages once at least `n` have arrived; rejects after `timeoutMs` (a guard against a hang, not a timing). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The next `n` messages are refused at the end of DATA with `code` (451: try later; 550: never). */
  failNext(n: number, code: number): void;
  close(): Promise<void>;
}

/** How the sink answers. */
export interface SmtpSinkOptions {
  /** Text of the refusals `failNext` answers with. */
  refusalText?: string;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * A real SMTP server on 127.0.0.1 and a free port, for tests: no TLS, no login, every message
 * parsed back with mailparser's `simpleParser` and kept in `messages`. `failNext` makes it refuse
 * the next messages with an SMTP answer code, to see transient and permanent failures.
 *
 * @example
 * const sink = await startSmtpSink();
 * const mailer = createMailer({ smtpUrl: sink.url, from: 'driftsstatus@status.example', maxConnections: 1 });
 * await mailer.send(message);
 * const [mail] = await sink.waitFor(1);
 * mailer.close();
 * await sink.close();
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const failures: number[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS of each client: nothing here to look up, and it would slow every connection.
    disableReverseLookup: true,
    authOptional: true,
    logger: false,
    // A client that does not quit is cut off soon after close(): tests must not wait 30 s.
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const refusal = failures.shift();
          if (refusal !== undefined) {
            const error = new Error(options.refusalText ?? `Refused by the test sink (${refusal})`) as Error & { responseCode: number };
            error.responseCode = refusal;
            callback(error);
            return;
          }
          messages.push({
            messageId: parsed.messageId,
            to: addresses(parsed.to),
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html ?? false,
            headers: parsed.headers,
            headerLines: parsed.headerLines,
          });
          callback(null, `Queued as ${messages.length}`);
          for (const wake of [...waiters]) wake();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client killed mid-conversation (the crash test SIGKILLs its sender) resets its connection:
  // smtp-server reports that as an 'error', which unheard would be an uncaught exception.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`The SMTP sink received ${messages.length} of ${n} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    failNext(n, code) {
      for (let i = 0; i < n; i++) failures.push(code);
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
