import { createRequire } from 'node:module';

// Read once from package.json so the CLI, the host and exports agree on the version.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string; productName: string };

export const APP_VERSION: string = pkg.version;
export const APP_NAME: string = pkg.productName;
