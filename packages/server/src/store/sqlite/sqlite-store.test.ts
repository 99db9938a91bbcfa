import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tempSqliteStore } from '../../test-support/fixtures.js';
import { describeNotificationContract } from '../notification-contract.js';
import { describeStoreContract } from '../store-contract.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

async function openTemp() {
  const { store, file, cleanup } = await tempSqliteStore();
  const others: Store[] = [];
  return {
    store,
    reopen: async () => {
      const again = openSqliteStore(file);
      others.push(again);
      await again.migrate();
      return again;
    },
    cleanup: async () => {
      await Promise.allSettled(others.map((s) => s.close()));
      await cleanup();
    },
  };
}

describeStoreContract('SQLite', openTemp);
describeNotificationContract('SQLite', openTemp);

describe('SQLite store: the file', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ file, cleanup } = await tempSqliteStore()));
  after(() => cleanup());

  it('is a real file in WAL mode with its migrations recorded', async () => {
    const raw = new Database(file, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.deepEqual(raw.prepare('SELECT version, name FROM schema_migrations').all(), [
        { version: 1, name: 'initial' },
        { version: 2, name: 'notifications' },
        { version: 3, name: 'log-chain' },
        { version: 4, name: 'subscriber municipality' },
      ]);
    } finally {
      raw.close();
    }
  });
});
