// STAND-IN for Electron's Linux distribution (the unzipped electron-v<version>-linux-x64.zip), for the packaging
// test: Electron's binary cannot be downloaded here. It holds what electron-builder does something with when
// -c.electronDist names an unpacked folder (app-builder-lib/out/electron/ElectronFramework.js, platformPackager.js):
//  electron     copied, renamed to the executable name, then @electron/fuses flips its fuse wire, which it finds
//               after a sentinel string in the binary: the sentinel, the wire's version (1), its length, one byte
//               per fuse ('0' off, '1' on). Here a shell script carries that wire in a comment.
//  resources/   where app.asar, app.asar.unpacked and extraResources go
//  LICENSE      moved to LICENSE.electron.txt (Electron's licence must ship)
// The real dist also has Chromium's libraries, .pak files, locales and chrome-sandbox, which electron-builder only copies.

import fs from 'node:fs';
import path from 'node:path';

/** @electron/fuses' SENTINEL (node_modules/@electron/fuses/dist/constants.js). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's default fuse states, in @electron/fuses' FuseV1Options order: RunAsNode on, EnableCookieEncryption off,
 * EnableNodeOptionsEnvironmentVariable on, EnableNodeCliInspectArguments on, EnableEmbeddedAsarIntegrityValidation
 * off, OnlyLoadAppFromAsar off, LoadBrowserProcessSpecificV8Snapshot off, GrantFileProtocolExtraPrivileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** Writes the stand-in Electron dist into `dir` and returns `dir`. */
export function makeElectronDistStandIn(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = `${FUSE_SENTINEL}\x01${String.fromCharCode(ELECTRON_DEFAULT_FUSES.length)}${ELECTRON_DEFAULT_FUSES}`;
  fs.writeFileSync(
    path.join(dir, 'electron'),
    `#!/bin/sh\n# stand-in for Electron's binary; fuse wire: ${wire}\necho "Electron stand-in: not a real Electron" >&2\nexit 1\n`,
    {
      mode: 0o755,
    },
  );
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT licence file.\n');
  return dir;
}
