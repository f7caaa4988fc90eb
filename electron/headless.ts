// Headless mode: the core under plain Node, with the window served over HTTP on loopback.
//   npm run serve -- --data-dir DIR --webhook-port N --app-port M --webhook-token T --webhook-secret S --signature off|report|enforce

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCore, type CoreOptions } from './core/core';
import { SIGNATURE_MODES, type SignatureMode } from './core/ingest/signature';
import { defaultDataDir } from './core/paths';

export const USAGE = `Usage: npm run serve -- [options]

  --data-dir DIR          where the call database lives (default: ${defaultDataDir()})
  --webhook-port N        webhook listener port on 127.0.0.1 (default 47800; 0 = any free port)
  --app-port M            history window and API port on 127.0.0.1 (default 47801; 0 = any free port)
  --webhook-token T       the secret token in the webhook URL (default: made at first run and kept)
  --webhook-secret S      the ms-signature secret configured in Marketing Edge (env CALL_ALERTS_WEBHOOK_SECRET)
  --signature MODE        off | report | enforce (default: report with a secret, off without)
  -h, --help              this text`;

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || +value > 65535) throw new Error(`${name} must be a port number from 0 to 65535`);
  return +value;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CoreOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'webhook-port': { type: 'string' },
      'app-port': { type: 'string' },
      'webhook-token': { type: 'string' },
      'webhook-secret': { type: 'string' },
      signature: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const signature = values.signature;
  if (signature !== undefined && !SIGNATURE_MODES.includes(signature as SignatureMode)) {
    throw new Error(`--signature must be one of ${SIGNATURE_MODES.join(', ')}`);
  }
  return {
    dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()),
    webhookPort: port(values['webhook-port'], '--webhook-port', 47800),
    appPort: port(values['app-port'], '--app-port', 47801),
    webhookToken: values['webhook-token'],
    webhookSecret: values['webhook-secret'] ?? env.CALL_ALERTS_WEBHOOK_SECRET,
    signatureMode: signature as SignatureMode | undefined,
  };
}

async function main(): Promise<void> {
  let options: CoreOptions | 'help';
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const core = await startCore({ ...options, rendererDir: path.join(root, 'dist', 'renderer'), version: process.env.npm_package_version });
  console.log(`Call Alerts is running (data: ${options.dataDir})`);
  console.log(`Webhook URL: ${core.webhookUrl}`);
  console.log(`App URL: ${core.appUrl}`);
  console.log(`Signature check: ${core.config().signatureMode}. Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    core.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`Call Alerts could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
