// better-sqlite3's addon built for another runtime: Node's own error, reworded as which runtime it was built
// for and what to run, wherever the database is opened.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOpenError } from '../../electron/core/store/db';
import { explainAddonError, parseAbiMismatch, runtimeOfAbi } from '../../electron/core/store/sqliteAddon';
import { ROOT } from '../support/headless';

/** The format string of the running Node's loader error (src/node_binding.cc), read once from its binary. */
const nodesOwnFormat = (() => {
  const binary = fs.readFileSync(process.execPath);
  const start = binary.indexOf("The module '%s'\nwas compiled against a different Node.js version");
  if (start < 0) throw new Error(`${process.execPath} does not hold the loader's message`);
  return binary.subarray(start, binary.indexOf(0, start)).toString('latin1');
})();

/** Node's error as DLOpen throws it (ERR_DLOPEN_FAILED), filled in the way snprintf does. */
function loaderError(addon: string, builtFor: number, required: number): Error {
  const values = [addon, builtFor, required];
  const message = nodesOwnFormat.replace(/%[sd]/g, () => String(values.shift()));
  return Object.assign(new Error(message), { code: 'ERR_DLOPEN_FAILED' });
}

const ADDON = '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node';

describe("the addon built for another runtime (Node's loader error)", () => {
  it("reads the running Node's own wording", () => {
    expect(loaderError(ADDON, 139, 115).message).toBe(
      `The module '${ADDON}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 139. This version of Node.js requires\n` +
        'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).',
    );
    expect(parseAbiMismatch(loaderError(ADDON, 139, 115).message)).toEqual({ addon: ADDON, builtFor: 139, required: 115 });
    expect(parseAbiMismatch('Cannot find module better_sqlite3.node')).toBeNull();
  });

  it('headless mode after an interrupted npm run dist: built for Electron, run "npm rebuild better-sqlite3"', () => {
    const text = explainAddonError(loaderError(ADDON, 139, 115), { node: '20.20.2' });
    expect(text).toBe(
      `SQLite's addon ${ADDON} is built for Electron (NODE_MODULE_VERSION 139), but this is Node.js 20.20.2, which needs NODE_MODULE_VERSION 115. ` +
        'Run "npm rebuild better-sqlite3" to build it for this Node.js again (an interrupted "npm run dist" leaves the Electron build there).',
    );
  });

  it('another Node.js: names it, and says the same rebuild', () => {
    const text = explainAddonError(loaderError(ADDON, 127, 115), { node: '20.20.2' });
    expect(text).toContain('is built for Node.js 22 (NODE_MODULE_VERSION 127)');
    expect(text).toContain('"npm rebuild better-sqlite3"');
    expect(text).not.toContain('npm run dist');
  });

  it('the desktop app from source on the Node build: run "npm start"', () => {
    const text = explainAddonError(loaderError(ADDON, 115, 139), { node: '22.22.0', electron: '38.8.6' });
    expect(text).toMatch(
      /is built for Node\.js 20 \(NODE_MODULE_VERSION 115\), but this is Electron 38\.8\.6, which needs NODE_MODULE_VERSION 139\./,
    );
    expect(text).toContain('"npm start"');
    expect(text).not.toContain('npm rebuild');
  });

  it('replaces the raw error where the database is opened', () => {
    const text = describeOpenError('/data/calls.sqlite', loaderError(ADDON, 139, 115), { node: '20.20.2' });
    expect(text).toMatch(/^SQLite's addon .* is built for Electron/);
    expect(text).not.toContain('NODE_MODULE_VERSION 139. This version of Node.js');
    expect(describeOpenError('/data/calls.sqlite', new Error('boom'))).toBe('Cannot open the call database /data/calls.sqlite: boom');
  });

  it('names runtimes as node-abi does, and no Electron ABI passes for a Node.js one', () => {
    const nodeAbi = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('@electron/rebuild'))('node-abi') as {
      allTargets: { runtime: string; target: string; abi: string }[];
    };
    const recent = nodeAbi.allTargets.filter((t) => Number(t.abi) >= 83);
    for (const t of recent) {
      const named = runtimeOfAbi(Number(t.abi));
      if (t.runtime === 'node') expect(named).toBe(`Node.js ${t.target.split('.')[0]} (NODE_MODULE_VERSION ${t.abi})`);
      else expect(named).toBe(`Electron (NODE_MODULE_VERSION ${t.abi})`);
    }
    expect(recent.some((t) => t.runtime === 'electron' && t.abi === '139')).toBe(true);
  });
});
