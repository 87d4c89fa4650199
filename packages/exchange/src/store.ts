// Where an issuer keeps what must survive between a wallet's requests: offers (with their one-time
// pre-authorized code and transaction code), one-time nonces, and access tokens already used.
// Every "use once" step is one atomic call, so two replicas sharing a store cannot both honour it.
import type { IssueCredentialRequest } from '@carepass/credentials';

/** What an offer hands over: an issue request without its subject (the wallet's holder DID becomes the subject). */
export type OfferedCredential = IssueCredentialRequest extends infer Request ? (Request extends { subject: unknown } ? Omit<Request, 'subject'> : never) : never;

/** One credential offer, as the store keeps it. */
export interface StoredOffer {
  /** The one-time pre-authorized code the offer carries. */
  preAuthorizedCode: string;
  /** The transaction code the worker is told out of band (e.g. by email), if one is required. */
  txCode?: string;
  /** When the offer expires, in milliseconds since the epoch. */
  expiresAt: number;
  /** The credential configuration offered (`ldp_vc` or `jwt_vc_json`). */
  credentialConfigurationId: string;
  /** What will be issued. */
  credential: OfferedCredential;
  /** Wrong transaction codes tried so far. */
  failedAttempts: number;
  /** Whether the pre-authorized code has been exchanged for an access token. */
  redeemed: boolean;
}

/** The store an issuer keeps offers, nonces and used access tokens in. Implement it over a shared database to run several replicas. */
export interface ExchangeStore {
  /** Saves a new offer. */
  saveOffer(offer: StoredOffer): Promise<void>;
  /** The offer of a pre-authorized code, if any. */
  getOffer(preAuthorizedCode: string): Promise<StoredOffer | undefined>;
  /** Marks an offer redeemed if it was not: true for the one caller that did it (atomic). */
  redeemOffer(preAuthorizedCode: string): Promise<boolean>;
  /** Counts one more wrong transaction code and returns the count (atomic). */
  countFailedAttempt(preAuthorizedCode: string): Promise<number>;
  /** Saves a one-time nonce until it expires. */
  saveNonce(nonce: string, expiresAt: number): Promise<void>;
  /** Removes a nonce and returns its expiry, or undefined if it was unknown or already taken (atomic). */
  takeNonce(nonce: string): Promise<number | undefined>;
  /** Records an access token's id as used: true for the one caller that did it (atomic). */
  useAccessToken(tokenId: string, expiresAt: number): Promise<boolean>;
}

/**
 * An in-memory {@link ExchangeStore}, for one process (tests, demos, a single-instance service).
 * Expired entries are dropped as they are met.
 */
export function createMemoryExchangeStore(options: { now?: () => number } = {}): ExchangeStore {
  const now = options.now ?? Date.now;
  const offers = new Map<string, StoredOffer>();
  const nonces = new Map<string, number>();
  const tokens = new Map<string, number>();
  const sweep = () => {
    const time = now();
    for (const [nonce, expiresAt] of nonces) if (expiresAt < time) nonces.delete(nonce);
    for (const [token, expiresAt] of tokens) if (expiresAt < time) tokens.delete(token);
  };
  return {
    async saveOffer(offer) {
      offers.set(offer.preAuthorizedCode, structuredClone(offer));
    },
    async getOffer(code) {
      const offer = offers.get(code);
      return offer ? structuredClone(offer) : undefined;
    },
    async redeemOffer(code) {
      const offer = offers.get(code);
      if (!offer || offer.redeemed) return false;
      offer.redeemed = true;
      return true;
    },
    async countFailedAttempt(code) {
      const offer = offers.get(code);
      if (!offer) return Number.POSITIVE_INFINITY;
      offer.failedAttempts += 1;
      return offer.failedAttempts;
    },
    async saveNonce(nonce, expiresAt) {
      sweep();
      nonces.set(nonce, expiresAt);
    },
    async takeNonce(nonce) {
      const expiresAt = nonces.get(nonce);
      nonces.delete(nonce);
      return expiresAt;
    },
    async useAccessToken(tokenId, expiresAt) {
      sweep();
      if (tokens.has(tokenId)) return false;
      tokens.set(tokenId, expiresAt);
      return true;
    },
  };
}
