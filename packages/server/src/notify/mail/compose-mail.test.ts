import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTICE_KINDS } from '../../store/notification-store.js';
import { composeMail } from './compose-mail.js';

const content = { subject: 'Løst: Nedbrud i STS', text: 'Løst\n', html: '<!doctype html>\n<html lang="da"></html>\n' };
const base = {
  from: 'Driftsstatus <driftsstatus@status.example>',
  to: 'borger@example.dk',
  lang: 'da' as const,
  content,
  messageId: '<delivery-1@status.example>',
  date: new Date('2026-11-26T08:08:00.000Z'),
};

describe('composeMail', () => {
  it('gives every notice kind the one-click unsubscribe headers, Auto-Submitted and Content-Language', () => {
    // The service desk's cause_resolved mail is no subscription: it has none (its own test below).
    for (const kind of NOTICE_KINDS.filter((k) => k !== 'incident.cause_resolved')) {
      const message = composeMail({ ...base, kind, unsubscribeUrl: 'https://status.example/abonnement/afmeld/tok' });
      assert.deepEqual(
        message.headers,
        {
          'Auto-Submitted': 'auto-generated',
          'Content-Language': 'da',
          'List-Unsubscribe': '<https://status.example/abonnement/afmeld/tok>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        kind,
      );
    }
  });

  it('keeps the caller s Message-ID, date, addresses and both parts', () => {
    const message = composeMail({ ...base, kind: 'webhook.disabled' });
    assert.equal(message.messageId, '<delivery-1@status.example>');
    assert.equal(message.date, base.date);
    assert.equal(message.from, base.from);
    assert.equal(message.to, base.to);
    assert.equal(message.subject, content.subject);
    assert.equal(message.text, content.text);
    assert.equal(message.html, content.html);
  });

  it('leaves List-Unsubscribe off the confirmation mail and the webhook owner s notice', () => {
    for (const kind of ['subscription.confirm', 'webhook.disabled', 'incident.cause_resolved'] as const) {
      const headers = composeMail({ ...base, kind }).headers as Record<string, string>;
      assert.equal(headers['List-Unsubscribe'], undefined, kind);
      assert.equal(headers['List-Unsubscribe-Post'], undefined, kind);
      assert.equal(headers['Auto-Submitted'], 'auto-generated', kind);
    }
  });
});
