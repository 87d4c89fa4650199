import { defineConfig } from 'tsup';
import shared from '../../tsup.library.js';

// Two entries: the full API (index) and the browser one without the file helpers (browser).
export default defineConfig({ ...(shared as object), entry: ['src/index.ts', 'src/browser.ts'] });
