import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WEBHOOK_EVENT_TYPES } from '@kdi-status/sdk/webhooks';
import { NOTICE_KINDS } from '../../store/notification-store.js';

describe('webhook event types', () => {
  it('are the notice kinds: every notice can be told by webhook, and a webhook tells nothing else', () => {
    assert.deepEqual([...WEBHOOK_EVENT_TYPES], [...NOTICE_KINDS]);
  });
});
