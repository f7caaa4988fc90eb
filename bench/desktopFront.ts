// The desktop app's main process without Electron, for the start and memory figures: bundled as main.cjs is and
// run by plain Node beside the bundled storeWorker.cjs and readerWorker.cjs, it starts the core's front with the
// options electron/shell/main.ts gives it. What it cannot have: Electron itself, the tray and window, and the
// secret bridge to safeStorage (the secrets are the data folder's file, as in headless mode).
//   node desktopFront.cjs --data-dir DIR --webhook-port N --app-port M   prints "App URL: …", stops on SIGTERM

import { parseArgs } from 'node:util';
import { keyedAppUrl } from '../electron/core/api/accessKey';
import { startFront } from '../electron/core/thread/start';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'webhook-port': { type: 'string' }, 'app-port': { type: 'string' } },
    strict: true,
  });
  if (!values['data-dir']) throw new Error('Give --data-dir');
  const front = await startFront({
    dataDir: values['data-dir'],
    secrets: 'file',
    version: 'bench',
    webhookPort: Number(values['webhook-port'] ?? 0),
    appPort: Number(values['app-port'] ?? 0),
    tunnel: { detectSleep: false },
    catchUp: { detectSleep: false },
  });
  // The only line that shows the app's key, as headless mode prints it.
  console.log(`App URL: ${keyedAppUrl(front.appUrl, front.appKey)}`);
  process.once('SIGTERM', () => {
    front.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(`The desktop front could not start: ${(error as Error).message}`);
  process.exit(1);
});
