// The architecture's walls are the rules in .dependency-cruiser.cjs, checked by `npm run deps`. Here the same CLI runs
// them on a fixture tree that breaks each rule once beside imports the rules allow: every break is reported, nothing else.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/headless';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

interface Cruise {
  modules: { source: string; coreModule?: boolean }[];
  summary: { violations: Violation[] };
}

function depcruise(cwd: string, outputType: 'json' | 'err') {
  const cli = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const args = [cli, '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', outputType, '.'];
  // The repository's JSON report is over spawnSync's default 1 MiB buffer, which cuts it off silently.
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
  return run;
}

const cruise = (cwd: string) => JSON.parse(depcruise(cwd, 'json').stdout) as Cruise;

/** A package by its name and a Node built-in as node:name, wherever node_modules is (it may be a symlink). */
const target = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^(path|fs)$/, 'node:$1');

describe('dependency rules', () => {
  const fixture = path.join(ROOT, 'test', 'fixtures', 'dependency-rules');

  it('report each break in the fixture tree, and none of the imports they allow', () => {
    const reported = cruise(fixture).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${target(v.to)}`);
    expect(reported.sort()).toEqual([
      'core-without-shell: electron/core/core.ts → electron/shell/decision.ts',
      'core-without-shell: electron/headless.ts → electron/shell/main.ts',
      'electron-only-in-shell: bench/electronOutsideShell.ts → electron',
      'electron-only-in-shell: electron/core/core.ts → electron',
      'no-circular: electron/core/ping.ts → electron/core/pong.ts',
      'not-to-unresolvable: renderer/view.ts → ./missing',
      'renderer-through-bridge: renderer/view.ts → electron/core/core.ts',
      'renderer-without-node: renderer/view.ts → node:fs',
      'shared-stays-pure: shared/usesCore.ts → electron/core/core.ts',
      'shared-stays-pure: shared/usesNode.ts → node:path',
      'shared-stays-pure: shared/usesReact.ts → react',
      'shell-decisions-take-types-only: electron/shell/decision.ts → electron',
    ]);
  });

  it('fail the command (as `npm run deps` runs it) when a rule is broken', () => {
    const run = depcruise(fixture, 'err');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/12 dependency violations \(12 errors/);
  });

  it('check every folder of the repository, and not the fixture trees', () => {
    const sources = cruise(ROOT)
      .modules.filter((m) => !m.coreModule && !m.source.includes('node_modules/'))
      .map((m) => m.source);
    const folders = new Set(sources.filter((s) => s.includes('/')).map((s) => s.split('/')[0]));
    expect([...folders].sort()).toEqual(['bench', 'build', 'electron', 'renderer', 'shared', 'test']);
    expect(sources).toContain('vite.config.ts');
    expect(sources).toContain('electron/shell/tray.ts');
    expect(sources.filter((s) => s.startsWith('test/fixtures/'))).toEqual([]);
  });
});
