import type { Component, Incident, Maintenance, Vendor } from '@kdi-status/sdk';
import type { WebhookEventType, WebhookPayload } from '@kdi-status/sdk/webhooks';
import type { SendMailOptions } from 'nodemailer';
import type { NotifyConfig } from '../config.js';
import type { Delivery, NoticeKind } from '../store/notification-store.js';
import type { Store } from '../store/store.js';
import { expandDueNotices } from './fan-out.js';
import { composeMail } from './mail/compose-mail.js';
import { renderMail } from './mail/render-mail.js';
import { createMailer } from './mail/smtp-transport.js';
import { createTerminalMailer } from './mail/terminal-mailer.js';
import { noticeEvent, subjectPage } from './notice-subject.js';
import { createOutboxWorker, type Attempt, type OutboxWorkerOptions } from './outbox-worker.js';
import type { Reach } from './recipients.js';
import { subscriptionLinks } from './subscription-links.js';
import { purgeExpiredSignUps } from './subscriptions.js';
import { postWebhook } from './webhook/post-webhook.js';
import { disableEndpoint } from './webhook-endpoints.js';

/** How often the purge of unconfirmed sign-ups runs. */
const PURGE_EVERY_MS = 10 * 60_000;
/** A webhook receiver must answer within this. */
const WEBHOOK_TIMEOUT_MS = 10_000;
const DEFAULT_GIVE_UP_MS = 24 * 3_600_000;

export interface NotifierOptions {
  store: Store;
  now: () => Date;
  /** The landscape as the read model has it now: names, and the dependency paths of notices. */
  landscape: () => { components: readonly Component[]; vendors: readonly Vendor[] };
  /** Where users reach the server (`PUBLIC_URL`, else the address it listens on): the origin of every link. */
  origin: () => string;
  config: NotifyConfig;
  /** Without `SMTP_URL`: print each mail with this instead of sending none (the demo). */
  printMail?: ((text: string) => void) | undefined;
  /** The worker's pace; defaults in outbox-worker.ts. */
  tuning?: Partial<Pick<OutboxWorkerOptions, 'backoff' | 'tickMs'>> & { giveUpMs?: number | undefined };
}

const isIncidentKind = (kind: string) => kind.startsWith('incident.');
const affectedOf = (delivery: Delivery) => (delivery.detail?.affected ?? []) as Reach[];

/**
 * Mail and webhooks from the outbox: the senders of each channel (a mail made from the event and
 * the subscriber as they are when it is sent; a signed Standard Webhooks POST), the worker that
 * drives them, and the housekeeping (unconfirmed sign-ups purged after 48 hours). Without
 * `SMTP_URL` no mail is sent (mail deliveries wait) and `mailEnabled` is false: the site offers no
 * subscription then — unless `printMail` is given (the demo), which prints every mail instead.
 *
 * @example
 * const notifier = createNotifier({ store, now, landscape, origin: () => 'https://status.example', config: config.app.notify });
 * notifier.start();
 * await notifier.stop();
 */
