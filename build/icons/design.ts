// The icon designs: the app icon (a blue tile with a ringing handset) and the tray icon in each state,
// in colour for Windows and Linux and as black-and-alpha Template images for the macOS menu bar.

import { Canvas, type Paint, type Polygon, type Rgba } from './raster';
import { circle, exclamation, fit, handset, pauseBars, place, ringWaves, roundedRect, toPixels, transform } from './shapes';

export const TRAY_STATES = ['normal', 'down', 'paused', 'unseen'] as const;
export type TrayIconState = (typeof TRAY_STATES)[number];

const hex = (h: string, a = 1): Rgba => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255, a];

const WHITE = hex('#ffffff');
const BLACK = hex('#000000');
const BLUE_TOP = hex('#3b82f6');
const BLUE_BOTTOM = hex('#1d4ed8');
const SLATE_TOP = hex('#94a3b8');
const SLATE_BOTTOM = hex('#64748b');
const RED = hex('#dc2626');
const AMBER = hex('#f59e0b');
const INK = hex('#1f2937');

function vertical(top: Rgba, bottom: Rgba, from: number, to: number): Paint {
  return (_x, y) => {
    const t = Math.max(0, Math.min(1, (y - from) / (to - from)));
    return [0, 1, 2, 3].map((k) => top[k]! + (bottom[k]! - top[k]!) * t) as unknown as Rgba;
  };
}

function paint(canvas: Canvas, shapes: readonly Polygon[], colour: Paint, erase = false): void {
  canvas.fill(toPixels(shapes, canvas.width), colour, erase);
}

function tile(inset: number, radius: number): Polygon[] {
  return [roundedRect(inset, inset, 100 - inset, 100 - inset, radius)];
}

/**
 * The app icon. `inset` is the margin around the tile in design units: macOS wants its 824/1024 grid
 * (about 10), Windows and Linux icons fill the square (about 3).
 */
export function appIcon(size: number, inset: number): Canvas {
  const canvas = new Canvas(size, size);
  const side = 100 - 2 * inset;
  paint(canvas, tile(inset, side * 0.225), vertical(BLUE_TOP, BLUE_BOTTOM, (inset / 100) * size, ((100 - inset) / 100) * size));
  // Below 48 px the waves blur into the handset, so small sizes show the handset alone, larger.
  const glyph =
    size < 48
      ? fit(handset(), inset + side * 0.2, 100 - inset - side * 0.2)
      : transform([...handset(), ...ringWaves()], place((side / 100) * 0.78, -2, 2));
  // A soft drop shadow lifts the handset off the tile at large sizes.
  if (size >= 64)
    paint(
      canvas,
      transform(glyph, ([x, y]) => [x + 0.4, y + 1.6]),
      hex('#0b1f5c', 0.28),
    );
  paint(canvas, glyph, WHITE);
  return canvas;
}

const BADGE = { x: 75, y: 75, r: 23, gap: 7 };

function badgeGlyph(state: TrayIconState): Polygon[] {
  if (state === 'paused') return pauseBars(BADGE.x, BADGE.y, BADGE.r * 1.05);
  if (state === 'down') return exclamation(BADGE.x, BADGE.y, BADGE.r * 1.3);
  return [];
}

/** A colour tray icon: blue when alerts flow, slate when they cannot (URL down) or should not (paused). */
export function trayIcon(state: TrayIconState, size: number): Canvas {
  const canvas = new Canvas(size, size);
  const muted = state === 'down' || state === 'paused';
  const [top, bottom] = muted ? [SLATE_TOP, SLATE_BOTTOM] : [BLUE_TOP, BLUE_BOTTOM];
  paint(canvas, tile(0, 24), vertical(top, bottom, 0, size));
  paint(canvas, fit(handset(), 17, 83), WHITE);
  if (state === 'normal') return canvas;
  const badge = state === 'unseen' ? { ...BADGE, y: 100 - BADGE.y } : BADGE;
  paint(canvas, [circle(badge.x, badge.y, badge.r + badge.gap)], WHITE, true);
  const fill = state === 'down' ? RED : state === 'paused' ? AMBER : RED;
  paint(canvas, [circle(badge.x, badge.y, badge.r)], fill);
  const glyph = badgeGlyph(state);
  if (glyph.length > 0) paint(canvas, glyph, state === 'paused' ? INK : WHITE);
  return canvas;
}

/** A macOS Template image: black and alpha only; the menu bar tints it for light and dark mode. */
export function trayTemplate(state: TrayIconState, size: number): Canvas {
  const canvas = new Canvas(size, size);
  paint(canvas, fit(handset(), 3, 97), BLACK);
  if (state === 'normal') return canvas;
  const badge = state === 'unseen' ? { ...BADGE, y: 100 - BADGE.y } : BADGE;
  paint(canvas, [circle(badge.x, badge.y, badge.r + badge.gap)], BLACK, true);
  paint(canvas, [circle(badge.x, badge.y, badge.r)], BLACK);
  const glyph = badgeGlyph(state);
  if (glyph.length > 0) paint(canvas, glyph, BLACK, true);
  return canvas;
}
