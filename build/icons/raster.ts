// A tiny anti-aliased rasteriser: polygons filled with the non-zero rule into a premultiplied RGBA canvas.
// Enough to draw the app and tray icons as real images with no native image library.

export type Point = readonly [number, number];
export type Polygon = readonly Point[];
/** Straight (non-premultiplied) colour, each channel 0–1. */
export type Rgba = readonly [number, number, number, number];
export type Paint = Rgba | ((x: number, y: number) => Rgba);

/** Vertical samples per pixel; horizontal coverage is exact, so 16 rows give smooth edges at any size. */
const SUBROWS = 16;

export class Canvas {
  /** Premultiplied RGBA, row-major. */
  readonly data: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float64Array(width * height * 4);
  }

  /** Paints the union of `shapes` ("over"), or with `erase` cuts it out of what is already drawn. */
  fill(shapes: readonly Polygon[], paint: Paint, erase = false): void {
    const edges = shapes.flatMap((poly) => edgesOf(orientPositive(poly)));
    if (edges.length === 0) return;
    const top = Math.max(0, Math.floor(Math.min(...edges.map((e) => Math.min(e.y0, e.y1)))));
    const bottom = Math.min(this.height, Math.ceil(Math.max(...edges.map((e) => Math.max(e.y0, e.y1)))));
    const coverage = new Float64Array(this.width + 1);
    for (let y = top; y < bottom; y++) {
      coverage.fill(0);
      for (let s = 0; s < SUBROWS; s++) addSubrow(coverage, edges, y + (s + 0.5) / SUBROWS, this.width);
      for (let x = 0; x < this.width; x++) {
        const c = Math.min(1, coverage[x]!);
        if (c <= 0) continue;
        const i = (y * this.width + x) * 4;
        if (erase) {
          for (let k = 0; k < 4; k++) this.data[i + k]! *= 1 - c;
          continue;
        }
        const [r, g, b, a] = typeof paint === 'function' ? paint(x + 0.5, y + 0.5) : paint;
        const alpha = a * c;
        const src = [r * alpha, g * alpha, b * alpha, alpha];
        for (let k = 0; k < 4; k++) this.data[i + k] = src[k]! + this.data[i + k]! * (1 - alpha);
      }
    }
  }

  /** 8-bit straight RGBA, as PNG stores it. */
  toRgba8(): Uint8Array {
    const out = new Uint8Array(this.width * this.height * 4);
    for (let p = 0; p < this.width * this.height; p++) {
      const a = this.data[p * 4 + 3]!;
      for (let k = 0; k < 3; k++) out[p * 4 + k] = a > 0 ? clamp255((this.data[p * 4 + k]! / a) * 255) : 0;
      out[p * 4 + 3] = clamp255(a * 255);
    }
    return out;
  }
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  dir: 1 | -1;
}

function clamp255(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

function signedArea(poly: Polygon): number {
  let area = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i]!;
    const [x1, y1] = poly[(i + 1) % poly.length]!;
    area += x0 * y1 - x1 * y0;
  }
  return area / 2;
}

/** Same winding for every shape, so overlapping shapes add up to their union under the non-zero rule. */
function orientPositive(poly: Polygon): Polygon {
  return signedArea(poly) < 0 ? [...poly].reverse() : poly;
}

function edgesOf(poly: Polygon): Edge[] {
  const edges: Edge[] = [];
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i]!;
    const [x1, y1] = poly[(i + 1) % poly.length]!;
    if (y0 !== y1) edges.push({ x0, y0, x1, y1, dir: y1 > y0 ? 1 : -1 });
  }
  return edges;
}

/** Adds one horizontal sample line's inside spans, with exact fractional coverage at both span ends. */
function addSubrow(coverage: Float64Array, edges: readonly Edge[], sy: number, width: number): void {
  const crossings: { x: number; dir: number }[] = [];
  for (const e of edges) {
    const lo = Math.min(e.y0, e.y1);
    const hi = Math.max(e.y0, e.y1);
    if (sy < lo || sy >= hi) continue;
    crossings.push({ x: e.x0 + ((sy - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
  }
  crossings.sort((a, b) => a.x - b.x);
  const weight = 1 / SUBROWS;
  let winding = 0;
  let start = 0;
  for (const c of crossings) {
    const before = winding;
    winding += c.dir;
    if (before === 0 && winding !== 0) start = c.x;
    else if (before !== 0 && winding === 0) addSpan(coverage, start, c.x, weight, width);
  }
}

function addSpan(coverage: Float64Array, from: number, to: number, weight: number, width: number): void {
  const a = Math.max(0, from);
  const b = Math.min(width, to);
  if (b <= a) return;
  const ia = Math.floor(a);
  const ib = Math.floor(b);
  if (ia === ib) {
    coverage[ia]! += (b - a) * weight;
    return;
  }
  coverage[ia]! += (ia + 1 - a) * weight;
  for (let i = ia + 1; i < ib; i++) coverage[i]! += weight;
  if (ib < width) coverage[ib]! += (b - ib) * weight;
}
