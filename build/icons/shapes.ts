// Shapes as polygons in a 100 × 100 design square; `toPixels` maps them onto an icon of any size.

import type { Point, Polygon } from './raster';

/** Segments per full turn: under a tenth of a pixel of error on a 1024 px icon. */
const TURN_STEPS = 256;

function arcPoints(cx: number, cy: number, r: number, a0: number, a1: number): Point[] {
  const steps = Math.max(2, Math.ceil((Math.abs(a1 - a0) / (2 * Math.PI)) * TURN_STEPS));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / steps;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as const;
  });
}

export const deg = (d: number): number => (d * Math.PI) / 180;

export function circle(cx: number, cy: number, r: number): Polygon {
  return arcPoints(cx, cy, r, 0, 2 * Math.PI).slice(0, -1);
}

export function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Polygon {
  const q = Math.PI / 2;
  return [
    ...arcPoints(x1 - r, y0 + r, r, -q, 0),
    ...arcPoints(x1 - r, y1 - r, r, 0, q),
    ...arcPoints(x0 + r, y1 - r, r, q, 2 * q),
    ...arcPoints(x0 + r, y0 + r, r, 2 * q, 3 * q),
  ];
}

/** The band between two radii from angle a0 to a1 (radians, y down so positive turns clockwise). */
export function ringSector(cx: number, cy: number, inner: number, outer: number, a0: number, a1: number): Polygon {
  return [...arcPoints(cx, cy, outer, a0, a1), ...arcPoints(cx, cy, inner, a1, a0)];
}

/** An arc drawn with a pen of `width` and round caps. */
export function arcStroke(cx: number, cy: number, r: number, width: number, a0: number, a1: number): Polygon[] {
  const h = width / 2;
  return [
    ringSector(cx, cy, r - h, r + h, a0, a1),
    circle(cx + r * Math.cos(a0), cy + r * Math.sin(a0), h),
    circle(cx + r * Math.cos(a1), cy + r * Math.sin(a1), h),
  ];
}

export function transform(shapes: readonly Polygon[], f: (p: Point) => Point): Polygon[] {
  return shapes.map((poly) => poly.map(f));
}

export function rotateAbout(cx: number, cy: number, angle: number): (p: Point) => Point {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return ([x, y]) => [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c];
}

/** Scales by `k` about (50, 50) then moves by (dx, dy): fitting a glyph inside a badge or a background. */
export function place(k: number, dx = 0, dy = 0): (p: Point) => Point {
  return ([x, y]) => [50 + (x - 50) * k + dx, 50 + (y - 50) * k + dy];
}

/** Scales and centres `shapes` so their bounding box fits the square from `lo` to `hi` on both axes. */
export function fit(shapes: readonly Polygon[], lo: number, hi: number): Polygon[] {
  const xs = shapes.flatMap((poly) => poly.map((p) => p[0]));
  const ys = shapes.flatMap((poly) => poly.map((p) => p[1]));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = (hi - lo) / Math.max(x1 - x0, y1 - y0);
  const mid = (lo + hi) / 2;
  return transform(shapes, ([x, y]) => [mid + (x - (x0 + x1) / 2) * k, mid + (y - (y0 + y1) / 2) * k]);
}

export function toPixels(shapes: readonly Polygon[], size: number): Polygon[] {
  return transform(shapes, ([x, y]) => [(x * size) / 100, (y * size) / 100]);
}

/** Centre of the handset's curve; the ring waves share it, so the handset seems to ring outwards. */
export const HANDSET_CENTRE: Point = [58, 42];

/**
 * A telephone handset: earpiece up on the left, mouthpiece out at the bottom, joined by a handle that
 * curves round the bottom left. Drawn as one outline whose thickness swells into the two cups.
 */
export function handset(): Polygon[] {
  const [cx, cy] = HANDSET_CENTRE;
  const R = 38; // outer radius of the handle
  const L = 8; // how far each cup runs straight past the quarter circle
  const cupThick = 17;
  const handleThick = 11;
  const cupLength = 14;
  const ease = 5;
  const arcLength = (R * Math.PI) / 2;
  const total = 2 * L + arcLength;
  // Outer edge and inward normal at distance s from the earpiece tip.
  const at = (s: number): { o: Point; n: Point } => {
    if (s <= L) return { o: [cx - R, cy - L + s], n: [1, 0] };
    if (s >= L + arcLength) return { o: [cx + (s - L - arcLength), cy + R], n: [0, -1] };
    const a = Math.PI - (s - L) / R;
    return { o: [cx + R * Math.cos(a), cy + R * Math.sin(a)], n: [-Math.cos(a), -Math.sin(a)] };
  };
  const ramp = (t: number) => Math.max(0, Math.min(1, t));
  const thickness = (s: number) => {
    const fromEnd = Math.min(s, total - s);
    return handleThick + (cupThick - handleThick) * (1 - ramp((fromEnd - cupLength) / ease));
  };
  // Rounded tips: near either end both edges pull in along a quarter circle of radius `round`.
  const round = 4;
  const tipInset = (s: number) => {
    const d = round - Math.min(s, total - s);
    return d > 0 ? round - Math.sqrt(round * round - d * d) : 0;
  };
  const steps = 400;
  const samples = Array.from({ length: steps + 1 }, (_, i) => (total * i) / steps);
  const along = (s: number, depth: number): Point => {
    const { o, n } = at(s);
    return [o[0] + n[0] * depth, o[1] + n[1] * depth];
  };
  const outer = samples.map((s) => along(s, tipInset(s)));
  const inner = samples.map((s) => along(s, thickness(s) - tipInset(s)));
  return [[...outer, ...inner.reverse()]];
}

/** Two sound waves off the earpiece side: the phone is ringing. */
export function ringWaves(width = 6.5): Polygon[] {
  return [
    ...arcStroke(HANDSET_CENTRE[0], HANDSET_CENTRE[1], 14, width, deg(-90), deg(0)),
    ...arcStroke(HANDSET_CENTRE[0], HANDSET_CENTRE[1], 26, width, deg(-90), deg(0)),
  ];
}

/** Two upright bars: paused. */
export function pauseBars(cx: number, cy: number, h: number): Polygon[] {
  const w = h * 0.3;
  const gap = h * 0.22;
  return [
    roundedRect(cx - gap / 2 - w, cy - h / 2, cx - gap / 2, cy + h / 2, w * 0.3),
    roundedRect(cx + gap / 2, cy - h / 2, cx + gap / 2 + w, cy + h / 2, w * 0.3),
  ];
}

/** An exclamation mark: something needs attention. */
export function exclamation(cx: number, cy: number, h: number): Polygon[] {
  const w = h * 0.26;
  return [roundedRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h * 0.2, w / 2), circle(cx, cy + h / 2 - w / 2, w / 2)];
}
