// Issue 15 in the main process as wired in electron/shell/main.ts, on the Electron stand-in: the tray counts the
// people to call back (read at start from a history an earlier run left, then kept by the push), a missed call's
// notification stays until dismissed, and a voicemail's recording is served over app:// from the data folder with
// range requests, also once the vendor is out of reach. Real: the core on a SQLite file, webhooks over loopback,
// the vendor's recording server (the RECORDINGS stand-in) on loopback.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../electron/core/core';
import { state } from '../support/electronStandIn';
import { callDeliveries, envelope, processedNotification, type CallSpec } from '../support/payloads';
import { postWebhook } from '../support/core';
import { startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';
import { menuLabels, startShell, stopShell, tray, until, win, type ShellHome } from '../support/shellApp';

vi.mock('electron', async () => (await import('../support/electronStandIn')).electron);

let shell: ShellHome;
let vendor: RecordingStandIn;
const tone = wavTone(1.5);

function missed(n: number, callerNumber: string): CallSpec {
  return {
    telmetricsId: String(5_200_000_000 + n),
    callerNumber,
    callerName: `Caller ${n}`,
    answered: false,
    localStart: `2026-11-10T09:${String(n).padStart(2, '0')}:00`,
    ringUtc: `2026-11-10T14:${String(n).padStart(2, '0')}:00.000`,
  };
}

beforeAll(async () => {
  vendor = await startRecordingStandIn();
  // An earlier run left one person to call back.
  shell = await startShell(async (dataDir) => {
    const earlier = await startCore({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
    const call = callDeliveries(missed(1, '4165550201'));
    for (const body of [call.start, call.preprocessed]) expect((await postWebhook(earlier.webhookUrl, body)).status).toBe(200);
    await earlier.close();
  });
});

afterAll(async () => {
  stopShell(shell);
  await vendor.stop();
});

const app = (url: string, init?: RequestInit) => state.protocolHandler!(new Request(url, init));

describe('people to call back, in the tray', () => {
  it('counts the entries an earlier run left, read at start', async () => {
    await until(() => menuLabels().includes('To call back: 1'), 'the count read at start');
    expect(tray().tooltip).toMatch(/^Call Alerts · 1 person to call back · /);
  });

  it('a new caller’s missed call: a notification that stays until dismissed, the count kept by the push, sent to the window', async () => {
    const call = callDeliveries(missed(2, '4165550202'));
    for (const body of [call.start, call.preprocessed]) expect((await postWebhook(shell.webhookUrl, body)).status).toBe(200);
    await until(() => menuLabels().includes('To call back: 2'), 'the pushed count');
    const toast = await until(() => state.notifications.find((n) => n.options.title === 'Missed call: Caller 2'), 'the missed-call notification');
    expect(toast.options).toMatchObject({ timeoutType: 'never' });
    expect(state.notifications.find((n) => n.options.title === 'Caller 2')!.options).not.toHaveProperty('timeoutType');
    const pushed = win().webContents.sent.filter(([channel]) => channel === 'call-alerts:event:follow-ups');
    expect(pushed.at(-1)![1]).toMatchObject({ open: 2, changed: [{ callerNumber: '4165550202', state: 'open', calls: 1 }] });
  });

  it('"To call back: 2" opens the window on the call-back view', async () => {
    tray().pick(/^To call back: 2$/);
    expect(win().visible).toBe(true);
    expect(win().webContents.url).toBe('app://call-alerts/index.html#/call-backs');
  });
});

describe('a voicemail’s recording over app://', () => {
  let src = '';

  it('is downloaded at once and served from the data folder: whole, or the range asked for', async () => {
    vendor.serve('vm-1.wav', { body: tone, contentType: 'audio/wav' });
    const spec = { ...missed(3, '4165550203'), recordingUrl: vendor.url('vm-1.wav') };
    expect((await postWebhook(shell.webhookUrl, envelope([{ ...processedNotification(spec), VoiceMailDetected: true }]))).status).toBe(200);
    const pushed = await until(
      () =>
        win()
          .webContents.sent.map(([, p]) => p as { call?: { id: number; telmetricsId: string; recording: { src: string | null } | null } })
          .find((p) => p.call?.telmetricsId === spec.telmetricsId && p.call.recording?.src),
      'the cached recording pushed to the window',
    );
    src = new URL(pushed.call!.recording!.src!, 'app://call-alerts/index.html#/calls').href;
    expect(src).toBe(`app://call-alerts/api/calls/${pushed.call!.id}/recording`);

    const whole = await app(src);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await whole.arrayBuffer()).equals(tone)).toBe(true);

    const first = await app(src, { headers: { Range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${tone.length}`);
    expect(Buffer.from(await first.arrayBuffer()).equals(tone.subarray(0, 100))).toBe(true);
    const tail = await app(src, { headers: { Range: 'bytes=-44' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(tone.subarray(tone.length - 44))).toBe(true);
    const past = await app(src, { headers: { Range: `bytes=${tone.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${tone.length}`);
  });

  it('still plays with the network to the vendor cut; a recording not on this PC is a 404 that says so', async () => {
    await vendor.stop();
    const again = await app(src, { headers: { Range: 'bytes=100-199' } });
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).equals(tone.subarray(100, 200))).toBe(true);
    const none = await app('app://call-alerts/api/calls/987654/recording');
    expect(none.status).toBe(404);
    expect(await none.text()).toBe('The recording of call 987654 is not downloaded on this PC');
  });
});
