// The tray's pure model: icon per state, tooltip, the menu template in each state, pause times.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  pauseLabel,
  pauseUntil,
  publicUrlDown,
  publicUrlStatusLine,
  selfTestLine,
  trayIconFile,
  trayIconState,
  trayMenu,
  tooltipLimit,
  trayClickOpensWindow,
  trayTooltip,
  UnseenCalls,
  webhookUrlNeedsUpdate,
  webhookUrlToCopy,
  type MenuEntry,
  type TrayInput,
  type TunnelView,
} from '../../electron/shell/trayModel';
import { secretProblem } from '../../shared/secretProblems';
import { ROOT } from '../support/headless';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const ONLINE: TunnelView = {
  provider: 'ngrok',
  state: 'online',
  url: 'https://front-desk.ngrok-free.dev',
  publicWebhookUrl: 'https://front-desk.ngrok-free.dev/hooks/abc',
  error: null,
  urlChanged: false,
  lastCheck: { at: '2026-03-10T14:55:00.000Z', ok: true, ms: 142, error: null },
};
const LOCAL = 'http://127.0.0.1:47800/hooks/abc';

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return { now: NOW, tunnel: ONLINE, pausedUntil: null, unseen: 0, startAtLogin: false, localWebhookUrl: LOCAL, timeZone: 'UTC', ...overrides };
}

/** The menu as "label [command]" lines, separators as "---": what a person sees, in order. */
function render(menu: MenuEntry[]): string[] {
  return menu.map((e) => {
    if (e.type === 'separator') return '---';
    if (e.type === 'checkbox') return `${e.checked ? '[x]' : '[ ]'} ${e.label} [${e.command}]`;
    return `${e.label}${e.command ? ` [${e.command}]` : ''}${e.enabled ? '' : ' (disabled)'}`;
  });
}

describe('tray icon state', () => {
  it('is normal while the public URL is online, nothing is paused and nothing is unseen', () => {
    expect(trayIconState(input())).toBe('normal');
  });

  it('shows unseen calls, then a pause over them, then a broken URL over everything', () => {
    expect(trayIconState(input({ unseen: 3 }))).toBe('unseen');
    expect(trayIconState(input({ unseen: 3, pausedUntil: NOW + 60_000 }))).toBe('paused');
    expect(trayIconState(input({ unseen: 3, pausedUntil: NOW + 60_000, tunnel: { ...ONLINE, state: 'failed' } }))).toBe('down');
  });

  it('treats a pause that has run out as no pause', () => {
    expect(trayIconState(input({ pausedUntil: NOW }))).toBe('normal');
    expect(trayIconState(input({ pausedUntil: NOW - 1 }))).toBe('normal');
  });

  it('counts the public URL down when not set up, off, reconnecting or failed, but not while starting', () => {
    expect(publicUrlDown(null)).toBe(true);
    expect(publicUrlDown({ ...ONLINE, provider: 'none', state: 'off' })).toBe(true);
    for (const state of ['off', 'reconnecting', 'failed'] as const) expect(publicUrlDown({ ...ONLINE, state })).toBe(true);
    for (const state of ['online', 'starting'] as const) expect(publicUrlDown({ ...ONLINE, state })).toBe(false);
  });

  it('uses Template images on macOS and colour icons elsewhere, and every one of them exists in build/tray', () => {
    expect(trayIconFile('paused', 'darwin')).toBe('tray-pausedTemplate.png');
    expect(trayIconFile('paused', 'win32')).toBe('tray-paused.png');
    for (const state of ['normal', 'down', 'paused', 'unseen'] as const) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const file = path.join(ROOT, 'build', 'tray', trayIconFile(state, platform));
        expect(fs.existsSync(file), file).toBe(true);
        expect(fs.existsSync(file.replace(/\.png$/, '@2x.png')), `${file} @2x`).toBe(true);
      }
    }
  });
});

