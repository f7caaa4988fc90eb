// Headless mode: the core under plain Node, with the window served over HTTP on loopback.
//   npm run serve -- --data-dir DIR --webhook-port N --app-port M --webhook-token T --webhook-secret S --signature off|report|enforce
//                    --tunnel ngrok|cloudflared|localtunnel|manual|none (and the provider's options, see usage())
//                    --vendor-api marketing-edge|telmetrics|off --vendor-api-url URL --vendor-api-token T --vendor-api-key K
//                    --store-thread worker|main

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CatchUpStatus, TunnelStatus, UpdateTunnelSettingsRequest } from '../shared/api';
import { keyedAppUrl } from './core/api/accessKey';
import type { CoreOptions } from './core/core';
import { DataFolderBusyError, lockDataFolder } from './core/dataFolderLock';
import { SIGNATURE_MODES, type SignatureMode } from './core/ingest/signature';
import { defaultDataDir } from './core/paths';
import { backupsDir, restoreBackup } from './core/store/backups';
import { parseTunnelUpdate } from './core/tunnel/settings';
import { parseCatchUpSettings } from './core/catchUp/settings';
import type { CoreFront, StoreThread } from './core/thread/front';
import { DEFAULT_STORE_THREAD, startFront, type FrontOptions } from './core/thread/start';

const STORE_THREADS: readonly StoreThread[] = ['worker', 'main'];

/** The help text; a function, so the default data folder is looked up only when it is shown. */
export const usage = (): string => `Usage: npm run serve -- [options]

  --data-dir DIR          where the call database lives (default: ${defaultDataDir().dir})
  --webhook-port N        webhook listener port on 127.0.0.1 (default 47800; 0 = any free port)
  --app-port M            history window and API port on 127.0.0.1 (default 47801; 0 = any free port)
  --webhook-token T       the secret token in the webhook URL (default: made at first run and kept)
  --webhook-secret S      the ms-signature secret configured in Marketing Edge (env CALL_ALERTS_WEBHOOK_SECRET)
  --signature MODE        off | report | enforce (default: report with a secret, off without)
  --recording-budget-mb N disk space the downloaded call recordings may take, in MB (default 2048)
  --restore-backup FILE   replace the call database with a backup (from the data folder's backups/), then exit;
                          the database it replaces is kept beside it, renamed
  --store-thread T        worker | main: where the call database runs (default ${DEFAULT_STORE_THREAD}: its own thread, so a
                          slow search never holds up a webhook; main is the older single-thread way, for comparing)

  Public URL (kept for the next start, like the window's settings):
  --tunnel PROVIDER       ngrok | cloudflared | localtunnel | manual | none
  --ngrok-authtoken T     your ngrok authtoken (env NGROK_AUTHTOKEN, read with --tunnel ngrok)
  --ngrok-domain D        your ngrok domain, e.g. name.ngrok-free.dev (the URL then never changes)
  --cloudflared-token T   a named Cloudflare tunnel's token (env TUNNEL_TOKEN, read with --tunnel cloudflared);
                          without one, a quick tunnel: URL changes on every start, for trying only
  --cloudflared-path P    the cloudflared program (default: CLOUDFLARED_PATH, PATH, the usual folders)
  --localtunnel-host URL  a self-hosted localtunnel relay (default: https://localtunnel.me)
  --localtunnel-subdomain S  the subdomain to ask the relay for (default: made at first use and kept)
  --public-url URL        manual: your own public address of the webhook listener (port forward, proxy)

  Catch-up from the vendor's calls API (kept for the next start; fills in calls missed while this PC was off):
  --vendor-api V          marketing-edge | telmetrics | off
  --vendor-api-url URL    the API's base (default: https://edgeapi.marchex.io/marketingedge/v5, or
                          https://api.telmetrics.com/v3); the app requests <base>/api/calls
  --vendor-api-token T    the API token, Marketing Edge → Settings → API Access (env CALL_ALERTS_VENDOR_API_TOKEN)
  --vendor-api-key K      Marketing Edge's subscription key (env CALL_ALERTS_VENDOR_API_KEY)
  -h, --help              this text`;

/** Each tunnel setting and the flag that sets it. */
const TUNNEL_FLAGS = {
  provider: 'tunnel',
  ngrokAuthtoken: 'ngrok-authtoken',
  ngrokDomain: 'ngrok-domain',
  cloudflaredToken: 'cloudflared-token',
  cloudflaredPath: 'cloudflared-path',
  localtunnelHost: 'localtunnel-host',
  localtunnelSubdomain: 'localtunnel-subdomain',
  manualUrl: 'public-url',
} as const satisfies Record<keyof UpdateTunnelSettingsRequest, string>;

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || +value > 65535) throw new Error(`${name} must be a port number from 0 to 65535`);
  return +value;
}

