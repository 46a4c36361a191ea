// Builds the renderer to build/renderer/ with relative URLs (`base: './'`), so the same bundle
// loads from file:// in Electron and from the web host's HTTP server.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 5000,
    // The slow-plugin report is noise on a shared 2-core machine (svelte compile dominates).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
