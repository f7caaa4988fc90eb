// The architecture's walls, checked on the source: decisions in shared/ stay free of Node, Electron and the
// DOM; only the thin desktop shell (electron/shell/) may import Electron.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/headless';

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .filter(Boolean);
}

describe('module boundaries', () => {
  it('only electron/shell/ imports electron', () => {
    const offenders = ['shared', 'renderer', 'electron', 'test', 'bench']
      .flatMap(sourceFiles)
      .filter((f) => !f.startsWith(path.join('electron', 'shell')))
      .filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('shared/ has no Node, Electron, DOM-framework or core dependency', () => {
    const files = sourceFiles('shared');
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'http', 'electron', 'react', 'react-dom', 'better-sqlite3', 'express'].includes(i) || i.includes('/electron/') || i.includes('/renderer/'))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the import scanner sees real imports (so the checks above can fail)', () => {
    expect(importsOf(path.join('electron', 'core', 'core.ts'))).toContain('node:http');
  });
});