describe('tray menu template', () => {
  it('receiving normally', () => {
    expect(render(trayMenu(input()))).toEqual([
      'Open call history [open-history]',
      '---',
      'Public URL: online (front-desk.ngrok-free.dev) (disabled)',
      'Self-test passed at 2:55 PM (142 ms) (disabled)',
      'Copy webhook URL [copy-webhook-url]',
      '---',
      'Pause alerts for 1 hour [pause-hour]',
      'Pause alerts until tomorrow [pause-until-tomorrow]',
      '---',
      '[ ] Start at login [toggle-start-at-login]',
      '---',
      'Quit Call Alerts [quit]',
    ]);
  });

  it('paused: says until when and offers Resume instead of the pause choices', () => {
    const lines = render(trayMenu(input({ pausedUntil: Date.parse('2026-03-10T16:00:00Z') })));
    expect(lines.slice(5, 9)).toEqual(['---', 'Alerts paused until 4:00 PM (disabled)', 'Resume alerts [resume]', '---']);
    expect(lines.join('\n')).not.toContain('pause-hour');
  });

  it('public URL not set up: the status line says so and the entry leads to setting it up, never to the local URL', () => {
    const lines = render(trayMenu(input({ tunnel: null })));
    expect(lines[2]).toBe('Public URL: not set up (disabled)');
    expect(lines[3]).toBe('Set up the public address… [open-public-url]');
    expect(lines.join('\n')).not.toContain('copy-webhook-url');
  });

  it('public URL down: the status line carries the reason, shortened to fit a menu', () => {
    const error = 'The ngrok authtoken was refused: check it in Settings, then restart the tunnel. '.repeat(2);
    const line = render(trayMenu(input({ tunnel: { ...ONLINE, state: 'failed', error } })))[2]!;
    expect(line.startsWith('Public URL: down (The ngrok authtoken was refused')).toBe(true);
    expect(line.replace(' (disabled)', '').length).toBeLessThanOrEqual(80);
    expect(line).toContain('…');
  });

  it('unseen calls: the open item counts them; start at login shows its check mark', () => {
    const lines = render(trayMenu(input({ unseen: 1, startAtLogin: true })));
    expect(lines[0]).toBe('Open call history (1 new call) [open-history]');
    expect(lines).toContain('[x] Start at login [toggle-start-at-login]');
    expect(render(trayMenu(input({ unseen: 4 })))[0]).toBe('Open call history (4 new calls) [open-history]');
  });

  it('people to call back: an item right after the history that opens the call-back view, none while nobody waits', () => {
    const lines = render(trayMenu(input({ toCallBack: 3, unseen: 2 })));
    expect(lines.slice(0, 3)).toEqual(['Open call history (2 new calls) [open-history]', 'To call back: 3 [open-call-backs]', '---']);
    expect(render(trayMenu(input({ toCallBack: 1 })))[1]).toBe('To call back: 1 [open-call-backs]');
    expect(render(trayMenu(input({ toCallBack: 0 })))).toEqual(render(trayMenu(input())));
    expect(render(trayMenu(input())).some((l) => l.startsWith('To call back'))).toBe(false);
  });

  it('while the call-backs of an upgraded history are counted: says so, never a count of those counted so far', () => {
    for (const toCallBack of [0, 7]) {
      expect(render(trayMenu(input({ toCallBack, countingCallBacks: true })))[1]).toBe('To call back: still counting… [open-call-backs]');
      expect(trayTooltip(input({ toCallBack, countingCallBacks: true }))).toBe(
        'Call Alerts · counting call-backs from your history · Public URL: online (front-desk.ngrok-free.dev)',
      );
    }
    expect(render(trayMenu(input({ toCallBack: 7, countingCallBacks: false })))[1]).toBe('To call back: 7 [open-call-backs]');
  });

  it('status lines for every tunnel state', () => {
    expect(publicUrlStatusLine({ ...ONLINE, state: 'starting' })).toBe('Public URL: connecting…');
    expect(publicUrlStatusLine({ ...ONLINE, state: 'reconnecting' })).toBe('Public URL: down, reconnecting…');
    expect(publicUrlStatusLine({ ...ONLINE, state: 'failed', error: null })).toBe('Public URL: down');
    expect(publicUrlStatusLine({ ...ONLINE, state: 'off' })).toBe('Public URL: not set up');
    expect(publicUrlStatusLine({ ...ONLINE, url: null })).toBe('Public URL: online');
    expect(publicUrlStatusLine({ ...ONLINE, verified: false })).toMatch(/^Public URL: online, not verified from this PC \(.+\)$/);
    expect(publicUrlStatusLine({ ...ONLINE, verified: true })).not.toContain('not verified');
  });

  it('URL changed: a warning item first that copies the new URL, the icon says calls cannot arrive, and so does the tooltip', () => {
    const changed: TunnelView = { ...ONLINE, urlChanged: true, publicWebhookUrl: 'https://new-name.trycloudflare.com/hooks/abc' };
    const lines = render(trayMenu(input({ tunnel: changed })));
    expect(lines.slice(0, 3)).toEqual([
      '⚠ Update the webhook URL in Marketing Edge (copy it)… [update-webhook-url]',
      '---',
      'Open call history [open-history]',
    ]);
    expect(webhookUrlToCopy(input({ tunnel: changed }))).toBe('https://new-name.trycloudflare.com/hooks/abc');
    expect(trayIconState(input({ tunnel: changed }))).toBe('down');
    expect(trayIconState(input({ tunnel: changed, pausedUntil: NOW + 60_000 }))).toBe('down');
    expect(trayTooltip(input({ tunnel: changed }))).toBe(
      'Call Alerts · update the webhook URL in Marketing Edge · Public URL: online (front-desk.ngrok-free.dev)',
    );
    // Confirmed in the window: the warning goes, the icon is back to normal.
    expect(render(trayMenu(input()))[0]).toBe('Open call history [open-history]');
    expect(trayIconState(input())).toBe('normal');
  });

  it('no URL-changed warning without a provider (nothing to enter in Marketing Edge)', () => {
    expect(webhookUrlNeedsUpdate(null)).toBe(false);
    expect(webhookUrlNeedsUpdate({ ...ONLINE, provider: 'none', urlChanged: true })).toBe(false);
    expect(webhookUrlNeedsUpdate({ ...ONLINE, urlChanged: true })).toBe(true);
  });

  it('self-test line: passed with its time, failed with the reason shortened, not run yet, none without a tunnel', () => {
    expect(selfTestLine(ONLINE, 'UTC')).toBe('Self-test passed at 2:55 PM (142 ms)');
    const reason = 'The public URL answered 502 instead of this app: check that the port forward points at 127.0.0.1:47800. '.repeat(2);
    const failed = selfTestLine(
      { ...ONLINE, state: 'reconnecting', lastCheck: { at: '2026-03-10T14:58:00.000Z', ok: false, ms: 3000, error: reason } },
      'UTC',
    )!;
    expect(failed.startsWith('Self-test failed at 2:58 PM: The public URL answered 502')).toBe(true);
    expect(failed.length).toBeLessThanOrEqual(80);
    expect(selfTestLine({ ...ONLINE, state: 'starting', lastCheck: null })).toBe('Self-test: not run yet');
    expect(selfTestLine({ ...ONLINE, provider: 'none', state: 'off' })).toBeNull();
    expect(selfTestLine(null)).toBeNull();
    const lines = render(
      trayMenu(
        input({
          tunnel: {
            ...ONLINE,
            state: 'failed',
            error: 'No internet',
            lastCheck: { at: '2026-03-10T14:58:00.000Z', ok: false, ms: 0, error: 'No internet' },
          },
        }),
      ),
    );
    expect(lines.slice(2, 5)).toEqual([
      'Public URL: down (No internet) (disabled)',
      'Self-test failed at 2:58 PM: No internet (disabled)',
      'Copy webhook URL [copy-webhook-url]',
    ]);
  });

  it('copies the public webhook URL when there is one, else the local one', () => {
    expect(webhookUrlToCopy(input())).toBe(ONLINE.publicWebhookUrl);
    expect(webhookUrlToCopy(input({ tunnel: { ...ONLINE, publicWebhookUrl: null } }))).toBe(LOCAL);
  });

  it('tooltip sums up the state in one line', () => {
    expect(trayTooltip(input())).toBe('Call Alerts · Public URL: online (front-desk.ngrok-free.dev)');
    expect(trayTooltip(input({ unseen: 2, pausedUntil: NOW + 30 * 60_000, tunnel: null }))).toBe(
      'Call Alerts · 2 new calls · alerts paused until 3:30 PM · Public URL: not set up',
    );
    expect(trayTooltip(input({ toCallBack: 3, unseen: 2 }))).toBe(
      'Call Alerts · 3 people to call back · 2 new calls · Public URL: online (front-desk.ngrok-free.dev)',
    );
    expect(trayTooltip(input({ toCallBack: 1 }))).toBe('Call Alerts · 1 person to call back · Public URL: online (front-desk.ngrok-free.dev)');
  });
});

