// Builds the installers for this OS:  npm run dist [-- electron-builder arguments, e.g. --linux deb]
// electron-builder rebuilds better-sqlite3 for Electron's ABI in node_modules itself (npmRebuild), which breaks
// `npm test` and `npm run serve`: the Node build is kept aside first and put back however the run ends (success, a
// failing step, Ctrl-C), then checked to load under Node.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonFile } from './sqliteBuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type AddonAction = 'keep' | 'restore' | 'nothing-kept';

/** What to do with the addon after the steps: the bytes kept before them against the bytes there now. */
export function addonAction(kept: Buffer | null, now: Buffer | null): AddonAction {
  if (kept === null) return 'nothing-kept';
  return now !== null && kept.equals(now) ? 'keep' : 'restore';
}

const readOrNull = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : null);

/** Runs `work` with the package's Node build of the addon kept in memory, and puts that build back however it ends. */
export async function keepingNodeBuild(
  packageDir: string,
  work: () => Promise<void>,
  putBack: (action: AddonAction) => void = () => {},
): Promise<void> {
  const file = addonFile(packageDir);
  const kept = readOrNull(file);
  try {
    await work();
  } finally {
    putBack(restore(file, kept));
  }
}

function restore(file: string, kept: Buffer | null): AddonAction {
  const action = addonAction(kept, readOrNull(file));
  if (action === 'restore' && kept !== null) {
    // node-gyp's rebuild starts with a clean, so the build folder itself may be gone.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, kept);
  }
  return action;
}

/** Opens an in-memory database with the package under this Node, in a child process (a bad addon can crash it). */
export function loadsUnderNode(packageDir: string): { ok: true } | { ok: false; error: string } {
  const probe = `const D = require(${JSON.stringify(packageDir)}); new D(':memory:').prepare('select 1').get();`;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (run.status === 0) return { ok: true };
  return { ok: false, error: (run.stderr.split('\n').find((l) => /Error/.test(l)) ?? run.stderr).trim() || `exit ${run.status}` };
}

export interface Step {
  command: string;
  args: string[];
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Runs the steps one after another with the Node build of better-sqlite3 kept, and returns the exit code. A signal
 * is passed on to the running step; once it has exited the addon is put back and the code says which signal it was.
 */
export async function runDist(steps: Step[], packageDir: string, say: (line: string) => void = console.log): Promise<number> {
  let child: ChildProcess | null = null;
  const stopped: { by: StopSignal | null } = { by: null };
  const onSignal = (signal: StopSignal) => {
    stopped.by = signal;
    child?.kill(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  let code = 0;
  try {
    await keepingNodeBuild(
      packageDir,
      async () => {
        for (const step of steps) {
          if (stopped.by !== null) return;
          const status = await new Promise<number>((resolve, reject) => {
            child = spawn(step.command, step.args, { stdio: 'inherit', shell: process.platform === 'win32' && !path.isAbsolute(step.command) });
            child.on('error', reject);
            child.on('exit', (exitCode) => resolve(exitCode ?? 1));
          });
          child = null;
          if (status !== 0) throw new Error(`${path.basename(step.command)} ${step.args.join(' ')} failed (exit ${status})`);
        }
      },
      (action) => {
        if (action === 'restore') say('Put back the Node build of better-sqlite3 (electron-builder had rebuilt it for Electron).');
      },
    );
  } catch (error) {
    say(stopped.by !== null ? `Stopped (${stopped.by}).` : error instanceof Error ? error.message : String(error));
    code = 1;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  const loads = loadsUnderNode(packageDir);
  if (!loads.ok) {
    say(`better-sqlite3 in node_modules does not load under Node (${loads.error}): run npm rebuild better-sqlite3`);
    code = code || 1;
  }
  return stopped.by !== null ? 128 + SIGNAL_NUMBER[stopped.by] : code;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const require = createRequire(import.meta.url);
  const node = process.execPath;
  // npm sets npm_execpath to its own script when it runs `npm run dist`; otherwise the npm on the PATH.
  const npm = process.env.npm_execpath ? { command: node, args: [process.env.npm_execpath] } : { command: 'npm', args: [] };
  const steps: Step[] = [
    { command: npm.command, args: [...npm.args, 'run', 'build:electron'] },
    { command: node, args: [require.resolve('electron-builder/cli.js'), '--publish', 'never', ...process.argv.slice(2)] },
  ];
  process.exitCode = await runDist(steps, path.join(ROOT, 'node_modules', 'better-sqlite3'));
}
