// The catch-up figure: a first run fetching `calls` calls from the vendor API stand-in (in its own process)
// into a real core in this process (the in-thread core): calls a second, and the core's longest event-loop stall during the run
// against an idle core's over the same time (perf_hooks.monitorEventLoopDelay, max).

import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_PAGE_SIZE } from '../electron/core/catchUp/client';
import { startCore, type Core } from '../electron/core/core';
import { startVendorApi } from './processes';
import { formatNumber, resultRow, type ResultRow } from './stats';

const TOKEN = 'bench-organization-token';
const KEY = 'bench-subscription-key';

const quietCore = (dataDir: string, extra: Parameters<typeof startCore>[0]['catchUp']) =>
  startCore({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC', tunnel: { detectSleep: false }, catchUp: { detectSleep: false, ...extra } });

async function settled(core: Core, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (core.catchUp.status().lastRunAt === null) {
    if (Date.now() > deadline) throw new Error('Catch-up did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function measureCatchUp(workDir: string, calls: number): Promise<ResultRow[]> {
  const api = await startVendorApi(calls, TOKEN, KEY);
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let seconds: number;
  let status;
  try {
    const dataDir = fs.mkdtempSync(path.join(workDir, 'catch-up-'));
    const started = performance.now();
    const core = await quietCore(dataDir, { settings: { provider: 'marketing-edge', baseUrl: api.baseUrl, token: TOKEN, key: KEY } });
    // From the core's start on: opening the database is start-up's cost, measured by the cold-start figure.
    histogram.enable();
    await settled(core, 600_000);
    seconds = (performance.now() - started) / 1000;
    histogram.disable();
    status = core.catchUp.status();
    await core.close();
  } finally {
    await api.stop();
  }
  if (status.state !== 'idle' || status.lastResult?.added !== calls) {
    throw new Error(`Catch-up ended ${status.state} with ${JSON.stringify(status.lastResult)}: ${status.error ?? ''}`);
  }
  const runMaxMs = histogram.max / 1e6;
  const runP99Ms = histogram.percentile(99) / 1e6;

  const idle = monitorEventLoopDelay({ resolution: 5 });
  const idleCore = await quietCore(fs.mkdtempSync(path.join(workDir, 'idle-')), { settings: { provider: 'off' } });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  idle.disable();
  await idleCore.close();
  const idleMaxMs = idle.max / 1e6;
  const label = `${calls.toLocaleString('en-US')} calls`;
  const detail = `A first run (last 7 days, day windows, ${DEFAULT_PAGE_SIZE} a page) from the vendor API stand-in in its own process into a real core (SQLite file, in this process): ${formatNumber(seconds)} s, ${formatNumber(calls / seconds)} calls/s; fetched ${status.lastResult.fetched}, added ${status.lastResult.added}. Event-loop delay during it (5 ms resolution): max ${formatNumber(runMaxMs)} ms, p99 ${formatNumber(runP99Ms)} ms; an idle core over the same ${formatNumber(seconds)} s: max ${formatNumber(idleMaxMs)} ms.`;
  return [
    resultRow({
      id: 'catchUp.rate',
      figure: `catch-up of ${label}: calls a second (in-thread core)`,
      value: calls / seconds,
      unit: 'calls/s',
      target: 'report',
      detail,
    }),
    resultRow({
      id: 'catchUp.stall.max',
      figure: `catch-up of ${label}: longest stall (in-thread core)`,
      value: runMaxMs,
      unit: 'ms',
      baseline: { name: 'idle core, same time', value: idleMaxMs },
      target: '< 100 ms',
      check: (v) => v < 100,
      detail: `ratio = value / baseline. ${detail}`,
    }),
  ];
}
