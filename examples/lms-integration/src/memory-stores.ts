// In-memory stores for the example; an LMS implements the same two interfaces on its own database.
import type { SignedCredential, StatusListState } from '@carepass/credentials';
import type { CredentialStore, StatusListStore } from './carepass-lms.js';

/** Credentials by learner, in memory. */
export function memoryCredentialStore(): CredentialStore & { all(): Map<string, SignedCredential[]> } {
  const byLearner = new Map<string, SignedCredential[]>();
  return {
    async save(learnerId, credential) {
      byLearner.set(learnerId, [...(byLearner.get(learnerId) ?? []), credential]);
    },
    async list(learnerId) {
      return [...(byLearner.get(learnerId) ?? [])];
    },
    all: () => byLearner,
  };
}

/** One status list, in memory. */
export function memoryStatusListStore(): StatusListStore {
  let state: StatusListState | undefined;
  return {
    async load() {
      return state;
    },
    async save(next) {
      state = next;
    },
  };
}
