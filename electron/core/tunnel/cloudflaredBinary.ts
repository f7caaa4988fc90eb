// Finding the cloudflared program the person installed. The npm wrappers download it at install or run time
// (no internet here, and they fail quietly), so the app only runs a binary that is already on the PC.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CloudflaredBinary {
  path: string;
  version: string;
}

/** Places to look, in order. An explicit path (setting, then CLOUDFLARED_PATH) is the only place looked. */
export function cloudflaredCandidates(setting: string | null, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (setting) return [setting];
  if (env.CLOUDFLARED_PATH) return [env.CLOUDFLARED_PATH];
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'cloudflared.exe' : 'cloudflared';
  const onPath = (env.PATH ?? env.Path ?? '')
    .split(platform === 'win32' ? ';' : ':')
    .filter((dir) => dir !== '')
    .map((dir) => p.join(dir, exe));
  const usual =
    platform === 'win32'
      ? ['C:\\Program Files (x86)\\cloudflared', 'C:\\Program Files\\cloudflared'].map((dir) => p.join(dir, exe))
      : ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin'].map((dir) => p.join(dir, exe));
  return [...new Set([...onPath, ...usual])];
}

/** Runs `<file> --version`: "cloudflared version 2024.4.1 (built …)" proves it is cloudflared and runs. */
function versionOf(file: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, ['--version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const match = /cloudflared version (\S+)/i.exec(`${stdout}\n${stderr}`);
      resolve(error || !match ? null : match[1]!);
    });
  });
}

export async function locateCloudflared(
  setting: string | null,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 5000,
): Promise<{ binary: CloudflaredBinary | null; looked: string[] }> {
  const looked = cloudflaredCandidates(setting, platform, env);
  for (const file of looked) {
    if (!fs.existsSync(file)) continue;
    const version = await versionOf(file, timeoutMs);
    if (version) return { binary: { path: file, version }, looked };
  }
  return { binary: null, looked };
}
