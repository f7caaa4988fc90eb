// The desktop app's main process: starts the core (the same one headless mode runs, its store in a worker thread)
// and wires its front to the tray, native notifications and the window. This thread never waits on SQLite: what it
// shows comes from the front's mirror. Decisions live in the pure modules beside this file.

import os from 'node:os';
import path from 'node:path';
import { app, clipboard, dialog, ipcMain, Menu, Notification, powerMonitor, safeStorage, shell } from 'electron';
import { lockDataFolder } from '../core/dataFolderLock';
import { defaultDataDir } from '../core/paths';
import type { CoreFront } from '../core/thread/front';
import { SecretBridgeServer } from '../core/thread/secretBridge';
import { startFront } from '../core/thread/start';
import { applicationMenu, KEEP_DEFAULT_MENU } from './appMenu';
import { AppWindow, guardWebContents, lockDownSession, registerAppScheme, serveAppScheme } from './appWindow';
import { APP_ID, HIDDEN_FLAG, PRODUCT_NAME } from './identity';
import { createIpcHandlers, registerIpcHandlers, type ShellActions } from './ipcHandlers';
import { ENCRYPTED_SECRETS_FILE, logsDir, PLAIN_SECRETS_FILE, webhookPort } from './locations';
import { linuxLoginItem, loginCommand, macLoginItem } from './loginItem';
import { openLog, teeConsole, teeWorkerOutput } from './log';
import { Notifier } from './notifier';
import { EncryptedSecretStore, importPlainSecrets } from './secretStore';
import { electronSqliteBinding } from './sqliteBinding';
import { AppTray } from './tray';
import { isPaused, pauseUntil, storeThreadRedraws, UnseenCalls, webhookUrlToCopy, type TrayCommand, type TrayInput } from './trayModel';
import { CALL_BACKS_ROUTE, externalUrl, PUBLIC_URL_ROUTE } from './windowPolicy';

/** Settings key of the alert pause (epoch ms), so a pause survives a restart. */
const PAUSE_KEY = 'alertsPausedUntil';

const dataFolder = defaultDataDir();
const dataDir = dataFolder.dir;
app.setName(PRODUCT_NAME);
// Electron's own files (cache, local storage) live beside the call database, in one folder to back up or remove.
app.setPath('userData', dataDir);
app.setAppLogsPath(logsDir(process.platform, dataDir, os.homedir()));
app.setAppUserModelId(APP_ID);
registerAppScheme();
// Before ready, so Electron never installs its default menu (Reload, DevTools) in a packaged app.
const menu = applicationMenu(process.platform, app.isPackaged);
if (menu !== KEEP_DEFAULT_MENU) Menu.setApplicationMenu(menu && Menu.buildFromTemplate(menu));

/** Files shipped with the app: inside app.asar when packaged, the project folder in development. */
const appPath = app.getAppPath();
const resources = {
  renderer: path.join(appPath, 'dist', 'renderer'),
  preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
  trayIcons: app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(appPath, 'build', 'tray'),
  appIcon: app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(appPath, 'build', 'icons', '256x256.png'),
};

function loginItem(): { enabled(): boolean; set(enabled: boolean): void } {
  const command = loginCommand(process.env, process.execPath, app.isPackaged, appPath);
  if (process.platform === 'linux') {
    return { enabled: () => linuxLoginItem.enabled(), set: (on) => linuxLoginItem.set(on, command) };
  }
  if (process.platform === 'darwin') {
    return {
      enabled: () => macLoginItem.enabled(),
      set: (on) => {
        macLoginItem.set(on, command);
        // A login item an earlier version made through Electron would start the app a second time, shown.
        app.setLoginItemSettings({ openAtLogin: false });
      },
    };
  }
  // Windows needs the same path and arguments to read the setting back.
  const item = { path: command[0]!, args: [...command.slice(1), HIDDEN_FLAG] };
  return {
    enabled: () => app.getLoginItemSettings(item).openAtLogin,
    set: (on) => app.setLoginItemSettings({ ...item, openAtLogin: on }),
  };
}

