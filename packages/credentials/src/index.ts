/**
 * @module @carepass/credentials
 *
 * Issue and verify Open Badges 3.0 / W3C Verifiable Credentials 2.0 for care workers, with Data
 * Integrity proofs, offline. (Under construction: see the open issue on credentials.)
 */
export {};
