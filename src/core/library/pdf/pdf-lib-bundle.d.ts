// pdf-lib's one-file build (font-differences.ts loads it: it starts faster than the package's
// main entry) has the package's own API and types.
declare module 'pdf-lib/dist/pdf-lib.min.js' {
  export * from 'pdf-lib';
}
