// Why building better-sqlite3's addon failed, read from @electron/rebuild's verbose log (its own debug lines,
// prebuild-install's warning, node-gyp's --verbose output), worded as what failed and what to do.

export interface FailureContext {
  /** "SQLite (better-sqlite3 12.11.1)" */
  what: string;
  /** "Electron 38.8.6 (linux-x64)" */
  target: string;
  platform: NodeJS.Platform;
  cacheDir: string;
  logFile: string;
}

export interface FailedDownload {
  url: string;
  host: string;
  reason: string | null;
}

/** prebuild-install's one warning line ("prebuild-install warn install getaddrinfo ENOTFOUND github.com"). */
export function prebuiltFailure(output: string): string | null {
  const matches = [...output.matchAll(/prebuild-install warn install ([^\n'\\]+)/g)];
  return matches.at(-1)?.[1]?.trim() ?? null;
}

/** The headers download node-gyp gave up on: its last GET before it rolled the install back. */
export function headersFailure(output: string): FailedDownload | null {
  const rollback = output.indexOf('install got an error, rolling back install');
  if (rollback < 0) return null;
  const gets = [...output.slice(0, rollback).matchAll(/gyp http GET (\S+)/g)];
  const url = gets.at(-1)?.[1];
  if (!url) return null;
  const after = output.slice(rollback);
  const code = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|CERT_\w+|UNABLE_TO_\w+)\b/.exec(after)?.[1];
  const status = /\b(\d{3}) (?:status code|response) downloading/.exec(after)?.[1];
  const reason = code ?? (status ? `HTTP ${status}` : /network connectivity/.test(after) ? 'ENOTFOUND: its host could not be found' : null);
  return { url, host: new URL(url).host, reason };
}

/** The build tool node-gyp could not find, or null when the toolchain is there. */
export function missingTool(output: string): string | null {
  if (/Could not find any Python installation/.test(output)) return 'Python 3';
  if (/Could not find any Visual Studio installation/.test(output)) return 'Visual Studio (its C++ build tools)';
  if (/xcrun: error|No Xcode or CLT version detected|xcode-select: error/.test(output)) return "Xcode's Command Line Tools";
  // node-gyp looks for make itself ("not found: make"); make then runs the compilers.
  if (/not found: make\b/.test(output)) return 'make';
  const compiler = /\b(g\+\+|gcc|c\+\+|cc|clang\+\+|clang): (?:command not found|not found|No such file or directory)/.exec(output);
  return compiler ? `the compiler ${compiler[1]}` : null;
}

/** How to get a C++ toolchain node-gyp can use, on each system. */
export function toolchainAdvice(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return 'On Windows install Visual Studio Build Tools with the "Desktop development with C++" workload, and Python 3 (python.org or the Microsoft Store).';
    case 'darwin':
      return "On macOS install Xcode's Command Line Tools: xcode-select --install";
    default:
      return 'On Debian or Ubuntu: sudo apt-get install build-essential python3. On Fedora: sudo dnf install gcc-c++ make python3.';
  }
}

/** node-gyp's own error lines, when the failure is none of the known ones. */
function lastErrors(output: string): string {
  const lines = output.split('\n').filter((line) => /gyp ERR!|error:|Error:/.test(line));
  return lines.slice(-4).join('\n') || output.trim().split('\n').slice(-4).join('\n');
}

export function explainBuildFailure(output: string, context: FailureContext): string {
  const lines = [`${context.what} could not be built for ${context.target}, so the desktop app cannot start from source.`];
  const prebuilt = prebuiltFailure(output);
  const headers = headersFailure(output);
  const tool = missingTool(output);
  if (prebuilt) lines.push(`No prebuilt binary could be downloaded (prebuild-install: ${prebuilt}).`);
  if (headers) {
    lines.push(`Compiling it needs Electron's headers, and their download failed: ${headers.url}${headers.reason ? ` (${headers.reason})` : ''}.`);
  }
  if (tool) lines.push(`Compiling it needs a C++ toolchain, and ${tool} was not found. ${toolchainAdvice(context.platform)}`);
  if (!headers && !tool) lines.push(`Compiling it failed:\n${lastErrors(output)}`);
  const hosts = [...new Set([...(prebuilt ? [prebuiltHost(prebuilt)] : []), ...(headers ? [headers.host] : [])].filter((host) => host !== null))];
  if (headers || prebuilt) {
    lines.push(
      `It needs internet access once${hosts.length ? ` (${hosts.join(', ')})` : ''}: run "npm start" again where they can be reached; ` +
        `the build is then kept in ${context.cacheDir}.`,
    );
  }
  if (tool) lines.push('Then run "npm start" again.');
  lines.push(`The full build log: ${context.logFile}`);
  return lines.join('\n');
}

/** The host in prebuild-install's reason ("getaddrinfo ENOTFOUND github.com", "connect ECONNREFUSED 127.0.0.1:9"). */
function prebuiltHost(reason: string): string | null {
  return /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENETUNREACH|EHOSTUNREACH) ([\w.-]+(?::\d+)?)/.exec(reason)?.[1] ?? null;
}
