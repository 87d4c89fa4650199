import { defineConfig } from 'tsup';

/** The build every library package shares: ESM and CJS with declarations, from src/index.ts. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
