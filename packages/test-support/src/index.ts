/**
 * @module @carepass/test-support
 *
 * Test-only helpers shared by the Carepass packages' tests (private: never published): sample
 * frameworks and fast-check arbitraries, hostile inputs, the W3C vectors under `fixtures/`,
 * credential mutations, signature-keeping graph rewrites and forgeries, the seed case's worker,
 * running the CLI in-process or as a child process, and an HTTP server for request handlers.
 */
export * from './fixtures.js';
export * from './forgeries.js';
export * from './graph-rewrites.js';
export * from './hostile.js';
export * from './mutations.js';
export * from './run.js';
export * from './seed-worker.js';
export * from './vectors.js';
export * from './images.js';
export * from './source-text.js';
export * from './handler-server.js';
