// A stand-in for the Electron binary, for the smoke test of the real bundle: `node <this, bundled> <app folder>` runs
// the folder's package.json "main" the way `electron <app folder>` does, with require('electron') answered by the
// stand-in (electronStandIn.ts), then becomes ready. The test plays the person and the OS over fork()'s IPC channel.

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { electron, launch, setExitHandler, state } from './electronStandIn';

export type StandInCommand =
  | { do: 'snapshot' }
  | { do: 'pick-tray-item'; label: string }
  | { do: 'click-notification'; index: number }
  | { do: 'close-window' }
  /** Calls an IPC operation as the window would (no request). */
  | { do: 'invoke'; channel: string };

export interface StandInReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** What the test can see of the app, as plain data. */
export function snapshot() {
  return {
    ready: state.ready,
    name: state.name,
    userModelId: state.userModelId,
    paths: state.paths,
    privileged: state.privileged,
    applicationMenu: state.applicationMenu === undefined ? 'default' : state.applicationMenu === null ? 'none' : 'set',
    handlers: [...state.handlers.keys()],
    windows: state.windows.map((w) => ({
      visible: w.visible,
      shownBeforePaint: w.shownBeforePaint,
      url: w.webContents.url,
      backgroundColor: w.options.backgroundColor,
      sent: w.webContents.sent,
    })),
    trays: state.trays.map((t) => ({
      image: t.image.path,
      tooltip: t.tooltip,
      labels: t.menu.items.map((i) => i.label ?? '---'),
      destroyed: t.destroyed,
    })),
    notifications: state.notifications.map((n) => ({ title: n.options.title, body: n.options.body })),
    clipboard: state.clipboard,
    errorBox: state.errorBox,
  };
}
export type StandInSnapshot = ReturnType<typeof snapshot>;

function run(command: StandInCommand): unknown {
  if (command.do === 'invoke') {
    const contents = state.windows[0]!.webContents;
    return state.handlers.get(command.channel)!({ sender: contents, senderFrame: contents.mainFrame });
  }
  switch (command.do) {
    case 'snapshot':
      return snapshot();
    case 'pick-tray-item':
      state.trays[0]!.pick(new RegExp(command.label));
      return null;
    case 'click-notification':
      state.notifications[command.index]!.emit('click');
      return null;
    case 'close-window':
      state.windows[0]!.close();
      return null;
  }
}

const appDir = path.resolve(process.argv[2] ?? '.');
const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { main: string; version: string };
state.appPath = appDir;
state.version = manifest.version;
// As in Electron: argv[0] is the app's executable, argv[1] the app folder.
process.argv = [process.execPath, appDir, ...process.argv.slice(3)];

// require('electron') resolves to the stand-in, already loaded, as Electron's own module loader answers it.
const STAND_IN_ID = path.join(appDir, '(electron stand-in)');
const loader = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, Module>;
};
const resolve = loader._resolveFilename.bind(Module);
loader._resolveFilename = (request, ...rest) => (request === 'electron' ? STAND_IN_ID : resolve(request, ...rest));
const standIn = new Module(STAND_IN_ID);
standIn.exports = electron;
standIn.loaded = true;
loader._cache[STAND_IN_ID] = standIn;

setExitHandler((code) => process.exit(code));
process.on('message', (message: { id: number; command: StandInCommand }) => {
  void (async () => {
    let reply: StandInReply;
    try {
      reply = { id: message.id, ok: true, value: await run(message.command) };
    } catch (error) {
      reply = { id: message.id, ok: false, error: (error as Error).stack ?? String(error) };
    }
    process.send!(reply);
  })();
});

Module.createRequire(path.join(appDir, 'package.json'))(path.join(appDir, manifest.main));
// Electron emits ready once the main script has run and the platform has finished launching.
setImmediate(launch);