describe('tooltip: the urgent state first, within what the platform shows', () => {
  const FAILED: TunnelView = {
    ...ONLINE,
    provider: 'cloudflared',
    state: 'failed',
    urlChanged: true,
    error: 'cloudflared exited with code 1: failed to connect to the edge after 12 attempts, last error: i/o timeout on 198.41.192.7:7844',
  };
  const worst = input({
    database: { kind: 'damaged', file: 'C:\\Users\\Reception Desk\\AppData\\Local\\Call Alerts\\calls.sqlite' },
    secrets: [secretProblem('webhookSecret'), secretProblem('cloudflaredToken')],
    tunnel: FAILED,
    unseen: 1234,
    pausedUntil: NOW + 6 * 24 * 3_600_000,
  });

  it('puts the call database, the keychain, the URL to update and a broken URL before pause, unseen calls and the calm status', () => {
    const calmer = { database: null, secrets: [secretProblem('webhookSecret')], unseen: 3, toCallBack: 2, pausedUntil: NOW + 30 * 60_000 };
    const parts = trayTooltip(input({ ...worst, ...calmer }), 'darwin').split(' · ');
    expect(parts).toEqual([
      'Call Alerts',
      'keychain locked: signatures not checked',
      'update the webhook URL in Marketing Edge',
      expect.stringMatching(/^Public URL: down \(cloudflared exited/),
      '2 people to call back',
      '3 new calls',
      'alerts paused until 3:30 PM',
    ]);
    expect(trayTooltip(input({ tunnel: { ...ONLINE, state: 'reconnecting' }, unseen: 2 }))).toBe(
      'Call Alerts · Public URL: down, reconnecting… · 2 new calls',
    );
  });

  it('never passes 127 characters on Windows, keeping the most urgent; 255 elsewhere', () => {
    const windows = trayTooltip(worst, 'win32');
    expect(windows.length).toBeLessThanOrEqual(127);
    expect(windows).toBe(
      'Call Alerts · the call database is damaged · keychain locked: signatures not checked, the Cloudflare public URL cannot start',
    );
    for (const platform of ['darwin', 'linux'] as const) {
      const tip = trayTooltip(worst, platform);
      expect(tip.length).toBeLessThanOrEqual(tooltipLimit(platform));
      expect(tip.startsWith(windows)).toBe(true);
    }
    // One part alone over the limit is shortened, not dropped.
    const long = trayTooltip(input({ secrets: [{ short: 'x'.repeat(200) }] }), 'win32');
    expect(long).toHaveLength(127);
    expect(long).toMatch(/^Call Alerts · keychain locked: x+…$/);
  });
});

describe('the keychain in the tray menu', () => {
  it('says first what a secret that cannot be read stops, and what to do, on lines that do nothing', () => {
    const lines = render(trayMenu(input({ secrets: [secretProblem('webhookSecret'), secretProblem('ngrokAuthtoken')] })));
    expect(lines.slice(0, 4)).toEqual([
      '⚠ Keychain locked: signatures not checked, the ngrok public URL cannot start (disabled)',
      'Unlock it and restart Call Alerts (the window says how) (disabled)',
      '---',
      'Open call history [open-history]',
    ]);
    expect(render(trayMenu(input({ secrets: [] })))[0]).toBe('Open call history [open-history]');
  });

  it('a click on the icon opens the window except on macOS, where it opens the menu', () => {
    expect(trayClickOpensWindow('darwin')).toBe(false);
    expect(trayClickOpensWindow('win32')).toBe(true);
    expect(trayClickOpensWindow('linux')).toBe(true);
  });
});

describe('pausing alerts', () => {
  it('for one hour is exactly an hour', () => {
    expect(pauseUntil('pause-hour', NOW)).toBe(NOW + 3_600_000);
  });

  it('until tomorrow ends at the next local midnight', () => {
    expect(new Date(pauseUntil('pause-until-tomorrow', NOW, 'UTC')).toISOString()).toBe('2026-03-11T00:00:00.000Z');
    // 10 AM in Toronto (UTC-4 after the change on 8 March) → midnight Toronto = 04:00Z.
    expect(new Date(pauseUntil('pause-until-tomorrow', Date.parse('2026-03-10T14:00:00Z'), 'America/Toronto')).toISOString()).toBe(
      '2026-03-11T04:00:00.000Z',
    );
    // Just before midnight it is still the coming midnight, not the one after.
    expect(new Date(pauseUntil('pause-until-tomorrow', Date.parse('2026-03-10T23:59:30Z'), 'UTC')).toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it('until tomorrow is right on the days daylight saving starts and ends (23- and 25-hour days)', () => {
    // 8 March 2026: Toronto springs forward at 2 AM, the day has 23 hours; midnight after is 04:00Z.
    expect(new Date(pauseUntil('pause-until-tomorrow', Date.parse('2026-03-08T06:00:00Z'), 'America/Toronto')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    // 1 November 2026: falls back, 25 hours; the next midnight is 05:00Z.
    expect(new Date(pauseUntil('pause-until-tomorrow', Date.parse('2026-11-01T04:30:00Z'), 'America/Toronto')).toISOString()).toBe(
      '2026-11-02T05:00:00.000Z',
    );
    // A half-hour zone.
    expect(new Date(pauseUntil('pause-until-tomorrow', Date.parse('2026-03-10T12:00:00Z'), 'Asia/Kolkata')).toISOString()).toBe(
      '2026-03-10T18:30:00.000Z',
    );
  });

  it('labels a pause by when it ends', () => {
    expect(pauseLabel(NOW + 15 * 60_000, NOW, 'UTC')).toBe('until 3:15 PM');
    expect(pauseLabel(pauseUntil('pause-until-tomorrow', NOW, 'UTC'), NOW, 'UTC')).toBe('until tomorrow');
    expect(pauseLabel(Date.parse('2026-03-11T09:00:00Z'), NOW, 'UTC')).toBe('until Wed 9:00 AM');
  });
});

describe('unseen calls', () => {
  it('counts calls that start while the window is not focused, once each, until someone looks', () => {
    const unseen = new UnseenCalls();
    expect(unseen.started(1, false)).toBe(true);
    expect(unseen.started(1, false)).toBe(false);
    expect(unseen.started(2, true)).toBe(false);
    expect(unseen.started(3, false)).toBe(true);
    expect(unseen.count).toBe(2);
    expect(unseen.looked()).toBe(true);
    expect(unseen.count).toBe(0);
    expect(unseen.looked()).toBe(false);
  });
});
