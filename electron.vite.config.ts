import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { pdfjsAssets } from './vite.web.config';

// main and preload are Node/Electron bundles; the renderer is the same React app the web
// host serves (see vite.web.config.ts).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Workers are their own entries: they run in other threads/processes, and core
        // finds them next to the main bundle (see src/main/workers.ts).
        input: {
          index: resolve('src/main/index.ts'),
          'engine-worker': resolve('src/core/engine/worker-entry.ts'),
          'extract-worker': resolve('src/core/library/pdf/extract-worker.ts'),
          'export-worker': resolve('src/core/export/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), pdfjsAssets()],
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
