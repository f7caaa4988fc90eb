// @electron/rebuild on one build folder, in a process of its own: node-gyp and prebuild-install take their
// settings from the environment, and its verbose log (DEBUG=electron-rebuild) is this process's stderr.
// Plain JavaScript: node-gyp's worker is forked with this process's flags, from a folder where no loader resolves.

import { rebuild } from '@electron/rebuild';

/** @type {import('./sqliteBuild').RebuildRequest} */
const request = JSON.parse(process.argv[2] ?? '{}');
await rebuild({
  buildPath: request.buildPath,
  electronVersion: request.version,
  forceABI: request.abi,
  ...(request.headerURL ? { headerURL: request.headerURL } : {}),
  platform: request.platform,
  arch: request.arch,
  onlyModules: ['better-sqlite3'],
  force: true,
  buildFromSource: request.buildFromSource,
});
