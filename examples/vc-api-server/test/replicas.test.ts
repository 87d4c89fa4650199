// More than one machine: the service is stateless apart from its database, so several replicas can
// run against one PostgreSQL. Here three real processes on 127.0.0.1 share one database and one
// issuer key: concurrent issuing through all of them reuses no status index; a revocation made
// through one is seen through the others; and killing one in the middle of the load loses nothing
// a client received. CAREPASS_REPLICA_COUNT sets how many credentials are issued: 600 in
// `npm test`, 2,000 in `npm run test:adversarial`.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, runLoad, type ServiceProcess, startServiceProcess } from './load.js';
import { postgresUnavailable, startPostgres, type TestPostgres } from './postgres.js';

type Json = Record<string, unknown>;

const COUNT = Number(process.env.CAREPASS_REPLICA_COUNT ?? 600);
const CONCURRENCY = 60;
const TIMEOUT = Math.max(180_000, COUNT * 200);
/** The public URL the replicas sit behind (status list URLs are built from it). */
const PUBLIC_URL = 'https://credentials.carepass.example';

const issueRequest = (position: number): Json => ({ achievement: { competency: `care-certificate@2025#${(position % 16) + 1}` }, subject: { id: `did:example:worker-${position}` } });
const findStatusIndex = (credential: Json): number => Number((credential.credentialStatus as Json[])[0]?.statusListIndex);

async function stored(url: string): Promise<{ records: Map<string, number>; allocatedCount: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const records = (await client.query<{ id: string; status_index: number }>('SELECT id, status_index FROM issued_credentials')).rows;
    const state = (await client.query<{ state: { allocatedCount: number } | null }>('SELECT state FROM status_list WHERE id = 1')).rows[0]?.state;
    return { records: new Map(records.map((row) => [row.id, row.status_index])), allocatedCount: state?.allocatedCount ?? 0 };
  } finally {
    await client.end();
  }
}

const unavailable = postgresUnavailable();
if (unavailable) {
  describe.skip(`replicas sharing one PostgreSQL: ${unavailable}`, () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  describe('replicas sharing one PostgreSQL', () => {
    let postgres: TestPostgres;
    let replicas: ServiceProcess[] = [];
    let env: Record<string, string>;
    beforeAll(async () => {
      postgres = await startPostgres();
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      await client.query('DROP TABLE IF EXISTS issued_credentials, status_list');
      await client.end();
      const dir = await mkdtemp(join(tmpdir(), 'carepass-replicas-'));
      env = { DATABASE_URL: postgres.url, ISSUER_KEY_FILE: join(dir, 'issuer.key.json'), BASE_URL: PUBLIC_URL };
      // The first replica makes the shared issuer key; the others start on it.
      replicas.push(await startServiceProcess(dir, env));
      replicas.push(...(await Promise.all([startServiceProcess(dir, env), startServiceProcess(dir, env)])));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop('SIGTERM')));
      await postgres?.stop();
    });

    it(`issues ${COUNT} credentials through three replicas at once with no status index reused, and a revocation through one is seen through the others`, async () => {
      const issued = await runLoad({ count: COUNT, concurrency: CONCURRENCY, request: (position) => postJson(`${(replicas[position % replicas.length] as ServiceProcess).url}/credentials/issue`, issueRequest(position)) });
      expect(issued.errors.map(({ error }) => String(error)).slice(0, 3)).toEqual([]);
      expect(issued.results.filter((result) => result?.status !== 201)).toEqual([]);
      const credentials = issued.results.map((result) => result?.json.verifiableCredential as Json);
      expect(new Set(credentials.map(findStatusIndex)).size).toBe(COUNT);
      const database = await stored(postgres.url);
      expect(database.records.size).toBe(COUNT);
      expect(database.allocatedCount).toBe(COUNT);

      const [a, b, c] = replicas as [ServiceProcess, ServiceProcess, ServiceProcess];
      const target = credentials[7] as Json;
      expect((await postJson(`${b.url}/credentials/verify`, { verifiableCredential: target })).json).toMatchObject({ verified: true, status: 'valid' });
      expect((await postJson(`${a.url}/credentials/status`, { credentialId: target.id, credentialStatus: { statusPurpose: 'revocation' }, status: true })).status).toBe(200);
      for (const replica of [b, c]) expect((await postJson(`${replica.url}/credentials/verify`, { verifiableCredential: target })).json).toMatchObject({ verified: false, status: 'revoked' });
      // A credential nobody revoked still verifies everywhere.
      for (const replica of [a, b, c]) expect((await postJson(`${replica.url}/credentials/verify`, { verifiableCredential: credentials[8] })).json).toMatchObject({ verified: true });
    }, TIMEOUT);

    it('loses nothing a client received when one replica is killed in the middle of the load', async () => {
      const before = await stored(postgres.url);
      const victim = replicas[1] as ServiceProcess;
      const count = Math.max(300, Math.floor(COUNT / 4));
      let answeredByVictim = 0;
      const load = await runLoad({
        count,
        concurrency: CONCURRENCY,
        request: async (position) => {
          const replica = replicas[position % replicas.length] as ServiceProcess;
          const response = await postJson(`${replica.url}/credentials/issue`, issueRequest(COUNT + position));
          if (replica === victim && response.status === 201 && ++answeredByVictim === 40) victim.child.kill('SIGKILL');
          return response;
        },
      });
      await victim.stop('SIGKILL');
      replicas = replicas.filter((replica) => replica !== victim);
      // Requests in flight to the killed replica fail at the socket; nothing fails any other way.
      const answered = load.results.filter((result) => result !== undefined);
      expect(answered.every((result) => result.status === 201)).toBe(true);
      expect(load.errors.length).toBeGreaterThan(0);
      const received = answered.map((result) => result.json.verifiableCredential as Json);
      const after = await stored(postgres.url);
      // Every credential a client received is recorded with its index; no index is used twice.
      for (const credential of received) expect(after.records.get(String(credential.id))).toBe(findStatusIndex(credential));
      expect(new Set(after.records.values()).size).toBe(after.records.size);
      expect(after.allocatedCount).toBe(after.records.size);
      expect(after.records.size).toBeGreaterThanOrEqual(before.records.size + received.length);
      // The survivors verify what the killed replica issued.
      const fromVictim = received.slice(0, 60);
      const verified = await runLoad({ count: fromVictim.length, concurrency: 20, request: (position) => postJson(`${(replicas[position % replicas.length] as ServiceProcess).url}/credentials/verify`, { verifiableCredential: fromVictim[position] }) });
      expect(verified.results.filter((result) => result?.json.verified !== true)).toEqual([]);
    }, TIMEOUT);
  });
}
