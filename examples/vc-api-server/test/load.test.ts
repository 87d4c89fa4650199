// The service under load, as a real process on 127.0.0.1: issue and verify at concurrency 50 for a
// fixed count with no errors and no lost or repeated status list allocations; then SIGKILL it in
// the middle of issuing, start it again on the same database, and check that every credential a
// client received is recorded, still verifies, and that no status index is ever handed out twice.
// CAREPASS_LOAD_COUNT sets the count (npm run test:adversarial runs a larger one).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, runLoad, startServiceProcess } from './load.js';
import { postgresUnavailable, startPostgres, type TestPostgres } from './postgres.js';

type Json = Record<string, unknown>;

const COUNT = Number(process.env.CAREPASS_LOAD_COUNT ?? 100);
const CONCURRENCY = 50;
const TIMEOUT = Math.max(120_000, COUNT * 1_000);

/** An issue request for one worker: a single Care Certificate standard, as an LMS would send. */
function issueRequest(position: number): Json {
  return { achievement: { competency: `care-certificate@2025#${(position % 16) + 1}` }, subject: { id: `did:example:worker-${position}` }, awardedDate: '2026-11-01T00:00:00Z' };
}

function findStatusIndex(credential: Json): number {
  return Number((credential.credentialStatus as Json[])[0]?.statusListIndex);
}

/** What the database holds: the issued records and the status list state. */
interface Stored {
  records: { id: string; statusIndex: number }[];
  allocatedCount: number;
}

/** How to reach the database of one store kind, for the service and for the checks. */
interface Database_ {
  env: Record<string, string>;
  read(): Promise<Stored>;
}

async function sqliteDatabase(dir: string): Promise<Database_> {
  const file = join(dir, 'carepass.db');
  return {
    env: { DATABASE_FILE: file },
    read: async () => {
      const db = new Database(file, { readonly: true });
      try {
        const records = db.prepare<[], { id: string; status_index: number }>('SELECT id, status_index FROM issued_credentials').all().map((row) => ({ id: row.id, statusIndex: row.status_index }));
        const state = JSON.parse(db.prepare<[], { state: string }>('SELECT state FROM status_list WHERE id = 1').get()?.state ?? '{"allocatedCount":0}') as { allocatedCount: number };
        return { records, allocatedCount: state.allocatedCount };
      } finally {
        db.close();
      }
    },
  };
}

async function postgresDatabase(url: string): Promise<Database_> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS issued_credentials, status_list');
  await client.end();
  return {
    env: { DATABASE_URL: url },
    read: async () => {
      const reader = new pg.Client({ connectionString: url });
      await reader.connect();
      try {
        const records = (await reader.query<{ id: string; status_index: number }>('SELECT id, status_index FROM issued_credentials')).rows.map((row) => ({ id: row.id, statusIndex: row.status_index }));
        const state = (await reader.query<{ state: { allocatedCount: number } | null }>('SELECT state FROM status_list WHERE id = 1')).rows[0]?.state;
        return { records, allocatedCount: state?.allocatedCount ?? 0 };
      } finally {
        await reader.end();
      }
    },
  };
}

/** Every record has its own index, and the list counts exactly the records: nothing lost, nothing repeated. */
function expectConsistent(stored: Stored): void {
  expect(new Set(stored.records.map((record) => record.statusIndex)).size).toBe(stored.records.length);
  expect(stored.allocatedCount).toBe(stored.records.length);
}

