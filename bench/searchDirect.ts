// npx tsx bench/searchDirect.ts --data-dir DIR [--kinds "common word + filter,number fragment"] [--rounds N] [--structure] [--each]
// The search section's query classes timed on the store itself, on a read-only connection as the reader
// thread holds it (no HTTP, no thread hop): p50/p95 a class, wall clock and CPU time (on a shared machine
// the query's own cost), --each a query; with --structure the search index's segments a level (FTS5 reads a
// term's list from each).

import { parseArgs } from 'node:util';
import { CallStore } from '../electron/core/store/callStore';
import { openReadOnlyDatabase } from '../electron/core/store/db';
import { indexLevels } from '../electron/core/store/searchMerge';
import { listCallsQuery } from '../shared/contract/schemas';
import { HARD_KINDS, pickHardQueries, pickQueries, QUERY_KINDS } from './searchWorkload';
import { summarize } from './stats';

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      kinds: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      structure: { type: 'boolean' },
      each: { type: 'boolean' },
    },
    strict: true,
  });
  const dir = values['data-dir'];
  if (!dir) throw new Error('--data-dir DIR');
  const rounds = Number(values.rounds ?? 5);
  const seed = Number(values.seed ?? 1);
  const db = openReadOnlyDatabase(dir);
  if (values.structure) {
    const s = indexLevels(db);
    const segments = s.levels.reduce((a, b) => a + b, 0);
    const rows = db.prepare<[], { data: number; idx: number }>(
      `SELECT (SELECT count(*) FROM calls_search_data) AS data, (SELECT count(*) FROM calls_search_idx) AS idx`,
    );
    console.log(JSON.stringify({ segments, ...s, ...rows.get() }));
  }
  const kinds = values.kinds ? values.kinds.split(',') : [...QUERY_KINDS, ...HARD_KINDS.filter((k) => k !== 'call-back list')];
  const queries = [...pickQueries(dir, 10, seed), ...pickHardQueries(dir, 10, seed)].filter((q) => kinds.includes(q.kind));
  const store = new CallStore(db, undefined, undefined, Date.now, { readOnly: true });
  const asQuery = (api: string) => {
    const params = Object.fromEntries(new URLSearchParams(api.split('?')[1]));
    return listCallsQuery.parse({ ...params, limit: Number(params.limit ?? 50) });
  };
  // Warm the page cache once, untimed.
  for (const q of queries) store.listCalls(asQuery(q.api));
  const took = new Map<string, number[]>();
  // CPU time besides the wall clock: on a shared machine it is what the query itself costs.
  const cpuTook = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++)
    for (const q of queries) {
      const query = asQuery(q.api);
      const started = performance.now();
      const cpu = process.cpuUsage();
      store.listCalls(query);
      const used = process.cpuUsage(cpu);
      const list = took.get(q.kind) ?? [];
      list.push(performance.now() - started);
      took.set(q.kind, list);
      const cpus = cpuTook.get(q.kind) ?? [];
      cpus.push((used.user + used.system) / 1000);
      cpuTook.set(q.kind, cpus);
      if (values.each) console.log(`  ${decodeURIComponent(q.api)}: cpu ${cpus.at(-1)!.toFixed(1)} ms`);
    }
  for (const [kind, samples] of took) {
    const s = summarize(samples);
    const c = summarize(cpuTook.get(kind)!);
    const f = (x: number) => x.toFixed(1);
    console.log(
      `${kind.padEnd(22)} n ${s.n} wall p50 ${f(s.p50)} p95 ${f(s.p95)} max ${f(s.max)}; cpu p50 ${f(c.p50)} p95 ${f(c.p95)} max ${f(c.max)} ms`,
    );
  }
  store.close();
  db.close();
}

main();
