// The wallet flows' state in the service's database, so replicas share it: offers, nonces and used
// access tokens (OpenID4VCI), presentation requests (OpenID4VP) and VC API exchanges.
// Every "once" is one statement whose row count says who won: an offer is redeemed once, a nonce
// taken once, a token used once, a request answered once, whichever replica asks.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { ExchangeStore, PresentationStore, StoredOffer, StoredPresentationRequest, StoredVcApiExchange, VcApiExchangeStore } from '@carepass/exchange';

/** The stores the wallet flows need. */
export interface WalletStores {
  exchange: ExchangeStore;
  presentations: PresentationStore;
  /** The VC API exchanges (Learner Credential Wallet). */
  vcApi: VcApiExchangeStore;
}

const TABLE = `CREATE TABLE IF NOT EXISTS wallet_records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, flag INTEGER NOT NULL DEFAULT 0, expires_at BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (kind, key))`;

/** The wallet stores in the service's SQLite database. */
export function createSqliteWalletStores(db: Database.Database): WalletStores {
  db.exec(TABLE);
  const put = db.prepare<[string, string, string, number]>('INSERT INTO wallet_records (kind, key, value, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at');
  const get = db.prepare<[string, string], { value: string; flag: number }>('SELECT value, flag FROM wallet_records WHERE kind = ? AND key = ?');
  const claim = db.prepare<[string, string]>('UPDATE wallet_records SET flag = 1 WHERE kind = ? AND key = ? AND flag = 0');
  const remove = db.prepare<[string, string]>('DELETE FROM wallet_records WHERE kind = ? AND key = ?');
  const insertOnce = db.prepare<[string, string, string, number]>('INSERT INTO wallet_records (kind, key, value, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO NOTHING');
  const sweep = db.prepare<[number]>("DELETE FROM wallet_records WHERE kind IN ('nonce', 'token') AND expires_at < ?");
  // Read and change one offer's JSON in one transaction (better-sqlite3 transactions are synchronous).
  const bump = db.transaction((key: string): number => {
    const row = get.get('offer', key);
    if (!row) return Number.POSITIVE_INFINITY;
    const offer = JSON.parse(row.value) as StoredOffer;
    offer.failedAttempts += 1;
    put.run('offer', key, JSON.stringify(offer), offer.expiresAt);
    return offer.failedAttempts;
  });
  const takeNonce = db.transaction((nonce: string): number | undefined => {
    const row = get.get('nonce', nonce);
    if (!row) return undefined;
    remove.run('nonce', nonce);
    return Number(row.value);
  });
  // Sets the outcome inside a record's JSON (a presentation request or a VC API exchange), in one transaction.
  const setOutcome = db.transaction((kind: string, key: string, value: unknown) => {
    const row = get.get(kind, key);
    if (!row) return;
    put.run(kind, key, JSON.stringify({ ...(JSON.parse(row.value) as Record<string, unknown>), outcome: value }), 0);
  });
  const takeRequest = db.transaction((state: string): StoredPresentationRequest | undefined => (claim.run('request', state).changes === 1 ? (JSON.parse((get.get('request', state) as { value: string }).value) as StoredPresentationRequest) : undefined));
  return {
    exchange: {
      async saveOffer(offer) {
        put.run('offer', offer.preAuthorizedCode, JSON.stringify(offer), offer.expiresAt);
      },
      async getOffer(code) {
        const row = get.get('offer', code);
        return row ? { ...(JSON.parse(row.value) as StoredOffer), redeemed: row.flag === 1 } : undefined;
      },
      async redeemOffer(code) {
        return claim.run('offer', code).changes === 1;
      },
      async countFailedAttempt(code) {
        return bump(code);
      },
      async saveNonce(nonce, expiresAt) {
        sweep.run(Date.now());
        put.run('nonce', nonce, String(expiresAt), expiresAt);
      },
      async takeNonce(nonce) {
        return takeNonce(nonce);
      },
      async useAccessToken(tokenId, expiresAt) {
        return insertOnce.run('token', tokenId, '1', expiresAt).changes === 1;
      },
    },
    presentations: {
      async saveRequest(request) {
        put.run('request', request.state, JSON.stringify(request), request.expiresAt);
      },
      async takeRequest(state) {
        return takeRequest(state);
      },
      async saveOutcome(state, value) {
        setOutcome('request', state, value);
      },
      async getOutcome(state) {
        const row = get.get('request', state);
        return row ? (JSON.parse(row.value) as StoredPresentationRequest).outcome : undefined;
      },
    },
    vcApi: {
      async save(exchange) {
        put.run('vcapi', exchange.id, JSON.stringify(exchange), exchange.expiresAt);
      },
      async get(id) {
        const row = get.get('vcapi', id);
        return row ? { ...(JSON.parse(row.value) as StoredVcApiExchange), completed: row.flag === 1 } : undefined;
      },
      async complete(id) {
        return claim.run('vcapi', id).changes === 1;
      },
      async saveOutcome(id, value) {
        setOutcome('vcapi', id, value);
      },
    },
  };
}