function loadSuite(kind: string, open: (dir: string) => Promise<Database_>): void {
  describe(`the VC API service under load (${kind})`, () => {
    it(`issues and verifies ${COUNT} + ${COUNT} credentials at concurrency ${CONCURRENCY}: no errors, every status index distinct`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'carepass-load-'));
      const database = await open(dir);
      const service = await startServiceProcess(dir, database.env);
      try {
        const issued = await runLoad({ count: COUNT, concurrency: CONCURRENCY, request: (position) => postJson(`${service.url}/credentials/issue`, issueRequest(position)) });
        expect(issued.errors.map(({ error }) => String(error)).slice(0, 3)).toEqual([]);
        expect(issued.results.filter((result) => result?.status !== 201).slice(0, 2)).toEqual([]);
        expect(issued.results.map((result) => result?.status)).toEqual(new Array(COUNT).fill(201));
        const credentials = issued.results.map((result) => result?.json.verifiableCredential as Json);
        expect(new Set(credentials.map(findStatusIndex)).size).toBe(COUNT);

        // Then a mixed phase: every credential verified while as many again are issued.
        const mixed = await runLoad({
          count: COUNT * 2,
          concurrency: CONCURRENCY,
          request: (position) => (position % 2 === 0 ? postJson(`${service.url}/credentials/verify`, { verifiableCredential: credentials[position / 2] }) : postJson(`${service.url}/credentials/issue`, issueRequest(COUNT + position))),
        });
        expect(mixed.errors).toEqual([]);
        const verifications = mixed.results.filter((_, position) => position % 2 === 0);
        expect(verifications.filter((result) => result?.status !== 200 || result.json.verified !== true || result.json.status !== 'valid')).toEqual([]);
        const more = mixed.results.filter((_, position) => position % 2 === 1).map((result) => result?.json.verifiableCredential as Json);
        expect(more.every((credential) => credential !== undefined)).toBe(true);
        expect(new Set([...credentials, ...more].map(findStatusIndex)).size).toBe(COUNT * 2);
      } finally {
        await service.stop('SIGTERM');
      }
      const stored = await database.read();
      expect(stored.records).toHaveLength(COUNT * 2);
      expectConsistent(stored);
    }, TIMEOUT);

    it('loses nothing and reuses no index when killed with SIGKILL in the middle of issuing', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'carepass-kill-'));
      const database = await open(dir);
      const first = await startServiceProcess(dir, database.env);
      const killAfter = Math.max(20, Math.floor(COUNT / 3));
      let received = 0;
      const interrupted = await runLoad({
        count: COUNT * 4,
        concurrency: CONCURRENCY,
        request: async (position) => {
          const response = await postJson(`${first.url}/credentials/issue`, issueRequest(position));
          if (response.status === 201 && ++received === killAfter) first.child.kill('SIGKILL');
          return response;
        },
      });
      await first.stop('SIGKILL');
      // Requests in flight when it died fail at the socket; none may fail any other way.
      const answered = interrupted.results.filter((result) => result !== undefined);
      expect(answered.every((result) => result.status === 201)).toBe(true);
      expect(interrupted.errors.length).toBeGreaterThan(0);
      const before = answered.map((result) => result.json.verifiableCredential as Json);
      expect(before.length).toBeGreaterThanOrEqual(killAfter);

      // Everything a client received was recorded before it was sent.
      const afterKill = await database.read();
      expectConsistent(afterKill);
      const recorded = new Map(afterKill.records.map((record) => [record.id, record.statusIndex]));
      for (const credential of before) expect(recorded.get(String(credential.id))).toBe(findStatusIndex(credential));

      const second = await startServiceProcess(dir, database.env);
      try {
        const resumed = await runLoad({ count: COUNT, concurrency: CONCURRENCY, request: (position) => postJson(`${second.url}/credentials/issue`, issueRequest(position)) });
        expect(resumed.errors).toEqual([]);
        const after = resumed.results.map((result) => result?.json.verifiableCredential as Json);
        const usedBefore = new Set(afterKill.records.map((record) => record.statusIndex));
        expect(after.map(findStatusIndex).filter((index) => usedBefore.has(index))).toEqual([]);
        // Credentials issued before the kill still verify against the restarted service's lists.
        const verified = await runLoad({ count: before.length, concurrency: CONCURRENCY, request: (position) => postJson(`${second.url}/credentials/verify`, { verifiableCredential: before[position] }) });
        expect(verified.errors).toEqual([]);
        expect(verified.results.filter((result) => result?.json.verified !== true)).toEqual([]);
      } finally {
        await second.stop('SIGTERM');
      }
      const final = await database.read();
      expectConsistent(final);
      expect(final.records.length).toBe(afterKill.records.length + COUNT);
    }, TIMEOUT);
  });
}

loadSuite('SQLite', sqliteDatabase);

const unavailable = postgresUnavailable();
if (unavailable) {
  describe.skip(`the VC API service under load (PostgreSQL): ${unavailable}`, () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  let postgres: TestPostgres | undefined;
  afterAll(async () => postgres?.stop());
  loadSuite('PostgreSQL', async () => {
    postgres ??= await startPostgres();
    return postgresDatabase(postgres.url);
  });
}
