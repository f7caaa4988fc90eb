// The vendor's three samples, posted byte for byte over real HTTP into a real SQLite file.

import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDetailResponse, ListCallsResponse, ListDeliveriesResponse } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { startTestCore, type TestCore } from '../support/core';
import { loadSeeds } from '../support/seeds';

describe('the three seed samples', () => {
  let core: TestCore;
  const seeds = loadSeeds();

  beforeAll(async () => {
    // Read a minute after the sample Call Start rang: within its ring window, it is ringing.
    core = await startTestCore({ now: () => Date.parse('2019-11-15T14:10:45Z') });
    for (const seed of [seeds.start, seeds.preprocessed, seeds.processed]) {
      const res = await core.post(seed.body, seed.headers);
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => core.stop());

  it('give three calls, newest first, with times in UTC', async () => {
    const { calls, nextCursor } = await core.api<ListCallsResponse>('/api/calls');
    expect(nextCursor).toBeNull();
    expect(calls.map((c) => [c.status, c.callerNumber, c.startedAt])).toEqual([
      ['ended', '9055552955', '2019-11-15T14:09:54.000Z'],
      ['ringing', '9055802958', '2019-11-15T14:09:45.591Z'],
      ['processed', '4167370693', '2016-05-04T17:17:24.000Z'],
    ]);
  });

  it('Call Start: a ringing call with its ad source and no placeholder name', async () => {
    const { calls } = await core.api<ListCallsResponse>('/api/calls?q=9055802958');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      telmetricsId: null,
      status: 'ringing',
      callerName: null,
      calledNumber: '8669592359',
      adSource: 'Toll free',
      adChannel: 'Toll free',
      answered: null,
      priorCalls: { count: 0, lastAt: null, lastOutcome: null, recentIds: [] },
    });
  });

  it('Preprocessed: the ended call, Eastern standard time converted', async () => {
    const { calls } = await core.api<ListCallsResponse>('/api/calls?q=John');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      telmetricsId: '2079571437',
      status: 'ended',
      callerName: 'John Smith',
      callerCity: 'Lansing',
      callerState: 'MI',
      answeredAt: '2019-11-15T14:09:56.000Z',
      endedAt: '2019-11-15T14:10:03.000Z',
      durationSeconds: 7,
      answered: true,
      voicemail: null,
      adSource: 'ABC Company',
      displayName: 'John Smith',
      nameSource: 'vendor',
    });
  });

  it('Processed: the processed call, Eastern daylight time converted, transcript and recording kept', async () => {
    const { calls } = await core.api<ListCallsResponse>('/api/calls?q=warranty');
    expect(calls).toHaveLength(1);
    const detail = await core.api<CallDetailResponse>(`/api/calls/${calls[0]!.id}`);
    expect(detail.call).toMatchObject({
      telmetricsId: '1793078638',
      status: 'processed',
      callerCity: 'Toronto',
      callerState: 'ON',
      startedAt: '2016-05-04T17:17:24.000Z',
      endedAt: '2016-05-04T17:17:42.000Z',
      durationSeconds: 10,
      answered: true,
      voicemail: false,
      adSource: 'Google search · Testcampaign',
      adChannel: 'Google search',
      recordingUrl: 'https://win5CalltelligenceAPI.telmetrics.com/filedownload.ashx/58836a43-69a8-463d-85cf-f16275468e9d/1793078638.mp3',
      attribution: {
        source: 'google',
        medium: 'search',
        campaign: 'testcampaign',
        term: 'testing',
        content: 'banner1',
        referrer: 'google.com',
        landingPage: 'http://test.com?utm=...',
        rule: 'abc - google.com',
      },
    });
    expect(detail.events).toHaveLength(1);
    expect(JSON.parse(detail.events[0]!.raw).TelmetricsId).toBe(1793078638);
  });

  it('keeps every delivery raw, byte for byte, with its headers', async () => {
    const { deliveries } = await core.api<ListDeliveriesResponse>('/api/deliveries');
    expect(deliveries.map((d) => d.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(deliveries.map((d) => d.body).sort()).toEqual([seeds.start.body, seeds.preprocessed.body, seeds.processed.body].sort());
    const processed = deliveries.find((d) => d.envelopeId === '647e8029bf9e432582bd746e9f8ee6d9')!;
    expect(processed.headers['x-source-system']).toBe('Telmetrics Inc.');
    expect(processed.actions).toEqual(['CallDetails.CallProcessed']);
  });

  it('stores in WAL mode with synchronous=FULL and numbered migrations', () => {
    const db = new Database(path.join(core.dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 });
    } finally {
      db.close();
    }
  });
});
