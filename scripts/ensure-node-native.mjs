// better-sqlite3 is a native addon built for one ABI at a time: `npm start` rebuilds it for
// Electron, the tests run it under Node. Rebuild it for Node when it does not load here.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (e) {
  if (!/NODE_MODULE_VERSION|was compiled against|invalid ELF|cannot open shared object/i.test(String(e)))
    throw e;
  console.error('better-sqlite3 was built for another runtime (Electron); rebuilding it for Node...');
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
}
