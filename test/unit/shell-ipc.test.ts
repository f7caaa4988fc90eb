// The IPC contract: compile-time coverage of the window's API, the preload bridge talking to the main
// handlers and the real core (SQLite file, loopback webhooks), argument and sender checks. Electron's IPC
// is replaced by InProcessIpc, which does what Electron does in between: structured-clones arguments and
// results, and wraps a handler's error as "Error invoking remote method …".

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallStreamEvent, FollowUpsEvent, TunnelStatus, UpdateTunnelSettingsRequest } from '../../shared/api';
import type { CallAlertsApi } from '../../shared/bridge';
import { OPERATION_NAMES } from '../../shared/contract/operations';
import { eventChannel, IPC_CHANNELS, type IpcEventName, type IpcEvents } from '../../shared/ipc';
import { readAlertPreferences } from '../../electron/core/store/alertPreferences';
import { createIpcBridge, PUSH_LISTENERS, remoteErrorMessage } from '../../electron/shell/ipcBridge';
import { createIpcHandlers, registerIpcHandlers, type IpcMainPort, type ShellActions } from '../../electron/shell/ipcHandlers';
import type { IpcSender } from '../../electron/shell/windowPolicy';
import { createHttpBridge } from '../../renderer/src/bridge/http';
import { callDeliveries } from '../support/payloads';
import { startTestCore, tempDir, type TestCore } from '../support/core';
import { ROOT } from '../support/headless';

interface InvokeEvent {
  sender: IpcSender;
}

/** Electron's IPC between one window and the main process, in one process. */
class InProcessIpc implements IpcMainPort<InvokeEvent> {
  private readonly handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  /** A renderer port whose messages carry `sender` (what Electron knows about the sending frame). */
  renderer(sender: IpcSender) {
    return {
      invoke: async (channel: string, ...args: unknown[]) => {
        const handler = this.handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        try {
          return structuredClone(await handler({ sender }, ...structuredClone(args)));
        } catch (error) {
          // eslint-disable-next-line preserve-caught-error -- Electron sends only the message across processes; so does the stand-in
          throw new Error(`Error invoking remote method '${channel}': Error: ${(error as Error).message}`);
        }
      },
      listen: (channel: string, listener: (payload: unknown) => void) => {
        const set = this.listeners.get(channel) ?? new Set();
        this.listeners.set(channel, set);
        set.add(listener);
        return () => {
          set.delete(listener);
        };
      },
    };
  }

  /** webContents.send */
  push<E extends IpcEventName>(name: E, payload: IpcEvents[E]): void {
    for (const l of this.listeners.get(eventChannel(name)) ?? []) l(structuredClone(payload));
  }

  get channels(): string[] {
    return [...this.handlers.keys()];
  }
}

const WINDOW: IpcSender = { frameUrl: 'app://call-alerts/index.html#/calls', isMainFrame: true, fromAppWindow: true };

let core: TestCore;
let ipc: InProcessIpc;
let api: CallAlertsApi;
const savedCsv = { file: null as string | null };
const opened: string[] = [];

beforeAll(async () => {
  core = await startTestCore({ version: '9.9.9' });
  ipc = new InProcessIpc();
  const actions: ShellActions = {
    chooseCsvFile: async () => savedCsv.file,
    openExternal: async (url) => {
      opened.push(url);
    },
  };
  registerIpcHandlers(ipc, createIpcHandlers(core, actions), (event) => event.sender);
  // What main.ts does with the feed and the tunnel: every change goes to the window.
  core.feed.onCall((event) => ipc.push('call', event));
  core.tunnel.onChange((status) => ipc.push('tunnel', status));
  core.feed.onFollowUps((event) => ipc.push('follow-ups', event));
  api = createIpcBridge(ipc.renderer(WINDOW));
});
afterAll(async () => {
  await core.stop();
});

