import type { Lang } from '@kdi-status/sdk';
import type { SendMailOptions } from 'nodemailer';
import type { NoticeKind } from '../../store/notification-store.js';
import type { RenderedMail } from './render-mail.js';

interface ComposeBase {
  /** The sender (`MAIL_FROM`): `Driftsstatus <driftsstatus@kombit.example>` or a bare address. */
  from: string;
  to: string;
  lang: Lang;
  content: RenderedMail;
  /** Stable per delivery (`<delivery-42@status.example>`), retries included, so a mail sent twice is recognisably one. */
  messageId: string;
  date: Date;
}

/**
 * What {@link composeMail} needs. A notice, and the "already subscribed" mail, carry the
 * subscriber's unsubscribe URL for the `List-Unsubscribe` headers; the confirmation mail has no
 * subscription to leave yet, and the webhook owner's notice is not a subscription.
 */
export type ComposeMailInput = ComposeBase &
  (
    | { kind: Exclude<NoticeKind, 'incident.cause_resolved'> | 'subscription.existing'; unsubscribeUrl: string }
    | { kind: 'subscription.confirm' | 'webhook.disabled' | 'incident.cause_resolved'; unsubscribeUrl?: undefined }
  );

/**
 * The nodemailer message of a rendered mail: addresses, content, the caller's stable Message-ID,
 * and the headers an automatic mail should have — `Auto-Submitted: auto-generated` (RFC 3834: no
 * auto-replies), `Content-Language`, and on subscription mail RFC 8058's one-click unsubscribe
 * (`List-Unsubscribe` with `List-Unsubscribe-Post`), which mail clients show as a button.
 *
 * @example
 * const message = composeMail({ kind: 'incident.opened', from: config.mailFrom, to: subscriber.address,
 *   lang: subscriber.lang, content: renderMail(input), messageId: `<delivery-${delivery.id}@status.example>`,
 *   date: new Date(), unsubscribeUrl: subscriptionLinks(origin, subscriber.token).unsubscribe });
 * await mailer.send(message);
 */
export function composeMail(input: ComposeMailInput): SendMailOptions {
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'Content-Language': input.lang,
  };
  if (input.unsubscribeUrl !== undefined) {
    headers['List-Unsubscribe'] = `<${input.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: input.from,
    to: input.to,
    subject: input.content.subject,
    text: input.content.text,
    html: input.content.html,
    messageId: input.messageId,
    date: input.date,
    headers,
  };
}
