import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { databaseUrlFrom, DEFAULTS, readConfig } from './config.js';

describe('readConfig', () => {
  it('gives every default when nothing is set', () => {
    assert.deepEqual(readConfig({}), {
      port: DEFAULTS.port,
      host: DEFAULTS.host,
      databaseUrl: DEFAULTS.databaseUrl,
      publicUrl: undefined,
      app: {
        publicUrl: undefined,
        rateLimitPerMinute: DEFAULTS.rateLimitPerMinute,
        authFailuresPerMinute: DEFAULTS.authFailuresPerMinute,
        logLevel: DEFAULTS.logLevel,
        trustProxy: false,
        requestTimeoutMs: DEFAULTS.requestTimeoutMs,
        headersTimeoutMs: DEFAULTS.headersTimeoutMs,
        keepAliveTimeoutMs: DEFAULTS.keepAliveTimeoutMs,
        maxConnections: DEFAULTS.maxConnections,
        live: {
          maxStreamsPerAddress: DEFAULTS.streamsPerAddress,
          maxStreams: DEFAULTS.streamsTotal,
          replayMaxBytes: DEFAULTS.streamReplayMaxBytes,
        },
        notify: {
          smtpUrl: undefined,
          mailFrom: undefined,
          reminderLeadMs: 24 * 3_600_000,
          webhookAllowPrivateNetworks: false,
          concurrency: DEFAULTS.outboxConcurrency,
          leaseMs: DEFAULTS.outboxLeaseSeconds * 1000,
        },
        signingKey: undefined,
        checkpointIntervalMs: 24 * 3_600_000,
      },
    });
    assert.equal(DEFAULTS.databaseUrl, 'sqlite:./data/kdi-status.db');
    assert.equal(DEFAULTS.rateLimitPerMinute, 120);
  });

  it('reads each variable into the option that uses it', () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const { signingKey, ...config } = (({ app: { signingKey, ...app }, ...rest }) => ({ ...rest, app, signingKey }))(
      readConfig({
        SIGNING_KEY: key.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        CHECKPOINT_INTERVAL_HOURS: '0.5',
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://status@db/kdi',
        PUBLIC_URL: 'https://status.example.dk/',
        RATE_LIMIT_PER_MINUTE: '2',
        AUTH_FAILURES_PER_MINUTE: '3',
        LOG_LEVEL: 'debug',
        TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        REQUEST_TIMEOUT_MS: '4000',
        HEADERS_TIMEOUT_MS: '5000',
        KEEP_ALIVE_TIMEOUT_MS: '5500',
        MAX_CONNECTIONS: '6',
        STREAMS_PER_ADDRESS: '7',
        STREAMS_TOTAL: '8',
        STREAM_REPLAY_MAX_BYTES: '9',
        SMTP_URL: 'smtp://relay.kommune.example:25',
        MAIL_FROM: 'Driftsstatus <driftsstatus@kombit.example>',
        MAINTENANCE_REMINDER_HOURS: '2.5',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        OUTBOX_CONCURRENCY: '10',
        OUTBOX_LEASE_SECONDS: '11',
      }),
    );
    assert.ok(signingKey?.equals(key), 'SIGNING_KEY is the key');
    assert.deepEqual(config, {
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://status@db/kdi',
      publicUrl: 'https://status.example.dk',
      app: {
        publicUrl: 'https://status.example.dk',
        rateLimitPerMinute: 2,
        authFailuresPerMinute: 3,
        logLevel: 'debug',
        trustProxy: '10.0.0.0/8, 127.0.0.1',
        requestTimeoutMs: 4000,
        // Node requires the header timeout within the request timeout.
        headersTimeoutMs: 4000,
        keepAliveTimeoutMs: 5500,
        maxConnections: 6,
        live: { maxStreamsPerAddress: 7, maxStreams: 8, replayMaxBytes: 9 },
        notify: {
          smtpUrl: 'smtp://relay.kommune.example:25',
          mailFrom: 'Driftsstatus <driftsstatus@kombit.example>',
          reminderLeadMs: 2.5 * 3_600_000,
          webhookAllowPrivateNetworks: true,
          concurrency: 10,
          leaseMs: 11_000,
        },
        checkpointIntervalMs: 1_800_000,
      },
    });
  });

  it('refuses a bad mail or outbox setting, naming the variable', () => {
    for (const [name, value] of [
      ['SMTP_URL', 'http://relay.example'],
      ['MAIL_FROM', 'no address'],
      ['MAIL_FROM', 'a@b.example\r\nBcc: x@y.example'],
      ['MAINTENANCE_REMINDER_HOURS', '-1'],
      ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'yes'],
      ['OUTBOX_CONCURRENCY', '0'],
      ['OUTBOX_LEASE_SECONDS', '1.5'],
      ['SIGNING_KEY', 'not a key'],
      ['SIGNING_KEY', generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString()],
      ['CHECKPOINT_INTERVAL_HOURS', '0'],
      ['CHECKPOINT_INTERVAL_HOURS', '25'],
    ] as const) {
      assert.throws(() => readConfig({ [name]: value }), new RegExp(name), `${name}=${value}`);
    }
  });

  it("reads TRUST_PROXY as Fastify takes it: a flag, or the proxies' addresses", () => {
    assert.equal(readConfig({ TRUST_PROXY: 'true' }).app.trustProxy, true);
    assert.equal(readConfig({ TRUST_PROXY: 'false' }).app.trustProxy, false);
    assert.equal(readConfig({ TRUST_PROXY: '::1,fd00::/8' }).app.trustProxy, '::1,fd00::/8');
  });

  it('takes an empty variable as unset, as shells and .env files mean it', () => {
    assert.deepEqual(readConfig({ PORT: '', DATABASE_URL: '', RATE_LIMIT_PER_MINUTE: '' }), readConfig({}));
  });

  it('takes every form of database URL the README names', () => {
    for (const url of [
      'sqlite:./data/x.db',
      'sqlite:/var/lib/kdi/x.db',
      'file:x.db',
      './x.db',
      '/var/lib/kdi/x.db',
      'postgres://a@b/c',
      'postgresql://a@b/c',
    ]) {
      assert.equal(readConfig({ DATABASE_URL: url }).databaseUrl, url);
    }
  });

  it('ignores variables it does not know', () => {
    assert.deepEqual(readConfig({ PATH: '/usr/bin', KDI_STATUS_TOKEN: 'kdi_x' }), readConfig({}));
  });

  it('refuses a bad value, naming each variable at fault', () => {
    for (const [name, value] of [
      ['PORT', '70000'],
      ['PORT', '3.5'],
      ['RATE_LIMIT_PER_MINUTE', '0'],
      ['RATE_LIMIT_PER_MINUTE', 'many'],
      ['LOG_LEVEL', 'loud'],
      ['PUBLIC_URL', 'status.example.dk'],
      ['PUBLIC_URL', 'javascript:alert(1)'],
      ['DATABASE_URL', '   '],
      ['DATABASE_URL', 'postgress://kdi@db.internal/kdi'],
      ['DATABASE_URL', 'mysql://kdi@db.internal/kdi'],
      ['PORT', '0x10'],
      ['PORT', ' 3912 '],
      ['AUTH_FAILURES_PER_MINUTE', '-1'],
      ['TRUST_PROXY', 'yes'],
      ['TRUST_PROXY', '2'],
      ['REQUEST_TIMEOUT_MS', '0'],
      ['HEADERS_TIMEOUT_MS', '1.5'],
      ['KEEP_ALIVE_TIMEOUT_MS', 'never'],
      ['MAX_CONNECTIONS', 'lots'],
      ['STREAMS_PER_ADDRESS', '0'],
      ['STREAMS_TOTAL', '-5'],
      ['STREAM_REPLAY_MAX_BYTES', '1MB'],
    ] as const) {
      assert.throws(() => readConfig({ [name]: value }), new RegExp(`Invalid configuration:\\n  ${name}: \\S`), `${name}=${value}`);
    }
    assert.throws(() => readConfig({ PORT: 'x', LOG_LEVEL: 'y' }), /PORT: .*\n {2}LOG_LEVEL: /s);
  });
});

describe('databaseUrlFrom', () => {
  it('reads DATABASE_URL or the default, and nothing else', () => {
    assert.equal(databaseUrlFrom({}), DEFAULTS.databaseUrl);
    assert.equal(databaseUrlFrom({ DATABASE_URL: 'sqlite:/tmp/x.db', PORT: 'not a port' }), 'sqlite:/tmp/x.db');
    assert.throws(() => databaseUrlFrom({ DATABASE_URL: ' ' }), /DATABASE_URL: /);
  });
});