export function createNotifier(options: NotifierOptions) {
  const { store, now, config, landscape, origin } = options;
  const giveUpMs = options.tuning?.giveUpMs ?? DEFAULT_GIVE_UP_MS;
  const mailer = config.smtpUrl
    ? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom ?? 'noreply@localhost', maxConnections: config.concurrency })
    : options.printMail
      ? createTerminalMailer(options.printMail)
      : undefined;
  const from = () => config.mailFrom ?? `Driftsstatus <noreply@${new URL(origin()).hostname}>`;
  const messageId = (delivery: Delivery) => `<delivery-${delivery.id}@${new URL(origin()).hostname}>`;

  /** What a notice delivery tells: the subject as its event left it; a reminder, the window as it is now. */
  async function subjectOf(
    delivery: Delivery,
    event: { data: Incident | Maintenance } | undefined,
  ): Promise<Incident | Maintenance | undefined> {
    if (delivery.kind === 'maintenance.reminder') return store.maintenance(delivery.subjectId);
    return event?.data;
  }

  const eventOf = (delivery: Delivery) => (delivery.seq === null ? undefined : noticeEvent(store, delivery.seq));

  async function mailFor(delivery: Delivery): Promise<SendMailOptions | { skip: string }> {
    const date = now();
    const base = { from: from(), messageId: messageId(delivery), date };
    if (delivery.kind === 'webhook.disabled') {
      const endpoint = await store.webhookEndpoint(delivery.subjectId);
      if (!endpoint) return { skip: 'the endpoint was deleted' };
      const content = renderMail({ kind: 'webhook.disabled', lang: 'da', endpoint });
      return composeMail({ ...base, kind: 'webhook.disabled', to: endpoint.contact, lang: 'da', content });
    }
    if (delivery.kind === 'incident.cause_resolved') return causeResolvedMail(delivery, base);
    const subscriber = await store.subscriber(delivery.recipient);
    if (!subscriber) return { skip: 'the subscriber was deleted' };
    const { lang } = subscriber;
    const links = subscriptionLinks(origin(), subscriber.token);
    const names = landscape();
    const to = subscriber.address;
    if (delivery.kind === 'subscription.confirm') {
      if (subscriber.confirmedAt) return { skip: 'already confirmed' };
      const content = renderMail({
        kind: delivery.kind,
        lang,
        ...names,
        subscribedTo: subscriber.components,
        links: { confirm: links.confirm },
      });
      return composeMail({ ...base, kind: delivery.kind, to, lang, content });
    }
    if (delivery.kind === 'subscription.existing') {
      const content = renderMail({ kind: delivery.kind, lang, links: { manage: links.manage, unsubscribe: links.unsubscribe } });
      return composeMail({ ...base, kind: delivery.kind, to, lang, content, unsubscribeUrl: links.unsubscribe });
    }
    if (!subscriber.confirmedAt) return { skip: 'the subscriber has not confirmed' };
    const subject = await subjectOf(delivery, await eventOf(delivery));
    if (!subject) return { skip: `${delivery.subjectId} is gone` };
    const kind = delivery.kind as Exclude<NoticeKind, 'incident.cause_resolved'>;
    const notice = {
      lang,
      ...names,
      affected: affectedOf(delivery),
      subscribedTo: subscriber.components,
      links: { page: subjectPage(origin(), kind, subject.id, lang), manage: links.manage, unsubscribe: links.unsubscribe },
    };
    const content =
      kind === 'maintenance.reminder'
        ? renderMail({ ...notice, kind, maintenance: subject as Maintenance, reminderLeadHours: config.reminderLeadMs / 3_600_000 })
        : isIncidentKind(kind)
          ? renderMail({ ...notice, kind: kind as 'incident.opened', incident: subject as Incident })
          : renderMail({ ...notice, kind: kind as 'maintenance.scheduled', maintenance: subject as Maintenance });
    return composeMail({ ...base, kind, to, lang, content, unsubscribeUrl: links.unsubscribe });
  }

  /** To the downstream vendor's service desk (`vendor:<id>`), as the vendor's record has it when the mail is sent. */
  async function causeResolvedMail(delivery: Delivery, base: { from: string; messageId: string; date: Date }) {
    const names = landscape();
    const vendor = names.vendors.find((v) => `vendor:${v.id}` === delivery.recipient);
    const to = vendor?.servicedesk.email;
    if (!to) return { skip: 'the vendor has no service desk address' };
    const incident = (await eventOf(delivery))?.data as Incident | undefined;
    if (!incident) return { skip: `${delivery.subjectId} is gone` };
    const page = subjectPage(origin(), delivery.kind, incident.id, 'da');
    const content = renderMail({ kind: 'incident.cause_resolved', lang: 'da', ...names, incident, links: { page } });
    return composeMail({ ...base, kind: 'incident.cause_resolved', to, lang: 'da', content });
  }

  async function sendMail(delivery: Delivery): Promise<Attempt> {
    const message = await mailFor(delivery);
    if ('skip' in message) return message;
    const result = await mailer!.send(message);
    return result.ok ? { ok: true } : result;
  }

  async function sendWebhook(delivery: Delivery): Promise<Attempt> {
    const endpoint = await store.webhookEndpoint(delivery.recipient);
    if (!endpoint) return { skip: 'the endpoint was deleted' };
    if (endpoint.state !== 'active') return { skip: 'the endpoint is disabled' };
    const event = await eventOf(delivery);
    const subject = await subjectOf(delivery, event);
    if (!subject || delivery.seq === null) return { skip: `${delivery.subjectId} is gone` };
    const incident = isIncidentKind(delivery.kind);
    const payload: WebhookPayload = {
      type: delivery.kind as WebhookEventType,
      timestamp: event?.at ?? delivery.createdAt,
      data: {
        seq: delivery.seq,
        ...(incident ? { incident: subject as Incident } : { maintenance: subject as Maintenance }),
        affected: affectedOf(delivery),
        url: subjectPage(origin(), delivery.kind, subject.id, 'da'),
      },
    };
    const result = await postWebhook({
      url: endpoint.url,
      id: `kdi_${delivery.id}`,
      timestamp: Math.floor(now().getTime() / 1000),
      body: JSON.stringify(payload),
      secret: endpoint.secret,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      allowPrivate: config.webhookAllowPrivateNetworks,
    });
    // 410 Gone: the receiver says it is gone for good (Standard Webhooks' convention).
    return result.ok ? { ok: true } : { ok: false, permanent: result.status === 410, error: result.error };
  }

  let lastPurge = 0;
  async function expand(at: Date): Promise<void> {
    if (at.getTime() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = at.getTime();
      await purgeExpiredSignUps({ store, now: () => at });
    }
    await expandDueNotices({ store, components: () => landscape().components, vendors: () => landscape().vendors, giveUpMs }, at);
  }

  const worker = createOutboxWorker({
    store,
    now,
    senders: mailer ? { mail: sendMail, webhook: sendWebhook } : { webhook: sendWebhook },
    expand,
    concurrency: config.concurrency,
    leaseMs: config.leaseMs,
    ...options.tuning,
    onGiveUp: async (delivery, error) => {
      if (delivery.channel !== 'webhook') return;
      await disableEndpoint(store, delivery.recipient, `gave up on delivery ${delivery.id}: ${error}`, now()).catch((failure: unknown) =>
        console.error('disabling a webhook endpoint failed', failure),
      );
    },
  });

  return {
    mailEnabled: mailer !== undefined,
    /** The give-up time of a delivery written at `at`. */
    giveUpAt: (at: Date) => new Date(at.getTime() + giveUpMs).toISOString(),
    worker,
    start: () => worker.start(),
    async stop(): Promise<void> {
      await worker.stop();
      mailer?.close();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
