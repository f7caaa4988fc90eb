// Start at login on macOS: a per-user LaunchAgent whose ProgramArguments carry --hidden, since macOS 13+
// cannot tell Electron the app was opened at login. The plist is read back by Python's plistlib (a real
// parser of Apple's format), so an unescaped "&" or "<" in a path would fail here as it would in launchd.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID } from '../../electron/shell/identity';
import { launchAgentFile, launchAgentPlist, macLoginItem, xmlText } from '../../electron/shell/loginItem';
import { tempDir } from '../support/core';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function parsePlist(file: string): Record<string, unknown> {
  const script = 'import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('the macOS LaunchAgent', () => {
  it('runs the app hidden at login, with every argument as written, however odd the path', () => {
    const d = tempDir('launch-agent-');
    dirs.push(d);
    const file = launchAgentFile(d);
    expect(file).toBe(path.join(d, 'Library', 'LaunchAgents', `${APP_ID}.plist`));
    const command = ['/Applications/R&D <Front> Desk.app/Contents/MacOS/Call Alerts', "/Users/o'brien/call alerts"];
    expect(macLoginItem.enabled(file)).toBe(false);
    macLoginItem.set(true, command, file);
    expect(macLoginItem.enabled(file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(launchAgentPlist(command));
    expect(parsePlist(file)).toEqual({
      Label: APP_ID,
      ProgramArguments: [...command, '--hidden'],
      RunAtLoad: true,
      ProcessType: 'Interactive',
    });
    macLoginItem.set(false, [], file);
    expect(macLoginItem.enabled(file)).toBe(false);
  });

  it('escapes what XML character data cannot hold', () => {
    expect(xmlText('a&b<c>d "e"')).toBe('a&amp;b&lt;c&gt;d "e"');
    expect(launchAgentPlist(['/x&y'])).toContain('<string>/x&amp;y</string>');
  });
});
