// Draws every icon the app ships and writes it under build/:  npm run icons
//   build/icon.png, icon-mac.png   the app icon at 1024 px: electron-builder makes the .ico and .icns from them
//   build/icons/NxN.png            the app icon per size (Linux packages, the window icon)
//   build/tray/                    tray icons per state, colour and macOS Template, with @2x variants

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIcon, TRAY_STATES, trayIcon, trayTemplate } from './design';
import { encodePng } from './encode';

export const BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Margins in design units: macOS draws icons on its 824/1024 grid, other systems fill the square. */
const MAC_INSET = 9.8;
const FULL_INSET = 3;
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Tray bitmaps: 16 pt, with the scale factors Windows and macOS ask for on high-DPI screens. */
const TRAY_SCALES: readonly { suffix: string; pixels: number }[] = [
  { suffix: '', pixels: 16 },
  { suffix: '@1.5x', pixels: 24 },
  { suffix: '@2x', pixels: 32 },
];

export function trayFileName(state: string, template: boolean, suffix = ''): string {
  return template ? `tray-${state}Template${suffix}.png` : `tray-${state}${suffix}.png`;
}

export function makeIcons(outDir: string = BUILD_DIR): string[] {
  const written: string[] = [];
  const write = (rel: string, bytes: Buffer) => {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    written.push(rel);
  };

  const full = new Map(LINUX_SIZES.map((s) => [s, appIcon(s, FULL_INSET)] as const));
  for (const [size, canvas] of full) write(path.join('icons', `${size}x${size}.png`), encodePng(canvas));
  write('icon.png', encodePng(full.get(1024)!));
  write('icon-mac.png', encodePng(appIcon(1024, MAC_INSET)));

  for (const state of TRAY_STATES) {
    for (const { suffix, pixels } of TRAY_SCALES) {
      write(path.join('tray', trayFileName(state, false, suffix)), encodePng(trayIcon(state, pixels)));
      if (suffix !== '@1.5x') write(path.join('tray', trayFileName(state, true, suffix)), encodePng(trayTemplate(state, pixels)));
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : BUILD_DIR;
  const written = makeIcons(outDir);
  console.log(`Wrote ${written.length} icon files under ${outDir}`);
}
