// npm start: builds the window (vite), the main process and preload (esbuild), then launches Electron.
// Where the Electron binary is missing it says so and points to headless mode instead.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as buildRenderer } from 'vite';
import { bundleShell, ROOT } from './bundle';

export type ElectronBinary = { path: string } | { problem: string };

/**
 * Where the electron package put its binary: it records the file in path.txt after downloading it
 * (the same lookup as the package's own index.js, without loading it).
 */
export function electronBinary(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pathFile = path.join(electronDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist');
  const binary = recorded ? path.join(distDir, recorded) : null;
  if (binary && fs.existsSync(binary)) return { path: binary };
  return {
    problem: [
      `The Electron binary is not installed (${binary ?? path.join(electronDir, 'dist')} is missing), so the desktop app cannot start on this machine.`,
      'The same app runs without Electron: "npm run serve" starts the call receiver and serves the history window to your browser.',
      'To get Electron itself, reinstall it with internet access: "npm rebuild electron" (and unset ELECTRON_SKIP_BINARY_DOWNLOAD).',
    ].join('\n'),
  };
}

async function main(): Promise<void> {
  await buildRenderer({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  await bundleShell();
  const binary = electronBinary(path.join(ROOT, 'node_modules', 'electron'));
  if ('problem' in binary) {
    console.error(`\n${binary.problem}`);
    process.exit(1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start a plain Node instead of the app
  const child = spawn(binary.path, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
