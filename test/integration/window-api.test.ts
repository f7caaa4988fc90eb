// The API only the window uses: settings, token regeneration, the ad-source list and CSV export, over real
// HTTP on loopback with a real SQLite file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdSourcesResponse, SettingsResponse } from '../../shared/api';
import { startTestCore, type TestCore } from '../support/core';
import { callDeliveries, type CallSpec } from '../support/payloads';

let core: TestCore;

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await core.appFetch(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const calls: CallSpec[] = [
  {
    telmetricsId: '4100000001',
    callerNumber: '4165550101',
    callerName: 'Ann Lee',
    city: 'Toronto',
    localStart: '2019-11-15T10:00:00',
    ringUtc: '2019-11-15T14:59:52.000',
    utmSource: 'google',
  },
  {
    telmetricsId: '4100000002',
    callerNumber: '9055550102',
    callerName: '=SUM(A1:A9)',
    city: 'Hamilton, east',
    localStart: '2019-11-15T11:00:00',
    ringUtc: '2019-11-15T15:59:52.000',
    utmSource: 'bing',
    answered: false,
  },
  {
    telmetricsId: '4100000003',
    callerNumber: '6475550103',
    callerName: 'Cara "CJ" Diaz',
    city: 'Toronto',
    localStart: '2019-11-16T09:00:00',
    ringUtc: '2019-11-16T13:59:52.000',
  },
];

beforeAll(async () => {
  core = await startTestCore();
  for (const c of calls) {
    const d = callDeliveries(c);
    for (const body of [d.start, d.preprocessed, d.processed]) expect((await core.post(body)).status).toBe(200);
  }
});

afterAll(async () => {
  await core?.stop();
});

describe('window settings', () => {
  it('shows the webhook URL, token, signature state, alert defaults and data folder, never the secret', async () => {
    const s = await core.api<SettingsResponse>('/api/settings');
    expect(s.webhookUrl).toBe(core.webhookUrl);
    expect(s.webhookUrl.endsWith(`/hooks/${s.webhookToken}`)).toBe(true);
    expect(s.signature).toEqual({ mode: 'off', secretSet: false });
    expect(s.alerts).toEqual({ onStart: true, onMissed: true, onVoicemail: true, quietHours: { enabled: false, start: '22:00', end: '07:00' } });
    expect(s.dataDir).toBe(core.dataDir);
  });

  it('sets the signature secret and mode, keeps the secret when only the mode changes, and clears it', async () => {
    const noSecret = await send('PUT', '/api/settings', { signature: { mode: 'enforce' } });
    expect(noSecret.status).toBe(400);
    expect(JSON.parse(noSecret.text).error).toContain('needs a webhook secret');

    const set = await send('PUT', '/api/settings', { signature: { mode: 'report', secret: 'a-secret-of-some-length' } });
    expect(set.status).toBe(200);
    expect(set.text).not.toContain('a-secret-of-some-length');
    expect(JSON.parse(set.text).signature).toEqual({ mode: 'report', secretSet: true });
    expect(core.config()).toMatchObject({ secret: 'a-secret-of-some-length', signatureMode: 'report' });

    expect(JSON.parse((await send('PUT', '/api/settings', { signature: { mode: 'enforce' } })).text).signature).toEqual({
      mode: 'enforce',
      secretSet: true,
    });
    expect(core.config().secret).toBe('a-secret-of-some-length');

    expect(JSON.parse((await send('PUT', '/api/settings', { signature: { mode: 'off', secret: null } })).text).signature).toEqual({
      mode: 'off',
      secretSet: false,
    });
    expect(core.config()).toMatchObject({ secret: null, signatureMode: 'off' });
  });

  it('stores alert preferences and refuses malformed ones', async () => {
    const alerts = { onStart: false, onMissed: true, onVoicemail: true, quietHours: { enabled: true, start: '21:30', end: '06:45' } };
    expect((await send('PUT', '/api/settings', { alerts })).status).toBe(200);
    expect((await core.api<SettingsResponse>('/api/settings')).alerts).toEqual(alerts);
    for (const bad of [
      { alerts: { ...alerts, quietHours: { enabled: true, start: '25:00', end: '06:45' } } },
      { alerts: { ...alerts, onStart: 'yes' } },
      { unknown: true },
    ]) {
      const res = await send('PUT', '/api/settings', bad);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toBeTruthy();
    }
    expect((await core.api<SettingsResponse>('/api/settings')).alerts).toEqual(alerts);
  });

  it('regenerates the token: the old webhook URL stops working at once', async () => {
    const before = await core.api<SettingsResponse>('/api/settings');
    const res = await send('POST', '/api/settings/regenerate-token');
    expect(res.status).toBe(200);
    const after = JSON.parse(res.text) as SettingsResponse;
    expect(after.webhookToken).not.toBe(before.webhookToken);
    expect(after.webhookToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const probe = callDeliveries({ ...calls[0]!, telmetricsId: '4100000009' }).start;
    expect((await fetch(before.webhookUrl, { method: 'POST', body: probe })).status).toBe(404);
    expect((await fetch(after.webhookUrl, { method: 'POST', body: probe })).status).toBe(200);
  });

  it('refuses changes from another origin', async () => {
    const res = await send('POST', '/api/settings/regenerate-token', undefined, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('ad sources and CSV export', () => {
  it('lists every ad source once, sorted, in plain words grouped by channel', async () => {
    const { channels } = await core.api<AdSourcesResponse>('/api/ad-sources');
    const names = channels.map((g) => g.channel);
    expect(names).toEqual([...new Set(names)].sort((a, b) => a.localeCompare(b)));
    for (const { sources } of channels) expect(sources).toEqual([...new Set(sources)].sort((a, b) => a.localeCompare(b)));
    expect(channels).toEqual(
      expect.arrayContaining([
        { channel: 'Bing Ads', sources: ['Bing Ads'] },
        { channel: 'Google Ads', sources: ['Google Ads'] },
      ]),
    );
  });

  it('exports the filtered calls, newest first, in the asked zone, with formulas neutralised', async () => {
    const res = await send('GET', '/api/calls.csv?q=hamilton&tz=America/Toronto');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="calls-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,'=SUM(A1:A9),(905) 555-0102,"Hamilton, east",`);
    expect(lines[1]).toContain(',2019-11-15 11:00:00,2019-11-15T16:00:00.000Z,');
    expect(lines[1]).toContain(',missed,');

    const all = (await send('GET', '/api/calls.csv')).text.trimEnd().split('\r\n');
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all[1]).toContain('"Cara ""CJ"" Diaz"');
    expect((await send('GET', '/api/calls.csv?status=missed')).text.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('refuses a bad filter or time zone', async () => {
    expect((await send('GET', '/api/calls.csv?status=maybe')).status).toBe(400);
    expect((await send('GET', '/api/calls.csv?tz=Mars/Olympus')).status).toBe(400);
  });
});