/** The wallet stores in the service's PostgreSQL database, shared by every replica. */
export async function createPostgresWalletStores(pool: pg.Pool): Promise<WalletStores> {
  await pool.query(TABLE);
  const one = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]) => (await pool.query<T>(sql, values)).rows[0];
  const put = (kind: string, key: string, value: unknown, expiresAt: number) => pool.query('INSERT INTO wallet_records (kind, key, value, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at', [kind, key, JSON.stringify(value), expiresAt]);
  const claim = async (kind: string, key: string) => ((await pool.query('UPDATE wallet_records SET flag = 1 WHERE kind = $1 AND key = $2 AND flag = 0', [kind, key])).rowCount ?? 0) === 1;
  return {
    exchange: {
      async saveOffer(offer) {
        await put('offer', offer.preAuthorizedCode, offer, offer.expiresAt);
      },
      async getOffer(code) {
        const row = await one<{ value: string; flag: number }>('SELECT value, flag FROM wallet_records WHERE kind = $1 AND key = $2', ['offer', code]);
        return row ? { ...(JSON.parse(row.value) as StoredOffer), redeemed: row.flag === 1 } : undefined;
      },
      redeemOffer: (code) => claim('offer', code),
      async countFailedAttempt(code) {
        // One statement: the count goes up by one whichever replica sees the wrong code.
        const row = await one<{ value: string }>(`UPDATE wallet_records SET value = jsonb_set(value::jsonb, '{failedAttempts}', to_jsonb((value::jsonb->>'failedAttempts')::int + 1))::text WHERE kind = 'offer' AND key = $1 RETURNING value`, [code]);
        return row ? (JSON.parse(row.value) as StoredOffer).failedAttempts : Number.POSITIVE_INFINITY;
      },
      async saveNonce(nonce, expiresAt) {
        await pool.query(`DELETE FROM wallet_records WHERE kind IN ('nonce', 'token') AND expires_at < $1`, [Date.now()]);
        await put('nonce', nonce, expiresAt, expiresAt);
      },
      async takeNonce(nonce) {
        const row = await one<{ value: string }>('DELETE FROM wallet_records WHERE kind = $1 AND key = $2 RETURNING value', ['nonce', nonce]);
        return row ? Number(JSON.parse(row.value)) : undefined;
      },
      async useAccessToken(tokenId, expiresAt) {
        return ((await pool.query('INSERT INTO wallet_records (kind, key, value, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, key) DO NOTHING', ['token', tokenId, '1', expiresAt])).rowCount ?? 0) === 1;
      },
    },
    presentations: {
      async saveRequest(request) {
        await put('request', request.state, request, request.expiresAt);
      },
      async takeRequest(state) {
        const row = await one<{ value: string }>('UPDATE wallet_records SET flag = 1 WHERE kind = $1 AND key = $2 AND flag = 0 RETURNING value', ['request', state]);
        return row ? (JSON.parse(row.value) as StoredPresentationRequest) : undefined;
      },
      async saveOutcome(state, value) {
        await pool.query(`UPDATE wallet_records SET value = jsonb_set(value::jsonb, '{outcome}', $3::jsonb)::text WHERE kind = $1 AND key = $2`, ['request', state, JSON.stringify(value)]);
      },
      async getOutcome(state) {
        const row = await one<{ value: string }>('SELECT value FROM wallet_records WHERE kind = $1 AND key = $2', ['request', state]);
        return row ? (JSON.parse(row.value) as StoredPresentationRequest).outcome : undefined;
      },
    },
    vcApi: {
      async save(exchange) {
        await put('vcapi', exchange.id, exchange, exchange.expiresAt);
      },
      async get(id) {
        const row = await one<{ value: string; flag: number }>('SELECT value, flag FROM wallet_records WHERE kind = $1 AND key = $2', ['vcapi', id]);
        return row ? { ...(JSON.parse(row.value) as StoredVcApiExchange), completed: row.flag === 1 } : undefined;
      },
      complete: (id) => claim('vcapi', id),
      async saveOutcome(id, value) {
        await pool.query(`UPDATE wallet_records SET value = jsonb_set(value::jsonb, '{outcome}', $3::jsonb)::text WHERE kind = $1 AND key = $2`, ['vcapi', id, JSON.stringify(value)]);
      },
    },
  };
}