describe('contract coverage', () => {
  it('registers one handler per request method of the window API, and the IPC bridge has exactly the HTTP bridge’s members', () => {
    const httpKeys = Object.keys(createHttpBridge('http://127.0.0.1:1')).sort();
    const ipcKeys = Object.keys(api)
      .filter((k) => k !== 'onOpenCall')
      .sort();
    expect(ipcKeys).toEqual(httpKeys);
    const pushes: string[] = Object.values(PUSH_LISTENERS);
    expect(pushes.filter((k) => k !== 'onOpenCall').every((k) => httpKeys.includes(k))).toBe(true);
    const requests = ipcKeys.filter((k) => !['transport', 'subscribe', ...pushes].includes(k)).sort();
    expect([...IPC_CHANNELS].sort()).toEqual(requests);
    expect([...OPERATION_NAMES].sort()).toEqual(requests);
    expect(ipc.channels.sort()).toEqual(requests.map((c) => `call-alerts:${c}`).sort());
    expect(api.transport).toBe('ipc');
  });

  it('fails to compile when the core or the shell leaves an operation out or answers it with another type', { timeout: 60_000 }, () => {
    const dir = tempDir('ipc-contract-');
    const file = path.join(dir, 'check.ts');
    const module = (...parts: string[]) => path.join(ROOT, ...parts).replace(/\\/g, '/');
    const lines = [
      `import type { CoreHandlers } from '${module('electron', 'core', 'api', 'handlers')}';`,
      `import type { IpcHandlers } from '${module('electron', 'shell', 'ipcHandlers')}';`,
      `export const core: CoreHandlers = {} as CoreHandlers;`,
      `export const shell: IpcHandlers = {} as IpcHandlers;`,
      `export const missing: CoreHandlers = {} as Omit<CoreHandlers, 'getCall'>;`,
      `export const wrongResult: CoreHandlers = {} as Omit<CoreHandlers, 'health'> & { health: () => string };`,
      `export const wrongRequest: IpcHandlers = {} as Omit<IpcHandlers, 'getCall'> & { getCall: (id: string) => ReturnType<IpcHandlers['getCall']> };`,
      `export const missingInShell: IpcHandlers = {} as Omit<IpcHandlers, 'openExternal'>;`,
    ];
    fs.writeFileSync(file, lines.join('\n'));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      esModuleInterop: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file.replace(/\\/g, '/'))
      .map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line);
    fs.rmSync(dir, { recursive: true, force: true });
    // Lines 4–7 (0-based) break the contract: each is an error; the whole tables (lines 2–3) are not.
    expect(errors.sort()).toEqual([4, 5, 6, 7]);
  });
});

