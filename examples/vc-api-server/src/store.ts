// Storage for the service: the index of issued credentials and the status list state.
// SQLite (better-sqlite3) by default; PostgreSQL when DATABASE_URL is set. Both keep the same two
// tables, and both change the status list only inside a transaction (PostgreSQL locks the row), so
// two requests can never be handed the same index.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StatusListState } from '@carepass/credentials';
import { createPostgresWalletStores, createSqliteWalletStores, type WalletStores } from './exchange-store.js';

/** One issued credential as the index keeps it. */
export interface IssuedRecord {
  id: string;
  statusIndex: number;
  issuedAt: string;
  credential: Record<string, unknown>;
}

/** What the service needs from a database. */
export interface ServiceStore {
  /** `sqlite` or `postgres`. */
  kind: string;
  /** Reads the status list state, or undefined before the first issue. */
  readStatusList(): Promise<StatusListState | undefined>;
  /**
   * Runs `change` on the status list state inside a transaction and saves what it returns, with
   * the credential it issued when there is one, in the same transaction: an index is never
   * allocated without its record, nor recorded without its allocation. The state passed in is
   * undefined before the first issue.
   */
  updateStatusList<T>(change: (state: StatusListState | undefined) => Promise<{ state: StatusListState; result: T; issued?: IssuedRecord }>): Promise<T>;
  saveIssued(record: IssuedRecord): Promise<void>;
  findIssued(id: string): Promise<IssuedRecord | undefined>;
  /** OpenID4VCI offers, nonces and used tokens, and OpenID4VP requests, in the same database. */
  wallet: WalletStores;
  close(): Promise<void>;
}

/** SQLite storage in a file (or `:memory:`). */
export function createSqliteStore(file: string): ServiceStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS status_list (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS issued_credentials (id TEXT PRIMARY KEY, status_index INTEGER NOT NULL, issued_at TEXT NOT NULL, credential TEXT NOT NULL);
  `);
  const read = db.prepare<[], { state: string }>('SELECT state FROM status_list WHERE id = 1');
  const write = db.prepare<[string]>('INSERT INTO status_list (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state');
  const insert = db.prepare<[string, number, string, string]>('INSERT INTO issued_credentials (id, status_index, issued_at, credential) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string], { id: string; status_index: number; issued_at: string; credential: string }>('SELECT * FROM issued_credentials WHERE id = ?');
  const commit = db.transaction((state: StatusListState, issued: IssuedRecord | undefined) => {
    write.run(JSON.stringify(state));
    if (issued) insert.run(issued.id, issued.statusIndex, issued.issuedAt, JSON.stringify(issued.credential));
  });
  // better-sqlite3 is synchronous and this process is its only writer, so a promise chain is the
  // lock: each status list change runs to completion before the next one reads the state.
  let queue: Promise<unknown> = Promise.resolve();
  const readState = (): StatusListState | undefined => {
    const row = read.get();
    return row ? (JSON.parse(row.state) as StatusListState) : undefined;
  };
  const wallet = createSqliteWalletStores(db);
  return {
    kind: 'sqlite',
    wallet,
    async readStatusList() {
      return readState();
    },
    updateStatusList(change) {
      const run = queue.then(async () => {
        const { state, result, issued } = await change(readState());
        commit(state, issued);
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async saveIssued(record) {
      insert.run(record.id, record.statusIndex, record.issuedAt, JSON.stringify(record.credential));
    },
    async findIssued(id) {
      const row = find.get(id);
      return row ? { id: row.id, statusIndex: row.status_index, issuedAt: row.issued_at, credential: JSON.parse(row.credential) as Record<string, unknown> } : undefined;
    },
    async close() {
      db.close();
    },
  };
}

/** PostgreSQL storage, from a connection string. */
export async function createPostgresStore(connectionString: string): Promise<ServiceStore> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS status_list (id INTEGER PRIMARY KEY CHECK (id = 1), state JSONB NOT NULL);
    CREATE TABLE IF NOT EXISTS issued_credentials (id TEXT PRIMARY KEY, status_index INTEGER NOT NULL, issued_at TIMESTAMPTZ NOT NULL, credential JSONB NOT NULL);
  `);
  const wallet = await createPostgresWalletStores(pool);
  return {
    kind: 'postgres',
    wallet,
    async readStatusList() {
      const { rows } = await pool.query<{ state: StatusListState }>('SELECT state FROM status_list WHERE id = 1');
      return rows[0]?.state;
    },
    async updateStatusList(change) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Create the row if needed, then lock it for the rest of the transaction.
        await client.query(`INSERT INTO status_list (id, state) VALUES (1, 'null'::jsonb) ON CONFLICT (id) DO NOTHING`);
        const { rows } = await client.query<{ state: StatusListState | null }>('SELECT state FROM status_list WHERE id = 1 FOR UPDATE');
        const { state, result, issued } = await change(rows[0]?.state ?? undefined);
        await client.query('UPDATE status_list SET state = $1 WHERE id = 1', [JSON.stringify(state)]);
        if (issued) await client.query('INSERT INTO issued_credentials (id, status_index, issued_at, credential) VALUES ($1, $2, $3, $4)', [issued.id, issued.statusIndex, issued.issuedAt, JSON.stringify(issued.credential)]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async saveIssued(record) {
      await pool.query('INSERT INTO issued_credentials (id, status_index, issued_at, credential) VALUES ($1, $2, $3, $4)', [record.id, record.statusIndex, record.issuedAt, JSON.stringify(record.credential)]);
    },
    async findIssued(id) {
      const { rows } = await pool.query<{ id: string; status_index: number; issued_at: Date; credential: Record<string, unknown> }>('SELECT * FROM issued_credentials WHERE id = $1', [id]);
      const row = rows[0];
      return row ? { id: row.id, statusIndex: row.status_index, issuedAt: row.issued_at.toISOString(), credential: row.credential } : undefined;
    },
    async close() {
      await pool.end();
    },
  };
}

/** The store the environment asks for: PostgreSQL when `DATABASE_URL` is set, else SQLite at `DATABASE_FILE` (default `carepass.db`). */
export async function storeFromEnvironment(env: Record<string, string | undefined>): Promise<ServiceStore> {
  if (env.DATABASE_URL) return createPostgresStore(env.DATABASE_URL);
  return createSqliteStore(env.DATABASE_FILE ?? 'carepass.db');
}
