// npx tsx bench/apiIngest.ts --data-dir DIR (a history from `npm run gen`)
// Times catch-up's store side on a copy of a generated history: 10,000 results of the vendor's calls API as
// one answer, as 20 answers of 500, and the one answer read again. 2,000 of the results are calls the
// history has (found by id), 8,000 are new (the PC was off). Reports the total time and how long the event
// loop was held at most (gaps between turns of a setImmediate ticker, and monitorEventLoopDelay's max).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CallStore, type ApiAnswer } from '../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../electron/core/store/db';
import type { FoldedCall } from '../shared/domain';

const RESULTS = 10_000;
const KNOWN = 2_000;

/** A call as the calls API would list it (vendor-api.md, "Answer"), from a folded call of the history. */
function apiResultOf(call: FoldedCall, id: string, callerNumber: string, startMs: number): Record<string, unknown> {
  const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const seconds = call.durationSeconds ?? 60;
  return {
    id: Number(id),
    number_id: 4250816,
    group_id: 4062,
    organization_id: 4062,
    call_type: 'Standard',
    tracking_number: call.calledNumber,
    caller_number: callerNumber,
    termination_number: call.terminationNumber,
    answer_status_id: call.answered ? 1 : 2,
    answer_status: call.answered ? 'answered' : 'not answered',
    ring_duration: 6,
    call_duration: seconds,
    caller_details: { name: call.callerName, address: call.callerAddress, city: call.callerCity, state: call.callerState, zip_code: call.callerZip },
    start_time_utc: utc(startMs),
    answer_time_utc: call.answered ? utc(startMs + 6000) : null,
    end_time_utc: utc(startMs + 6000 + seconds * 1000),
    conversation_analytics: { call_record_file: call.recordingUrl, voice_link: null, pci_redaction: false },
    attribution_details: {
      rule_description: call.attribution.rule,
      utm_source: call.attribution.source,
      utm_medium: call.attribution.medium,
      utm_campaign: call.attribution.campaign,
      referrer_url: call.attribution.referrer,
      landing_page_url: call.attribution.landingPage,
    },
    voicemail_status: call.voicemail ? 'yes' : 'no',
    transcription: call.transcript,
  };
}

function copyHistory(dataDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-ingest-bench-'));
  const file = path.join(dir, DATABASE_FILE);
  fs.copyFileSync(path.join(dataDir, DATABASE_FILE), file);
  // On disk before timing: the kernel writing back a fresh copy's pages throttled the ingest's own writes.
  const fd = fs.openSync(file, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return dir;
}

interface Measured {
  ms: number;
  longestTurnMs: number;
  /** The process's CPU time in the longest turn by CPU: the loop's hold without the time other processes took the core. */
  longestTurnCpuMs: number;
  loopDelayMaxMs: number;
  fetched: number;
  added: number;
  updated: number;
  missed: number;
}

/** Runs `work` with a ticker on the event loop: the longest gap between its turns is the longest hold. */
async function measured(work: () => Promise<Omit<Measured, 'ms' | 'longestTurnMs' | 'longestTurnCpuMs' | 'loopDelayMaxMs'>>): Promise<Measured> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let longest = 0;
  let longestCpu = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    if (ticking) setImmediate(tick);
  };
  delay.enable();
  setImmediate(tick);
  const started = performance.now();
  const counts = await work();
  const ms = performance.now() - started;
  tick();
  ticking = false;
  delay.disable();
  const tenths = (x: number) => Math.round(x * 10) / 10;
  return {
    ms: Math.round(ms),
    longestTurnMs: tenths(longest),
    longestTurnCpuMs: tenths(longestCpu),
    loopDelayMaxMs: Math.round(delay.max / 1e5) / 10,
    ...counts,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } }, strict: true });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('Usage: npx tsx bench/apiIngest.ts --data-dir DIR (a history from npm run gen)');

  const source = openDatabase(dataDir);
  const history = source.prepare<[], number>(`SELECT count(*) FROM calls`).pluck().get()!;
  const latest = source
    .prepare<[number], { data: string }>(`SELECT data FROM calls WHERE telmetrics_id IS NOT NULL ORDER BY started_ms DESC LIMIT ?`)
    .all(KNOWN);
  const endMs = source.prepare<[], number>(`SELECT max(started_ms) FROM calls`).pluck().get()!;
  source.close();
  const calls = latest.map((r) => JSON.parse(r.data) as FoldedCall);
  const results = calls.map((c) => apiResultOf(c, c.telmetricsId!, c.callerNumber ?? '4165550000', Date.parse(c.startedAt!)));
  for (let i = 0; results.length < RESULTS; i++) {
    const like = calls[i % calls.length]!;
    results.push(apiResultOf(like, String(9_000_000_000 + i), String(6_135_000_000 + i), endMs + (i + 1) * 30_000));
  }
  const answer = (part: unknown[], n: number): ApiAnswer => ({
    provider: 'marketing-edge',
    url: `https://edgeapi.marchex.io/marketingedge/v5/api/calls?pagenumber=${n}`,
    status: 200,
    receivedAt: Date.now(),
    body: Buffer.from(JSON.stringify({ results: part, paging: { pageNumber: n, pageSize: part.length, total: RESULTS } })),
  });
  const whole = answer(results, 1);
  console.log(`history: ${history} calls; answer of ${RESULTS}: ${(whole.body.length / 1e6).toFixed(1)} MB`);

  const run = async (label: string, answers: ApiAnswer[], again = false) => {
    const dir = copyHistory(dataDir);
    const db = openDatabase(dir);
    const store = new CallStore(db);
    try {
      if (again) for (const a of answers) await store.ingestApiAnswer(a);
      const m = await measured(async () => {
        const sum = { fetched: 0, added: 0, updated: 0, missed: 0 };
        for (const a of answers) {
          const r = await store.ingestApiAnswer(a);
          for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
        }
        return sum;
      });
      console.log(JSON.stringify({ scenario: label, ...m }));
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await run('one answer of 10,000', [whole]);
  await run(
    '20 answers of 500',
    Array.from({ length: 20 }, (_, i) => answer(results.slice(i * 500, (i + 1) * 500), i + 1)),
  );
  await run('the answer of 10,000 read again', [whole], true);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