function megabytes(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}$/.test(value)) throw new Error(`${name} must be a whole number of megabytes`);
  return +value * 1024 * 1024;
}

export type ServeOptions = FrontOptions & {
  /** Restore this backup into the data folder instead of starting. */
  restoreBackup?: string;
};

/** A settings error ("ngrokDomain: must be …") with each setting named by its flag ("--ngrok-domain: …"). */
function inFlagNames(error: string, flags: Readonly<Record<string, string>>): string {
  return error.replace(/\b(\w+):/g, (m, key: string) => (Object.hasOwn(flags, key) ? `--${flags[key]}:` : m));
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'webhook-port': { type: 'string' },
      'app-port': { type: 'string' },
      'webhook-token': { type: 'string' },
      'webhook-secret': { type: 'string' },
      signature: { type: 'string' },
      tunnel: { type: 'string' },
      'ngrok-authtoken': { type: 'string' },
      'ngrok-domain': { type: 'string' },
      'cloudflared-token': { type: 'string' },
      'cloudflared-path': { type: 'string' },
      'localtunnel-host': { type: 'string' },
      'localtunnel-subdomain': { type: 'string' },
      'public-url': { type: 'string' },
      'vendor-api': { type: 'string' },
      'vendor-api-url': { type: 'string' },
      'vendor-api-token': { type: 'string' },
      'vendor-api-key': { type: 'string' },
      'restore-backup': { type: 'string' },
      'recording-budget-mb': { type: 'string' },
      'store-thread': { type: 'string' },
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
  const storeThread = values['store-thread'];
  if (storeThread !== undefined && !STORE_THREADS.includes(storeThread as StoreThread)) {
    throw new Error(`--store-thread must be one of ${STORE_THREADS.join(', ')}`);
  }
  const given: Record<string, string> = {};
  for (const [setting, flag] of Object.entries(TUNNEL_FLAGS)) {
    const value = values[flag];
    if (value !== undefined) given[setting] = value;
  }
  // Tokens come from the environment only for the provider chosen on this command line.
  if (values.tunnel === 'ngrok' && given.ngrokAuthtoken === undefined && env.NGROK_AUTHTOKEN) given.ngrokAuthtoken = env.NGROK_AUTHTOKEN;
  if (values.tunnel === 'cloudflared' && given.cloudflaredToken === undefined && env.TUNNEL_TOKEN) given.cloudflaredToken = env.TUNNEL_TOKEN;
  const tunnel = parseTunnelUpdate(given);
  if ('error' in tunnel) {
    throw new Error(inFlagNames(tunnel.error, TUNNEL_FLAGS));
  }
  const tunnelSettings: UpdateTunnelSettingsRequest | undefined = Object.keys(tunnel).length > 0 ? tunnel : undefined;
  const catchUp = catchUpFlags(values, env);
  return {
    dataDir: path.resolve(values['data-dir'] ?? defaultDataDir().dir),
    webhookPort: port(values['webhook-port'], '--webhook-port', 47800),
    appPort: port(values['app-port'], '--app-port', 47801),
    webhookToken: values['webhook-token'],
    webhookSecret: values['webhook-secret'] ?? env.CALL_ALERTS_WEBHOOK_SECRET,
    signatureMode: signature as SignatureMode | undefined,
    tunnel: tunnelSettings ? { settings: tunnelSettings } : undefined,
    catchUp: catchUp ? { settings: catchUp } : undefined,
    restoreBackup: values['restore-backup'],
    recordingBudgetBytes: megabytes(values['recording-budget-mb'], '--recording-budget-mb'),
    storeThread: storeThread as StoreThread | undefined,
  };
}

/** Each catch-up setting and the flag that sets it. */
const CATCH_UP_FLAGS = { provider: 'vendor-api', baseUrl: 'vendor-api-url', token: 'vendor-api-token', key: 'vendor-api-key' } as const;

