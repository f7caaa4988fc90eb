// Where Electron may be used: only the desktop shell imports it, and inside the shell only the thin
// adapters load it at run time (the decision modules use its types at most). The bundles prove what the
// packaged app will load: the preload only 'electron', the main process only Node, Electron and the
// production dependencies electron-builder ships.

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleShell, NATIVE_PACKAGES, runtimeImports } from '../../build/bundle';
import { tempDir } from '../support/core';
import { ROOT } from '../support/headless';

const SKIP = new Set(['node_modules', 'dist', 'release', '.git', 'test-results']);

/** Every source file in the project, whatever folder (build scripts, configs, tests included). */
function projectSources(dir = ''): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith('.') ? [] : projectSources(rel);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(entry.name) ? [rel] : [];
  });
}

interface ImportOf {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportOf[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: ImportOf[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^;]*?from\s+['"]([^'"]+)['"]/g)) {
    found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/(?:import\(|require\()\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
const SHELL = path.join('electron', 'shell') + path.sep;

describe('Electron stays inside the shell', () => {
  it('no file outside electron/shell/ imports electron, not even its types', () => {
    const files = projectSources();
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => !f.startsWith(SHELL) && importsOf(f).some((i) => isElectron(i.specifier)));
    expect(offenders).toEqual([]);
  });

  it('inside the shell, only the adapters load electron at run time; decisions take its types at most', () => {
    const shell = projectSources(path.join('electron', 'shell'));
    const loading = shell.filter((f) => importsOf(f).some((i) => isElectron(i.specifier) && !i.typeOnly)).map((f) => path.basename(f));
    expect(loading.sort()).toEqual(['appWindow.ts', 'main.ts', 'preload.ts', 'tray.ts']);
  });

  it('the scanner sees real imports, type-only ones told apart', () => {
    expect(importsOf(path.join('electron', 'shell', 'tray.ts'))).toContainEqual({ specifier: 'electron', typeOnly: false });
    expect(importsOf(path.join('electron', 'shell', 'notifier.ts'))).toContainEqual({ specifier: 'electron', typeOnly: true });
  });
});

describe('the bundles', () => {
  it('load only what a sandboxed preload and the packaged main process can find', { timeout: 60_000 }, async () => {
    const out = tempDir('bundle-');
    try {
      const bundles = await bundleShell(out);
      expect(runtimeImports(bundles.preload)).toEqual(['electron']);

      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const shipped = new Set(Object.keys(pkg.dependencies));
      const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      const unresolvable = runtimeImports(bundles.main).filter(
        (spec) => spec !== 'electron' && !builtinModules.includes(spec.replace(/^node:/, '')) && !shipped.has(packageOf(spec)),
      );
      expect(unresolvable).toEqual([]);
      // Everything else is inside main.cjs: start-up reads one file, and electron-builder ships only these.
      const packages = runtimeImports(bundles.main).filter((spec) => !builtinModules.includes(spec.replace(/^node:/, '')));
      expect(packages.sort()).toEqual(['electron', ...NATIVE_PACKAGES].sort());
      expect(Object.keys(pkg.dependencies).sort()).toEqual([...NATIVE_PACKAGES].sort());
      expect(fs.existsSync(path.join(out, 'main.cjs'))).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
