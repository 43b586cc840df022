// Imported, not read from disk: the bundlers (electron-vite, esbuild for workers) inline it,
// so the version is right wherever the code ends up.
import pkg from '../../package.json';

export const APP_VERSION: string = pkg.version;
export const APP_NAME: string = pkg.productName;
