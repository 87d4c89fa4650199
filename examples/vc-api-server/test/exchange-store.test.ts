import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredOffer } from '@carepass/exchange';
import type { ServiceStore } from '../src/store.js';
import { forEachStore } from './postgres.js';

// The wallet flows' state in the service's database: every "once" holds under concurrency, in
// SQLite and in PostgreSQL (shared by replicas).
function suite(kind: string, makeStore: () => Promise<ServiceStore>) {
  describe(`wallet stores (${kind})`, () => {
    let store: ServiceStore;
    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => store?.close());
    const offer = (code: string): StoredOffer => ({ preAuthorizedCode: code, txCode: '123456', expiresAt: Date.now() + 600_000, credentialConfigurationId: 'ldp', credential: { competency: 'care-certificate@2025#12' }, failedAttempts: 0, redeemed: false });

    it('redeems an offer once, however many ask at once, and counts wrong transaction codes', async () => {
      const { exchange } = store.wallet;
      await exchange.saveOffer(offer('code-1'));
      expect(await exchange.getOffer('code-1')).toMatchObject({ txCode: '123456', redeemed: false, credential: { competency: 'care-certificate@2025#12' } });
      expect(await exchange.countFailedAttempt('code-1')).toBe(1);
      expect(await exchange.countFailedAttempt('code-1')).toBe(2);
      const wins = await Promise.all(Array.from({ length: 10 }, () => exchange.redeemOffer('code-1')));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await exchange.getOffer('code-1')).toMatchObject({ redeemed: true, failedAttempts: 2 });
      expect(await exchange.redeemOffer('no-such-code')).toBe(false);
      expect(await exchange.getOffer('no-such-code')).toBeUndefined();
    });

    it('takes a nonce once and uses an access token once', async () => {
      const { exchange } = store.wallet;
      const expiresAt = Date.now() + 300_000;
      await exchange.saveNonce('nonce-1', expiresAt);
      const takes = await Promise.all(Array.from({ length: 5 }, () => exchange.takeNonce('nonce-1')));
      expect(takes.filter((taken) => taken !== undefined)).toEqual([expiresAt]);
      const uses = await Promise.all(Array.from({ length: 5 }, () => exchange.useAccessToken('token-1', expiresAt)));
      expect(uses.filter(Boolean)).toHaveLength(1);
    });

    it('accepts one answer per presentation request, and keeps its outcome', async () => {
      const { presentations } = store.wallet;
      await presentations.saveRequest({ state: 'state-1', nonce: 'n', expiresAt: Date.now() + 600_000, target: 'care-certificate@2025', request: { nonce: 'n' }, outcome: { status: 'pending', expiresAt: '2026-11-28T12:10:00.000Z' } });
      const takes = await Promise.all(Array.from({ length: 5 }, () => presentations.takeRequest('state-1')));
      expect(takes.filter((taken) => taken !== undefined)).toHaveLength(1);
      expect(await presentations.getOutcome('state-1')).toEqual({ status: 'pending', expiresAt: '2026-11-28T12:10:00.000Z' });
      await presentations.saveOutcome('state-1', { status: 'refused', reason: 'the request has expired' });
      expect(await presentations.getOutcome('state-1')).toEqual({ status: 'refused', reason: 'the request has expired' });
      expect(await presentations.takeRequest('state-1')).toBeUndefined();
      expect(await presentations.getOutcome('no-such-state')).toBeUndefined();
    });
    it('completes a VC API exchange once, and keeps its outcome', async () => {
      const { vcApi } = store.wallet;
      await vcApi.save({ id: 'exchange-1', kind: 'issuance', challenge: 'c', expiresAt: Date.now() + 600_000, credential: { competency: 'care-certificate@2025#12' }, completed: false, outcome: { status: 'pending', expiresAt: '2026-11-28T12:10:00.000Z' } });
      expect(await vcApi.get('exchange-1')).toMatchObject({ kind: 'issuance', completed: false, credential: { competency: 'care-certificate@2025#12' } });
      const wins = await Promise.all(Array.from({ length: 5 }, () => vcApi.complete('exchange-1')));
      expect(wins.filter(Boolean)).toHaveLength(1);
      await vcApi.saveOutcome('exchange-1', { status: 'issued', holder: 'did:example:worker', credentialId: 'urn:uuid:1' });
      expect(await vcApi.get('exchange-1')).toMatchObject({ completed: true, outcome: { status: 'issued', holder: 'did:example:worker' } });
      expect(await vcApi.get('no-such-exchange')).toBeUndefined();
    });
  });
}

forEachStore(suite, 'carepass-wallet');
