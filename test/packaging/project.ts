// A copy of the project laid out as a fresh clone after `npm ci` and `npm run build:electron`, in a temp folder, for
// electron-builder to package: package.json, the lockfile, electron-builder.yml, build/, the built dist/, and a real
// node_modules holding the production dependencies (copied, as npm installs them) and electron's package.json (all
// electron-builder reads of it). npm list in a folder whose node_modules is a symlink reports every package as
// extraneous, and electron-builder then leaves `bindings` out: a real folder avoids that.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleShell } from '../../build/bundle';
import { ROOT } from '../support/headless';

const modules = path.join(ROOT, 'node_modules');

/** The folders of the production dependencies, found as Node resolves them from the project. */
export function productionPackages(): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      let at: string | null = null;
      for (let from = dir; at === null; from = path.dirname(from)) {
        if (fs.existsSync(path.join(from, 'node_modules', name, 'package.json'))) at = path.join(from, 'node_modules', name);
        else if (from === ROOT || from === path.dirname(from)) break;
      }
      // An optional dependency for another platform is not installed.
      if (at === null || found.has(at)) continue;
      found.add(at);
      visit(at);
    }
  };
  visit(ROOT);
  return [...found];
}

/** Copies the project into `dir` (see the top of this file) and builds its dist/ there. */
export async function makePackagingProject(dir: string): Promise<void> {
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
  // Packages nested in another's node_modules come with it; only the top-level ones are copied one by one.
  for (const pkg of productionPackages().filter((p) => path.dirname(p) === modules || path.dirname(path.dirname(p)) === modules)) {
    fs.cpSync(fs.realpathSync(pkg), path.join(dir, 'node_modules', path.relative(modules, pkg)), { recursive: true });
  }
  fs.mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
  fs.copyFileSync(path.join(modules, 'electron', 'package.json'), path.join(dir, 'node_modules', 'electron', 'package.json'));

  await bundleShell(path.join(dir, 'dist', 'electron'));
  const vite = spawnSync(
    process.execPath,
    [path.join(modules, 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', path.join(dir, 'dist', 'renderer')],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stderr}`);
}
