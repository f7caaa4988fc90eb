// Percentiles and the results table: pure, so the harness and its test agree on every number.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of ascending samples (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** One line of bench/results.json. */
export interface ResultRow {
  /** Stable across runs and versions ("alert.p99"): what tools and notes compare, while `figure` is for people. */
  id: string;
  figure: string;
  value: number;
  unit: string;
  baseline: string | null;
  baselineValue: number | null;
  /** value / baselineValue; null without a baseline. */
  ratio: number | null;
  target: string;
  /** null when the target is "report". */
  met: boolean | null;
  /** How it was measured and the numbers behind it (p50s, sample counts). */
  detail: string;
}

export interface RowInput {
  id: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number } | null;
  target: string;
  /** Whether the target is met, from the value and the ratio; omitted when the target is "report". */
  check?: (value: number, ratio: number | null) => boolean;
  detail: string;
}

const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

export function resultRow(input: RowInput): ResultRow {
  const b = input.baseline ?? null;
  let ratio: number | null = null;
  if (b && b.value > 0 && Number.isFinite(input.value)) ratio = input.value / b.value;
  return {
    id: input.id,
    figure: input.figure,
    value: round(input.value, 4),
    unit: input.unit,
    baseline: b?.name ?? null,
    baselineValue: b ? round(b.value, 4) : null,
    ratio: ratio === null ? null : round(ratio),
    target: input.target,
    // A figure that could not be measured (NaN) never meets its target.
    met: input.check ? Number.isFinite(input.value) && input.check(input.value, ratio) : null,
    detail: input.detail,
  };
}

export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** Ids that more than one row carries: a results file with any is refused (tools look rows up by id). */
export function duplicateIds(rows: readonly Pick<ResultRow, 'id'>[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { id } of rows) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** The results as an aligned text table, one row per id (the figure's words and baseline's name are in results.json). */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['id', 'value', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.id,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline ? `${formatNumber(r.baselineValue)} ${r.unit}` : '—',
    r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`,
    r.target,
    r.met === null ? 'report' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}
