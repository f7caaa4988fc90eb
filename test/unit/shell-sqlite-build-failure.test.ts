// Reading why the Electron build of SQLite failed from @electron/rebuild's log, for the failures this machine
// cannot produce for real (shell-start.test.ts runs the ones it can): each one's wording taken from node-gyp's source.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainBuildFailure, headersFailure, missingTool, toolchainAdvice } from '../../build/sqliteBuildFailure';
import { ROOT } from '../support/headless';

const NODE_GYP = path.join(ROOT, 'node_modules', 'node-gyp');
const source = (file: string) => fs.readFileSync(path.join(NODE_GYP, file), 'utf8');
const context = { what: 'SQLite (better-sqlite3 12.11.1)', target: 'Electron 38.8.6 (win32-x64)', cacheDir: '/c', logFile: '/t/log' } as const;
const HEADERS = 'https://www.electronjs.org/headers/v38.8.6/node-v38.8.6-headers.tar.gz';

describe("node-gyp's failures, in its own words", () => {
  it('a missing Python, Visual Studio or Xcode', () => {
    for (const [file, line, tool] of [
      ['lib/find-python.js', 'Could not find any Python installation to use', 'Python 3'],
      ['lib/find-visualstudio.js', 'Could not find any Visual Studio installation to use', 'Visual Studio (its C++ build tools)'],
      ['gyp/pylib/gyp/xcode_emulation.py', 'No Xcode or CLT version detected!', "Xcode's Command Line Tools"],
    ] as const) {
      expect(source(file)).toContain(line);
      expect(missingTool(`gyp ERR! stack Error: ${line}\n`)).toBe(tool);
    }
    expect(missingTool('gyp info ok\n')).toBeNull();
  });

  it('a headers server answering 404 (a mirror without this Electron)', () => {
    expect(source('lib/install.js')).toContain('response downloading ${release.tarballUrl}');
    const output = `gyp http GET ${HEADERS}\ngyp WARN install got an error, rolling back install\nError: 404 response downloading ${HEADERS}\n`;
    expect(headersFailure(output)).toEqual({ url: HEADERS, host: 'www.electronjs.org', reason: 'HTTP 404' });
  });

  it('the host not found: node-gyp replaces ENOTFOUND with its connectivity sentence', () => {
    expect(source('lib/install.js')).toContain('is related to network connectivity. In most cases you are behind a proxy or have bad');
    const output = `gyp http GET ${HEADERS}\ngyp WARN install got an error, rolling back install\nError: This is most likely not a problem with node-gyp or the package itself and\nis related to network connectivity.`;
    expect(headersFailure(output)?.reason).toBe('ENOTFOUND: its host could not be found');
  });

  it('an unknown failure: its error lines and the log', () => {
    const text = explainBuildFailure('gyp info spawn make\n../src/x.cpp:1: error: boom\ngyp ERR! stack Error: `make` failed with exit code: 2\n', {
      ...context,
      platform: 'linux',
    });
    expect(text).toBe(
      'SQLite (better-sqlite3 12.11.1) could not be built for Electron 38.8.6 (win32-x64), so the desktop app cannot start from source.\n' +
        'Compiling it failed:\n../src/x.cpp:1: error: boom\ngyp ERR! stack Error: `make` failed with exit code: 2\nThe full build log: /t/log',
    );
  });
});

describe('what to install', () => {
  it('says the toolchain of the system it runs on', () => {
    expect(toolchainAdvice('win32')).toContain('"Desktop development with C++"');
    expect(toolchainAdvice('darwin')).toContain('xcode-select --install');
    expect(toolchainAdvice('linux')).toContain('sudo apt-get install build-essential python3');
    const text = explainBuildFailure('gyp ERR! stack Error: Could not find any Visual Studio installation to use\n', {
      ...context,
      platform: 'win32',
    });
    expect(text).toContain('Compiling it needs a C++ toolchain, and Visual Studio (its C++ build tools) was not found. On Windows install');
    expect(text).toContain('Then run "npm start" again.');
  });
});
