// Vitest setup for every test file: trap the network (see no-network.mjs), and fail any test during
// which something tried to reach off the machine.
import { afterEach, expect } from 'vitest';
import './no-network.mjs';

const attempts = (globalThis as { __carepassNetworkAttempts?: string[] }).__carepassNetworkAttempts ?? [];

afterEach(() => {
  const made = attempts.splice(0);
  expect(made, 'a test tried to reach the network').toEqual([]);
});
