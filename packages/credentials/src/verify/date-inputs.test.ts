// Every point in time the API takes is a Date or an ISO 8601 string (DateInput), read the same way
// everywhere; what it gives back is an ISO string.
import { isCarepassError } from '@carepass/frameworks';
import { describe, expect, it } from 'vitest';
import { createPresentation, createTrustRegistry, generateIssuerKey, issueCredential, signCredential, verifyCredential, verifyCredentials } from '../index.js';

const refusedWith = async (run: () => Promise<unknown>) => {
  const error = await run().then(() => undefined, (caught: unknown) => caught);
  return isCarepassError(error, 'INVALID_ARGUMENT') ? error.message : `not refused with INVALID_ARGUMENT: ${String(error)}`;
};

describe('date inputs', () => {
  it('gives the same verdict for now as a Date or as its ISO string, and an expiry is seen either way', async () => {
    const key = await generateIssuerKey();
    const credential = await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: 'did:example:worker' }, validUntil: '2027-01-01T00:00:00Z' }, { key, now: '2026-01-01T00:00:00Z', created: '2026-01-01' });
    expect(credential.validFrom).toBe('2026-01-01T00:00:00Z');
    expect((credential.proof as { created: string }[])[0]?.created).toBe('2026-01-01T00:00:00Z');
    for (const [now, status] of [['2026-06-01', 'valid'], ['2027-06-01T00:00:00+01:00', 'expired']] as const) {
      const asString = await verifyCredential(credential, { now });
      const asDate = await verifyCredential(credential, { now: new Date(now.length === 10 ? `${now}T00:00:00Z` : now) });
      expect(asString.status).toBe(status);
      expect(asDate).toEqual(asString);
    }
    const [batched] = await verifyCredentials([credential], { now: '2027-06-01', threads: 0 });
    expect(batched?.status).toBe('expired');
  });

  it('refuses a date that is not one with INVALID_ARGUMENT naming the option, not a RangeError', async () => {
    const key = await generateIssuerKey();
    const credential = await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: 'did:example:worker' } }, { key });
    expect(await refusedWith(() => createPresentation([credential], { key, challenge: 'c', domain: 'd', created: 'last Tuesday' }))).toMatch(/^created "last Tuesday" is not an ISO 8601 date/u);
    expect(await refusedWith(() => verifyCredential(credential, { now: '2026-02-30' }))).toMatch(/^now "2026-02-30"/u);
    expect(await refusedWith(() => signCredential({ ...credential, proof: undefined }, { key, created: new Date(Number.NaN) }))).toBe('created is an invalid Date');
    expect(await refusedWith(() => createTrustRegistry({ key, name: 'Registry', validFrom: '01/04/2026' }))).toMatch(/^validFrom "01\/04\/2026"/u);
  });
});