async function run(): Promise<void> {
  const log = openLog(app.getPath('logs'));
  teeConsole(log);
  // The store's and the reader's threads print to this process's stdout and stderr, not through this console.
  teeWorkerOutput(log);
  if (dataFolder.note) console.log(dataFolder.note);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  // Without this listener Electron quits when the window closes; the app lives on in the tray.
  app.on('window-all-closed', () => undefined);
  await app.whenReady();
  lockDownSession();

  const runtime = { electron: process.versions.electron, packaged: app.isPackaged, platform: process.platform, arch: process.arch };
  const sqliteBinding = electronSqliteBinding(runtime, appPath);
  // Before anything in the data folder changes: a copy running on it (headless too) keeps it.
  const lock = lockDataFolder(dataDir);
  const plainSecrets = path.join(dataDir, PLAIN_SECRETS_FILE);
  const secrets = new EncryptedSecretStore(path.join(dataDir, ENCRYPTED_SECRETS_FILE), safeStorage, process.platform, plainSecrets);
  const moved = importPlainSecrets(plainSecrets, secrets, safeStorage);
  if (moved.length > 0) console.log(`Moved ${moved.join(', ')} from the plain secrets file into the encrypted store`);
  // safeStorage exists only on this thread: the store worker reads and writes the secrets through the bridge.
  const secretBridge = new SecretBridgeServer(secrets);

  const core: CoreFront = await startFront({
    dataDir,
    lock,
    secrets: secretBridge.port,
    version: app.getVersion(),
    webhookPort: webhookPort(process.env),
    appPort: 0,
    // powerMonitor reports sleep here (below); the core's timer-gap detectors are for headless mode.
    tunnel: { detectSleep: false },
    catchUp: { detectSleep: false },
    sqliteBinding,
  });
  // Before the window exists: its page and the recordings it plays come from here.
  serveAppScheme(resources.renderer, (callId) => core.recordingFile(callId));
  console.log(
    `Call Alerts ${app.getVersion()} is running (data: ${dataDir}); webhook listener ${core.webhookUrl.replace(/\/hooks\/.*/, '/hooks/…')}`,
  );

  const unseen = new UnseenCalls();
  // The tray's count of people to call back: the front's at start, then each push's.
  let toCallBack = core.openFollowUps();
  let countingCallBacks = core.followUpsBuilding();
  const login = loginItem();
  const storedPause = Number(await core.shellSetting(PAUSE_KEY));
  let pausedUntil: number | null = isPaused(storedPause, Date.now()) ? storedPause : null;
  let pauseTimer: NodeJS.Timeout | null = null;

  const window = new AppWindow({ preload: resources.preload, icon: process.platform === 'linux' ? resources.appIcon : null }, (focused) => {
    if (focused && unseen.looked()) refreshTray();
  });
  const trayInput = (): TrayInput => ({
    now: Date.now(),
    tunnel: core.tunnel.status(),
    pausedUntil,
    unseen: unseen.count,
    toCallBack,
    countingCallBacks,
    startAtLogin: login.enabled(),
    localWebhookUrl: core.webhookUrl,
    database: core.database.check(),
    secrets: core.secretProblems(),
    storeThread: core.storeThread(),
  });
  const setPause = (until: number | null) => {
    pausedUntil = until;
    // Kept for the next start; the pause itself applies at once, whether or not the write succeeds.
    core.setShellSetting(PAUSE_KEY, until === null ? '' : String(until)).catch((error: unknown) => {
      console.error(`Could not keep the alert pause for the next start: ${(error as Error).message}`);
    });
    if (pauseTimer) clearTimeout(pauseTimer);
    // Redraw when the pause ends; the longest pause ("until tomorrow") is within a timer's range.
    pauseTimer = until === null ? null : setTimeout(() => setPause(null), until - Date.now());
    refreshTray();
  };
  const commands: Record<TrayCommand, () => void> = {
    'open-history': () => window.show(),
    'open-call-backs': () => window.showRoute(CALL_BACKS_ROUTE),
    'copy-webhook-url': () => clipboard.writeText(webhookUrlToCopy(trayInput())),
    'open-public-url': () => window.showRoute(PUBLIC_URL_ROUTE),
    // The new URL on the clipboard, and the window whose banner confirms it was entered in Marketing Edge.
    'update-webhook-url': () => {
      clipboard.writeText(webhookUrlToCopy(trayInput()));
      window.show();
    },
    'pause-hour': () => setPause(pauseUntil('pause-hour', Date.now())),
    'pause-until-tomorrow': () => setPause(pauseUntil('pause-until-tomorrow', Date.now())),
    resume: () => setPause(null),
    'toggle-start-at-login': () => {
      login.set(!login.enabled());
      refreshTray();
    },
    quit: () => app.quit(),
  };
  /** The store thread's state the tray last drew: any redraw (a tunnel change too) may have drawn a passing restart. */
  let drawnStoreThread: TrayInput['storeThread'] = core.storeThread();
  const drawnInput = (): TrayInput => {
    const input = trayInput();
    drawnStoreThread = input.storeThread ?? drawnStoreThread;
    return input;
  };
  const tray = new AppTray(resources.trayIcons, (command) => commands[command](), drawnInput());
  function refreshTray(): void {
    tray.render(drawnInput());
  }
  if (pausedUntil !== null) setPause(pausedUntil);
  core.database.onChange(() => refreshTray());
  core.onSecretProblemsChange(() => refreshTray());
  const stopStoreWatch = core.onStoreThreadChange((status) => {
    if (storeThreadRedraws(drawnStoreThread, status)) refreshTray();
  });
  core.tunnel.onChange((status) => {
    refreshTray();
    window.send('tunnel', status);
  });

  if (!Notification.isSupported()) console.warn('This system does not support native notifications: calls will only show in the window.');
  const notifier = new Notifier({
    create: (options) => new Notification(options),
    open: (callId) => window.show(callId),
    preferences: () => core.alertPreferences(),
    pausedUntil: () => pausedUntil,
    icon: resources.appIcon,
  });
  core.feed.onCall((event) => {
    notifier.onCall(event);
    window.send('call', event);
    if (event.alert && unseen.started(event.call.id, window.isFocused())) refreshTray();
  });
  // A catch-up run's calls arrive above without alerts; this is their one summary notification.
  core.feed.onCatchUp((event) => {
    notifier.onCatchUp(event);
    window.send('catch-up', event);
  });

  // Read again where the pushes begin: a count that ended during the start above pushed to nobody.
  toCallBack = core.openFollowUps();
  countingCallBacks = core.followUpsBuilding();
  refreshTray();
  core.feed.onFollowUps((event) => {
    toCallBack = event.open;
    countingCallBacks = event.building;
    refreshTray();
    window.send('follow-ups', event);
  });

  const actions: ShellActions = {
    async chooseCsvFile(suggestedName) {
      const result = await dialog.showSaveDialog({
        defaultPath: path.join(app.getPath('downloads'), suggestedName),
        filters: [{ name: 'CSV (spreadsheet)', extensions: ['csv'] }],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async openExternal(url) {
      const safe = externalUrl(url);
      if (!safe) throw new Error('Only web links (http, https) and phone numbers (tel:) can be opened');
      await shell.openExternal(safe);
    },
  };
  registerIpcHandlers(ipcMain, createIpcHandlers(core, actions), (event) => ({
    frameUrl: event.senderFrame?.url ?? null,
    isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
    fromAppWindow: window.owns(event.sender),
  }));

  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  // After sleep the tunnel's connection is stale and timers have stalled: reconnect, fetch the calls the
  // vendor sent while the PC slept, and redraw (a pause may have ended meanwhile).
  powerMonitor.on('resume', () => {
    core.tunnel.resume();
    core.catchUp.run('wake');
    if (pausedUntil !== null && !isPaused(pausedUntil, Date.now())) setPause(null);
    else refreshTray();
  });

  let closing = false;
  app.on('before-quit', () => window.allowClose());
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    // Let deliveries in flight commit (their webhooks get their 2xx) before the process ends.
    event.preventDefault();
    notifier.dispose();
    stopStoreWatch();
    tray.destroy();
    core
      .close()
      .catch((error: unknown) => console.error('Could not close the core cleanly:', error))
      .finally(() => {
        // Once the store worker has exited: until then it may still read or write a secret.
        secretBridge.close();
        app.quit();
      });
  });

  // Every login item passes the flag (loginItem.ts): macOS 13+ cannot say otherwise that it started at login.
  if (!process.argv.includes(HIDDEN_FLAG)) window.show();
}

function fatal(error: unknown): void {
  const message = (error as Error)?.message ?? String(error);
  console.error('Call Alerts could not start:', error);
  dialog.showErrorBox(`${PRODUCT_NAME} could not start`, message);
  app.exit(1);
}

if (app.requestSingleInstanceLock()) run().catch(fatal);
else app.quit();
