import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKdiStatusError, isSchemaValidationError } from './client/errors.js';
import {
  generateWebhookSecret,
  isWebhookVerificationError,
  signWebhook,
  verifyWebhook,
  WebhookPayloadSchema,
  type WebhookPayload,
  type WebhookVerificationReason,
} from './webhooks.js';

// The test vector every Standard Webhooks reference library checks its signing against.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const T = 1_796_294_400; // 2026-12-03T10:40:00Z
const at = (seconds: number) => new Date(seconds * 1000);

const payload: WebhookPayload = {
  type: 'incident.opened',
  timestamp: '2026-12-03T10:40:00.000Z',
  data: {
    seq: 42,
    incident: {
      id: 'inc_1',
      title: { da: 'Langsomme svartider på STS', en: 'Slow responses from STS' },
      impact: 'minor',
      status: 'investigating',
      vendor: 'infra-drift',
      components: [{ id: 'sts', status: 'degraded_performance' }],
      updates: [
        {
          id: 'upd_1',
          at: '2026-12-03T10:39:00.000Z',
          status: 'investigating',
          message: { da: 'Vi undersøger fejlen' },
          author: 'infra-drift',
        },
      ],
      startedAt: '2026-12-03T10:39:00.000Z',
      resolvedAt: null,
      updatedAt: '2026-12-03T10:39:00.000Z',
    },
    affected: [{ component: 'ky', path: ['ky', 'serviceplatformen', 'sts'] }],
    url: 'https://status.example/haendelser/inc_1',
  },
};

function signed(body: string, secret: string, timestamp = T, id = 'msg_1') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook({ id, timestamp, body, secret }),
  };
}

function refusal(run: () => unknown): WebhookVerificationReason {
  try {
    run();
  } catch (error) {
    assert.ok(isWebhookVerificationError(error), `a WebhookVerificationError, not ${String(error)}`);
    assert.ok(isKdiStatusError(error), 'under KdiStatusError, so one guard catches every SDK error');
    return error.reason;
  }
  assert.fail('verified what it should have refused');
}

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    assert.equal(signWebhook(VECTOR), VECTOR.signature);
  });

  it('signs the same bytes whether the body is text or a buffer, and takes the secret without its prefix', () => {
    const bytes = new TextEncoder().encode(VECTOR.body);
    assert.equal(signWebhook({ ...VECTOR, body: bytes }), VECTOR.signature);
    assert.equal(signWebhook({ ...VECTOR, secret: VECTOR.secret.slice('whsec_'.length) }), VECTOR.signature);
  });

  it('refuses a secret that is not base64 and a timestamp that is not whole seconds', () => {
    assert.throws(() => signWebhook({ ...VECTOR, secret: 'whsec_not base64!' }), TypeError);
    assert.throws(() => signWebhook({ ...VECTOR, secret: 'whsec_' }), TypeError);
    assert.throws(() => signWebhook({ ...VECTOR, timestamp: 1614265330.5 }), TypeError);
  });
});

describe('verifyWebhook', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify(payload);

  it('returns the payload of a webhook it signed, from node:http headers or fetch Headers', () => {
    assert.deepEqual(verifyWebhook({ secret, headers: signed(body, secret), body, now: at(T) }), payload);
    const fetchHeaders = new Headers(signed(body, secret));
    assert.deepEqual(verifyWebhook({ secret, headers: fetchHeaders, body: Buffer.from(body), now: at(T) }), payload);
  });

  it('verifies the Standard Webhooks test vector, then finds its body is not a kdi-status payload', () => {
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    assert.throws(
      () => verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: at(VECTOR.timestamp) }),
      (error: unknown) => isSchemaValidationError(error) && !isWebhookVerificationError(error),
    );
  });

  it('accepts any one matching v1 signature of a space-separated list (a secret being rotated)', () => {
    const headers = signed(body, secret);
    const other = signWebhook({ id: 'msg_1', timestamp: T, body, secret: generateWebhookSecret() });
    headers['webhook-signature'] = `v1a,c2lnbmVk ${other} v1,bm9wZQ== ${headers['webhook-signature']}`;
    assert.equal(verifyWebhook({ secret, headers, body, now: at(T) }).data.seq, 42);
  });

  it('refuses a tampered body', () => {
    const headers = signed(body, secret);
    const tampered = body.replace('"seq":42', '"seq":43');
    assert.notEqual(tampered, body);
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers, body: tampered, now: at(T) })),
      'no_matching_signature',
    );
  });

  it('refuses a webhook signed with another secret, or with the id changed', () => {
    const headers = signed(body, generateWebhookSecret());
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers, body, now: at(T) })),
      'no_matching_signature',
    );
    const moved = { ...signed(body, secret), 'webhook-id': 'msg_2' };
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers: moved, body, now: at(T) })),
      'no_matching_signature',
    );
  });

  it('refuses an old timestamp (a replay) and a future one, within the tolerance accepts', () => {
    const headers = signed(body, secret);
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers, body, now: at(T + 301) })),
      'too_old',
    );
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers, body, now: at(T - 301) })),
      'too_new',
    );
    assert.equal(verifyWebhook({ secret, headers, body, now: at(T + 300) }).type, 'incident.opened');
    assert.equal(verifyWebhook({ secret, headers, body, now: at(T - 300) }).type, 'incident.opened');
    assert.equal(
      refusal(() => verifyWebhook({ secret, headers, body, now: at(T + 61), toleranceSeconds: 60 })),
      'too_old',
    );
  });

  it('refuses a timestamp that is not unix seconds', () => {
    for (const timestamp of ['abc', '1796294400.5', '-1796294400', '', '2026-12-03T10:40:00Z']) {
      const headers = { ...signed(body, secret), 'webhook-timestamp': timestamp };
      const expected = timestamp === '' ? 'missing_header' : 'bad_timestamp';
      assert.equal(
        refusal(() => verifyWebhook({ secret, headers, body, now: at(T) })),
        expected,
        `timestamp ${JSON.stringify(timestamp)}`,
      );
    }
  });

  it('refuses a webhook with any of its three headers missing', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const { [name]: _dropped, ...headers } = signed(body, secret);
      assert.equal(
        refusal(() => verifyWebhook({ secret, headers, body, now: at(T) })),
        'missing_header',
        name,
      );
    }
  });

  it('refuses signatures that are not v1 or not base64', () => {
    for (const signature of ['v2,bm9wZQ==', 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=', 'v1,', 'v1,***']) {
      const headers = { ...signed(body, secret), 'webhook-signature': signature };
      assert.equal(
        refusal(() => verifyWebhook({ secret, headers, body, now: at(T) })),
        'no_matching_signature',
        signature,
      );
    }
  });
});

describe('generateWebhookSecret', () => {
  it('makes whsec_ secrets of 32 random bytes, a new one each time', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    assert.match(a, /^whsec_[A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(a.slice('whsec_'.length), 'base64').length, 32);
    assert.notEqual(a, b);
  });
});

describe('WebhookPayloadSchema', () => {
  it('refuses an unknown type and an affected component without a path', () => {
    assert.equal(WebhookPayloadSchema.safeParse({ ...payload, type: 'key.changed' }).success, false);
    const pathless = { ...payload, data: { ...payload.data, affected: [{ component: 'ky', path: [] }] } };
    assert.equal(WebhookPayloadSchema.safeParse(pathless).success, false);
  });
});