describe('the window API over IPC, against the real core', () => {
  let callId = 0;

  it('lists, opens and counts calls that arrived as webhooks', async () => {
    const call = callDeliveries({
      telmetricsId: '4100000001',
      callerNumber: '4165550101',
      callerName: 'Pat Doe',
      localStart: '2019-11-15T09:09:54',
      ringUtc: '2019-11-15T14:09:46.100',
    });
    for (const body of [call.start, call.preprocessed, call.processed]) expect((await core.post(body)).status).toBe(200);
    const list = await api.listCalls({ q: 'Pat' });
    expect(list.calls.map((c) => c.callerName)).toEqual(['Pat Doe']);
    callId = list.calls[0]!.id;
    const detail = await api.getCall(callId);
    expect(detail!.call.id).toBe(callId);
    expect(detail!.events.map((e) => e.kind)).toEqual(['start', 'preprocessed', 'processed']);
    expect(await api.getCall(987654)).toBeNull();
    expect(await api.health()).toEqual({ ok: true, version: '9.9.9', calls: 1, secrets: [] });
    expect((await api.listDeliveries({ limit: 2 })).deliveries).toHaveLength(2);
    expect((await api.listDeliveries()).deliveries).toHaveLength(3);
    expect((await api.listAdSources()).channels).toEqual([{ channel: detail!.call.adChannel, sources: [detail!.call.adSource] }]);
  });

  it('saves a name for a caller and labels a line, and the calls then carry them', async () => {
    expect(await api.getContact('(416) 555-0101')).toBeNull();
    const contact = await api.saveContact({ number: '(416) 555-0101', name: 'Patricia Doe', note: 'Prefers email' });
    expect(contact).toMatchObject({ number: '4165550101', name: 'Patricia Doe', note: 'Prefers email' });
    expect(await api.getContact('4165550101')).toEqual(contact);
    const line = await api.saveLine({ number: '8669592359', label: 'Head office' });
    expect(line).toMatchObject({ label: 'Head office', adName: 'ABC Company', name: 'Head office' });
    expect((await api.listLines()).lines).toEqual([line]);
    const call = (await api.getCall(callId))!.call;
    expect(call).toMatchObject({ displayName: 'Patricia Doe', nameSource: 'contact', lineLabel: 'Head office' });
    await expect(api.saveContact({ number: '4165550101', name: ' ' })).rejects.toThrow(/name: must be a name, not empty/);
    expect(await api.deleteContact('4165550101')).toEqual({ number: '4165550101', deleted: true });
    expect((await api.getCall(callId))!.call).toMatchObject({ displayName: 'Pat Doe', nameSource: 'vendor' });
  });

  it('reads and changes settings through the same code as the HTTP API', async () => {
    const settings = await api.getSettings();
    expect(settings.webhookUrl).toBe(core.webhookUrl);
    expect(settings.signature).toEqual({ mode: 'off', secretSet: false });
    const alerts = { onStart: true, onMissed: true, onVoicemail: false, quietHours: { enabled: true, start: '21:30', end: '06:45' } };
    expect((await api.updateSettings({ alerts })).alerts).toEqual(alerts);
    expect(readAlertPreferences(core.store)).toEqual(alerts);
    await expect(api.updateSettings({ signature: { mode: 'enforce' } })).rejects.toThrow(/^Signature mode "enforce" needs a webhook secret$/);
    await expect(api.updateSettings({ alerts: { ...alerts, quietHours: { enabled: true, start: '25:00', end: '06:00' } } })).rejects.toThrow(
      /alerts\.quietHours\.start: must be a time like 07:30/,
    );
    const oldUrl = core.webhookUrl;
    const renewed = await api.regenerateToken();
    expect(renewed.webhookToken).not.toBe(settings.webhookToken);
    expect((await fetch(oldUrl, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('exports the filtered calls as CSV to the file the person chose, and writes nothing when they cancel', async () => {
    const dir = tempDir('csv-');
    savedCsv.file = path.join(dir, 'calls.csv');
    await api.exportCsv({ q: 'Pat', limit: 1, cursor: 'ignored' });
    const text = fs.readFileSync(savedCsv.file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(2);
    expect(text).toContain('Pat Doe');
    savedCsv.file = null;
    await api.exportCsv({});
    expect(fs.readdirSync(dir)).toEqual(['calls.csv']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes a link to the shell to open', async () => {
    await api.openExternal('https://recordings.example.com/1.mp3');
    expect(opened).toEqual(['https://recordings.example.com/1.mp3']);
  });

  it('streams every call change to subscribers until they unsubscribe, and carries open-call requests', async () => {
    const received: CallStreamEvent[] = [];
    const states: string[] = [];
    const unsubscribe = api.subscribe(
      (e) => received.push(e),
      (s) => states.push(s),
    );
    expect(states).toEqual(['live']);
    const call = callDeliveries({
      telmetricsId: '4100000002',
      callerNumber: '4165550102',
      callerName: 'Sam Roe',
      localStart: '2019-11-15T10:00:00',
      ringUtc: '2019-11-15T15:00:00.000',
    });
    await core.post(call.start);
    expect(received).toHaveLength(1);
    expect(received[0]!.call.callerName).toBe('Sam Roe');
    expect(received[0]!.alert!.title).toBe('Sam Roe');
    unsubscribe();
    await core.post(call.preprocessed);
    expect(received).toHaveLength(1);

    const openCalls: number[] = [];
    const stop = api.onOpenCall!((id) => openCalls.push(id));
    ipc.push('openCall', 42);
    stop();
    ipc.push('openCall', 43);
    expect(openCalls).toEqual([42]);
  });
});

describe('people to call back over IPC, against the real core', () => {
  it('a missed call opens an entry; Done with a note pushes follow-ups to the window, until it stops listening', async () => {
    const pushed: FollowUpsEvent[] = [];
    const stop = api.onFollowUps((event) => pushed.push(event));
    const call = callDeliveries({
      telmetricsId: '4100000003',
      callerNumber: '4165550103',
      callerName: 'Lee Moe',
      answered: false,
      localStart: '2019-11-15T11:00:00',
      ringUtc: '2019-11-15T16:00:00.000',
    });
    for (const body of [call.start, call.preprocessed]) expect((await core.post(body)).status).toBe(200);
    const [entry] = (await api.listFollowUps({ state: 'open' })).followUps;
    expect(entry).toMatchObject({ callerNumber: '4165550103', calls: 1, reason: 'missed', state: 'open' });
    expect(pushed.at(-1)).toMatchObject({ open: 1, changed: [{ id: entry!.id, state: 'open' }] });

    await api.updateSettings({ deskName: 'Front desk' });
    const detail = await api.setFollowUp({ id: entry!.lastCallId, state: 'done', note: 'Left a message' });
    expect(detail!.followUp).toMatchObject({ state: 'done', doneBy: 'Front desk', note: 'Left a message', resolution: 'marked' });
    expect(pushed.at(-1)).toMatchObject({ open: 0, changed: [{ id: entry!.id, state: 'done', doneBy: 'Front desk' }] });
    await expect(api.setFollowUp({ id: entry!.lastCallId, state: 'closed' as 'done' })).rejects.toThrow(/^state: must be open or done$/);

    stop();
    const seen = pushed.length;
    await api.setFollowUp({ id: entry!.lastCallId, state: 'open' });
    expect(pushed).toHaveLength(seen);
  });

  it('every push event reaches the bridge method that listens to it', () => {
    const heard: [string, unknown][] = [];
    const stops = Object.entries(PUSH_LISTENERS).map(([event, method]) =>
      (api[method] as (listener: (payload: unknown) => void) => () => void)((payload) => heard.push([event, payload])),
    );
    ipc.push('follow-ups', { open: 2, changed: [], building: false });
    ipc.push('openCall', 7);
    stops.forEach((stop) => stop());
    ipc.push('follow-ups', { open: 3, changed: [], building: false });
    expect(heard).toEqual([
      ['follow-ups', { open: 2, changed: [], building: false }],
      ['openCall', 7],
    ]);
  });
});

describe('the public URL (tunnel) over IPC, against the real core', () => {
  it('sets up a manual URL to the webhook listener, pushes each status change, confirms the URL, sends and removes a test call', async () => {
    const pushed: TunnelStatus[] = [];
    const stop = api.onTunnelChange((status) => pushed.push(status));
    expect((await api.getTunnel()).provider).toBe('none');
    const publicBase = new URL(core.webhookUrl).origin;
    const saved = await api.updateTunnelSettings({ provider: 'manual', manualUrl: publicBase });
    expect(saved.settings.manualUrl).toBe(publicBase);
    await vi.waitFor(() => expect(pushed.at(-1)?.state).toBe('online'), { timeout: 10_000 });
    const online = pushed.at(-1)!;
    expect(online.publicWebhookUrl).toBe(core.webhookUrl);
    expect(online.urlChanged).toBe(true);
    expect((await api.checkTunnel()).ok).toBe(true);

    await expect(api.confirmTunnelUrl(`${publicBase}/hooks/stale`)).rejects.toThrow(/^That is not the current public webhook URL/);
    const confirmed = await api.confirmTunnelUrl(core.webhookUrl);
    expect(confirmed).toMatchObject({ urlChanged: false, confirmedUrl: core.webhookUrl });
    expect(pushed.at(-1)!.urlChanged).toBe(false);

    const result = await api.sendTestCall();
    expect(result).toMatchObject({ ok: true, error: null, status: 200, alerted: true });
    expect(pushed.at(-1)!.testCalls.callIds).toEqual([result.callId]);
    expect(await api.setTestCallsHidden(true)).toEqual({ callIds: [result.callId], hidden: true });
    expect((await api.listCalls({})).calls.map((c) => c.id)).not.toContain(result.callId);
    expect(await api.deleteTestCalls()).toEqual({ deleted: 1 });
    expect(await api.getCall(result.callId!)).toBeNull();
    expect((await api.restartTunnel()).provider).toBe('manual');
    stop();
    const seen = pushed.length;
    await api.setTestCallsHidden(false);
    expect(pushed).toHaveLength(seen);
  });

  it('tokens go in and never come back; bad settings are refused with the field and the reason', async () => {
    const status = await api.updateTunnelSettings({
      provider: 'cloudflared',
      cloudflaredPath: '/nonexistent/cloudflared',
      cloudflaredToken: 'eyJhIjoic2VjcmV0LXRva2VuIn0',
    });
    expect(status.settings.cloudflaredTokenSet).toBe(true);
    expect(JSON.stringify(status)).not.toContain('eyJhIjoic2VjcmV0LXRva2VuIn0');
    expect((await api.updateTunnelSettings({ cloudflaredToken: null })).settings.cloudflaredTokenSet).toBe(false);
    await expect(api.updateTunnelSettings({ provider: 'manual', manualUrl: 'ftp://example.com' })).rejects.toThrow(
      /^manualUrl: must be an http\(s\) address$/,
    );
    await expect(api.updateTunnelSettings({ provider: 'pigeon' } as unknown as UpdateTunnelSettingsRequest)).rejects.toThrow(/^provider: /);
    await expect(api.setTestCallsHidden('yes' as unknown as boolean)).rejects.toThrow(/^hidden: must be true or false$/);
    await api.updateTunnelSettings({ provider: 'none' });
  });
});

describe('what the main process refuses', () => {
  it('arguments that do not match the contract, with the reason', async () => {
    await expect(api.getCall(-1)).rejects.toThrow(/^id: must be a whole number from 1 to /);
    await expect(api.getCall('1' as unknown as number)).rejects.toThrow(/^id: must be a whole number/);
    await expect(api.listCalls({ limit: 1000 })).rejects.toThrow(/^limit: must be a whole number from 1 to 200$/);
    await expect(api.listCalls({ from: 'yesterday' })).rejects.toThrow(/^from: must be an ISO 8601 date/);
    await expect(api.listCalls({ sql: 'drop table calls' } as object)).rejects.toThrow(/^Unrecognized key: "sql"$/);
    await expect(api.listDeliveries({ limit: 0 })).rejects.toThrow(/^limit: must be a whole number from 1 to 500$/);
    await expect((api.health as (...a: unknown[]) => Promise<unknown>)('extra')).rejects.toThrow(/^takes no request$/);
    await expect((api.getCall as (...a: unknown[]) => Promise<unknown>)(1, 2)).rejects.toThrow(/^takes one request, not 2$/);
  });

  it('every request from a frame that is not the app window’s top frame, before touching the core', async () => {
    const token = core.config().token;
    for (const sender of [
      { ...WINDOW, isMainFrame: false },
      { ...WINDOW, fromAppWindow: false },
      { ...WINDOW, frameUrl: 'https://evil.example/' },
      { ...WINDOW, frameUrl: null },
    ]) {
      const intruder = createIpcBridge(ipc.renderer(sender));
      await expect(intruder.regenerateToken()).rejects.toThrow('Refused: this request did not come from the Call Alerts window');
      await expect(intruder.listCalls({})).rejects.toThrow(/^Refused/);
    }
    expect(core.config().token).toBe(token);
  });

  it('keeps Electron’s wrapper off error messages', () => {
    expect(remoteErrorMessage("Error invoking remote method 'call-alerts:getCall': Error: id: must be a whole number")).toBe(
      'id: must be a whole number',
    );
    expect(remoteErrorMessage("Error invoking remote method 'x': TypeError: nope")).toBe('nope');
    expect(remoteErrorMessage('plain')).toBe('plain');
  });
});