/** The catch-up settings the flags and environment give (absent ones are kept), or undefined when none. */
function catchUpFlags(values: Record<string, unknown>, env: NodeJS.ProcessEnv): NonNullable<CoreOptions['catchUp']>['settings'] {
  const given: Record<string, unknown> = {};
  for (const [setting, flag] of Object.entries(CATCH_UP_FLAGS)) if (values[flag] !== undefined) given[setting] = values[flag];
  given.token ??= env.CALL_ALERTS_VENDOR_API_TOKEN || undefined;
  given.key ??= env.CALL_ALERTS_VENDOR_API_KEY || undefined;
  const parsed = parseCatchUpSettings(given);
  if ('error' in parsed) {
    throw new Error(inFlagNames(parsed.error, CATCH_UP_FLAGS));
  }
  const settings = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** The flags that carry a secret, and the environment variable that keeps it out of the process list. */
const SECRET_FLAGS = {
  'webhook-secret': 'CALL_ALERTS_WEBHOOK_SECRET',
  'ngrok-authtoken': 'NGROK_AUTHTOKEN',
  'cloudflared-token': 'TUNNEL_TOKEN',
  'vendor-api-token': 'CALL_ALERTS_VENDOR_API_TOKEN',
  'vendor-api-key': 'CALL_ALERTS_VENDOR_API_KEY',
};

/** A warning for each secret given as a flag: every user of the computer can read a command line. */
export function secretFlagWarnings(argv: string[]): string[] {
  return Object.entries(SECRET_FLAGS).flatMap(([flag, variable]) => {
    const given = argv.some((arg, i) =>
      arg === `--${flag}` ? (argv[i + 1] ?? '') !== '' : arg.startsWith(`--${flag}=`) && arg.length > flag.length + 3,
    );
    return given
      ? [`Warning: --${flag} can be read by every user of this computer in the process list; set ${variable} in the environment instead.`]
      : [];
  });
}

/** `--restore-backup FILE`: only while no copy runs on the data folder (its lock is taken for the restore). */
function restore(dataDir: string, file: string): void {
  const lock = lockDataFolder(dataDir);
  try {
    const { restored, keptAs } = restoreBackup(dataDir, file);
    console.log(`Restored ${path.resolve(file)} as ${restored}.`);
    if (keptAs) console.log(`The database it replaced is kept as ${keptAs}.`);
    console.log(`Start Call Alerts again (backups: ${backupsDir(dataDir)}).`);
  } finally {
    lock.release();
  }
}

/** One line about the public URL for the console. */
export function tunnelLine(status: TunnelStatus): string {
  if (status.provider === 'none') return 'Public URL: not set up yet — open the App URL and follow Setup → Public URL (or see --tunnel in --help)';
  const url = status.publicWebhookUrl ? ` ${status.publicWebhookUrl}` : '';
  const why = status.error || status.unverifiedReason ? ` — ${status.error ?? status.unverifiedReason}` : '';
  const retry = status.nextAttemptAt ? ` Retrying at ${new Date(status.nextAttemptAt).toLocaleTimeString()}.` : '';
  const caveat = status.caveat ? ` (${status.caveat})` : '';
  return `Public URL (${status.provider}, ${status.state}):${url}${caveat}${why}${retry}`;
}

async function main(): Promise<void> {
  let options: ServeOptions | 'help';
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(usage());
    return;
  }
  for (const warning of secretFlagWarnings(process.argv.slice(2))) console.warn(warning);
  if (options.restoreBackup !== undefined) return restore(options.dataDir, options.restoreBackup);
  // Signals are handled from the first moment, so a stop during start-up is clean too.
  let core: CoreFront | null = null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    if (!core) process.exit(0);
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
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { restoreBackup: _restore, ...coreOptions } = options;
  core = await startFront({ ...coreOptions, rendererDir: path.join(root, 'dist', 'renderer'), version: process.env.npm_package_version });
  console.log(`Call Alerts is running (data: ${options.dataDir})`);
  console.log(
    core.storeThread().thread === 'worker'
      ? 'The call database runs in its own thread.'
      : 'The call database runs on the main thread (--store-thread main).',
  );
  console.log(`Webhook URL: ${core.webhookUrl}`);
  // The only line that shows the app's key.
  console.log(`App URL: ${keyedAppUrl(core.appUrl, core.appKey)}`);
  console.log(`Signature check: ${core.signatureMode()}. Press Ctrl-C to stop.`);
  let lastLine = '';
  let warnedFor: string | null = null;
  const printTunnel = (status: TunnelStatus) => {
    const line = tunnelLine(status);
    if (line !== lastLine) console.log(line);
    lastLine = line;
    if (status.state === 'online' && status.urlChanged && status.publicWebhookUrl !== warnedFor) {
      warnedFor = status.publicWebhookUrl;
      console.log(`Update the webhook URL in Marketing Edge to ${status.publicWebhookUrl}, then confirm with POST /api/tunnel/confirm-url.`);
    }
  };
  printTunnel(core.tunnel.status());
  core.tunnel.onChange(printTunnel);
  const catchUp = core.catchUp.status();
  console.log(catchUp.provider === 'off' ? 'Catch-up: off (see --vendor-api in --help)' : `Catch-up: ${catchUp.provider}, ${catchUp.baseUrl}`);
  let lastProblem: string | null = null;
  const printCatchUp = ({ state, error, nextRunAt }: CatchUpStatus) => {
    if (error && error !== lastProblem)
      console.log(`Catch-up ${state}: ${error}${nextRunAt ? ` (next try at ${new Date(nextRunAt).toLocaleTimeString()})` : ''}`);
    lastProblem = error;
  };
  printCatchUp(catchUp);
  core.catchUp.onChange(printCatchUp);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    if (error instanceof DataFolderBusyError) console.error(error.message);
    else console.error(`Call Alerts could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
