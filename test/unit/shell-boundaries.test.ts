// The bundles' boundaries: the preload loads only 'electron', the main process only Node, Electron and the
// production dependencies electron-builder ships, the worker threads only Node and the native packages (never Electron,
// whose API exists on the main thread only). (Which source may import Electron is a rule of .dependency-cruiser.cjs.)

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleShell, NATIVE_PACKAGES, runtimeImports, WORKER_ENTRIES, type WorkerBundle } from '../../build/bundle';
import { tempDir } from '../support/core';
import { ROOT } from '../support/headless';

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

      // Each worker is a file of its own beside main.cjs, with the same natives left out and nothing else.
      expect(Object.keys(bundles.workers).sort()).toEqual(['readerWorker', 'storeWorker']);
      for (const name of Object.keys(WORKER_ENTRIES) as WorkerBundle[]) {
        const natives = runtimeImports(bundles.workers[name]).filter((spec) => !builtinModules.includes(spec.replace(/^node:/, '')));
        expect(
          natives.every((spec) => (NATIVE_PACKAGES as readonly string[]).includes(spec)),
          `${name}: ${natives.join(', ')}`,
        ).toBe(true);
        expect(fs.existsSync(path.join(out, `${name}.cjs`)), name).toBe(true);
      }
      // The store's thread opens SQLite and supervises the tunnel: both natives are its own.
      expect(runtimeImports(bundles.workers.storeWorker)).toEqual(expect.arrayContaining([...NATIVE_PACKAGES]));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
