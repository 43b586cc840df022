import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The pdf.js data files the reader loads at run time (src/renderer/features/reader/pdfjs.ts):
 * CMaps, standard fonts and the JS (no-wasm) image decoders, copied to <out>/pdfjs/ so both
 * the web host and Electron's file:// page load them from our own origin, never a CDN.
 * Served from node_modules by the dev server. Shared with electron.vite.config.ts.
 */
export function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const pick: Record<string, (f: string) => boolean> = {
    cmaps: (f) => f.endsWith('.bcmap'),
    standard_fonts: (f) => /\.(pfb|ttf)$/.test(f),
    wasm: (f) => f.endsWith('_nowasm_fallback.js'), // the CSP has no 'wasm-unsafe-eval'
  };
  const files = Object.entries(pick).flatMap(([dir, ok]) =>
    readdirSync(join(root, dir))
      .filter(ok)
      .map((f) => `${dir}/${f}`),
  );
  return {
    name: 'pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').split('?')[0]!.slice(1));
        if (!files.includes(name) || !existsSync(join(root, name))) return next();
        res.setHeader('content-type', name.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        createReadStream(join(root, name)).pipe(res);
      });
    },
    generateBundle() {
      for (const f of files)
        this.emitFile({ type: 'asset', fileName: `pdfjs/${f}`, source: readFileSync(join(root, f)) });
    },
  };
}

// The renderer built for the loopback web host (npm run serve) and the end-to-end tests.
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: '/',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
