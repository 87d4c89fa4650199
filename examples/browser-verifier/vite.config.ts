import { defineConfig } from 'vite';

// A static site: relative asset paths so dist/ can be served from any folder or opened offline.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
});
