// The bundles' boundaries: the preload loads only 'electron', the main process only Node, Electron and the
// production dependencies electron-builder ships. (Which source may import Electron is a rule of .dependency-cruiser.cjs.)

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleShell, NATIVE_PACKAGES, runtimeImports } from '../../build/bundle';
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
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
