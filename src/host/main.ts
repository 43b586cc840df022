import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import { createServices } from '../core/services';
import { AppError } from '../shared/errors';
import { newToken } from './auth';
import { buildRenderer, rendererIsStale, webRootFor } from './build-renderer';
import { startHost } from './server';
import { extraRoutes } from './routes';

const HELP = `Usage: npm run serve -- [--port N] [--data-dir DIR] [--no-build]

Serves Paper Review Studio to a browser on this machine (127.0.0.1 only) and prints
the URL with its access token. --port 0 (the default) picks a free port.
`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('invalid_input', `--port must be a number from 0 to 65535, got "${values.port}".`);
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (!values['no-build'] && rendererIsStale(repoRoot)) {
    process.stderr.write('Building the user interface (first run or sources changed)...\n');
    await buildRenderer(repoRoot);
  }
  const services = createServices({ dataDir: resolveDataDir(values['data-dir']), host: 'web' });
  const host = await startHost({
    services,
    webRoot: webRootFor(repoRoot),
    port,
    token: newToken(),
    routes: extraRoutes(services),
  });
  process.stdout.write(`Paper Review Studio: ${host.url}\n`);
  const stop = async () => {
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`paper-review serve: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
