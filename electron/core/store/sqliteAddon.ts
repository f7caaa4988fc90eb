// better-sqlite3's addon built for another runtime than the one running (Node's ABI error), reworded as which
// runtime it was built for and what to run: headless mode after an interrupted `npm run dist` meets an Electron
// build, the desktop app run from source meets the Node build.

/** Node's own wording (src/node_binding.cc, DLOpen), the same in Electron, which runs Node's loader. */
const ABI_MISMATCH =
  /^The module '(.+)'\nwas compiled against a different Node\.js version using\nNODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\nNODE_MODULE_VERSION (\d+)\./;

/** NODE_MODULE_VERSION of each Node.js major (node-abi's table); Electron's numbers never take one of these. */
const NODE_ABIS: Readonly<Record<number, number>> = {
  83: 14,
  88: 15,
  93: 16,
  102: 17,
  108: 18,
  111: 19,
  115: 20,
  120: 21,
  127: 22,
  131: 23,
  137: 24,
  141: 25,
  147: 26,
  153: 27,
};

export interface AbiMismatch {
  addon: string;
  builtFor: number;
  required: number;
}

export interface RunningRuntime {
  node: string;
  electron?: string | undefined;
}

export function parseAbiMismatch(message: string): AbiMismatch | null {
  const match = ABI_MISMATCH.exec(message);
  return match ? { addon: match[1]!, builtFor: Number(match[2]), required: Number(match[3]) } : null;
}

/** The runtime an ABI belongs to: a Node.js major, or Electron (whose numbers are its own). */
export function runtimeOfAbi(abi: number): string {
  const node = NODE_ABIS[abi];
  return node === undefined ? `Electron (NODE_MODULE_VERSION ${abi})` : `Node.js ${node} (NODE_MODULE_VERSION ${abi})`;
}

export function describeAbiMismatch(mismatch: AbiMismatch, running: RunningRuntime): string {
  const here = running.electron ? `Electron ${running.electron}` : `Node.js ${running.node}`;
  const built = `SQLite's addon ${mismatch.addon} is built for ${runtimeOfAbi(mismatch.builtFor)}, but this is ${here}, which needs NODE_MODULE_VERSION ${mismatch.required}.`;
  if (running.electron) return `${built} Start the desktop app from source with "npm start": it builds SQLite for Electron first.`;
  const cause = NODE_ABIS[mismatch.builtFor] === undefined ? ' (an interrupted "npm run dist" leaves the Electron build there)' : '';
  return `${built} Run "npm rebuild better-sqlite3" to build it for this Node.js again${cause}.`;
}

/** The wrong-runtime explanation for an error loading the addon, or null when the error is something else. */
export function explainAddonError(error: unknown, running: RunningRuntime): string | null {
  const message = (error as Error | null)?.message;
  const mismatch = typeof message === 'string' ? parseAbiMismatch(message) : null;
  return mismatch ? describeAbiMismatch(mismatch, running) : null;
}
