import { pdfjs } from 'react-pdf';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api';
// Vite emits the worker as a file of our own bundle: the CSP allows workers from 'self' only.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * pdf.js data files, copied into the build by the pdfjsAssets() Vite plugin
 * (vite.web.config.ts). Resolved against the page so the same code works from the web
 * host (http://127.0.0.1/) and from Electron's file:// page (base './').
 */
const assets = (dir: string) => new URL(`${import.meta.env.BASE_URL}pdfjs/${dir}/`, document.baseURI).href;

/**
 * One frozen options object for every <Document>: react-pdf reloads the document when
 * the options identity changes. No eval (strict CSP), no WebAssembly (the CSP has no
 * 'wasm-unsafe-eval'; pdf.js falls back to its JS decoders), nothing from a CDN.
 */
export const PDF_OPTIONS: Readonly<DocumentInitParameters> = Object.freeze({
  isEvalSupported: false,
  useWasm: false,
  enableXfa: false,
  cMapUrl: assets('cmaps'),
  cMapPacked: true,
  standardFontDataUrl: assets('standard_fonts'),
  wasmUrl: assets('wasm'),
});
