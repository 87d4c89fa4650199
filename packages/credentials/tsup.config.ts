import { defineConfig } from 'tsup';
import shared from '../../tsup.library.js';

// Three entries: the full API (index), the browser one without the file helpers and worker threads
// (browser), and the worker thread of batch verification, which index starts from beside itself
// (shims give the CommonJS build an import.meta.url to find it by). CAREPASS_BUILT, with syntax
// minification (names and layout stay readable), folds away the test-only path that runs the
// worker from TypeScript source, so it is not in the published package.
export default defineConfig({
  ...(shared as object),
  entry: { index: 'src/index.ts', browser: 'src/browser.ts', 'verify-worker': 'src/batch/verify-worker.ts' },
  shims: true,
  define: { CAREPASS_BUILT: 'true' },
  esbuildOptions(options) {
    options.minifySyntax = true;
  },
});
