// A search loop, in its own process (forked by processes.ts): one search after another against the app's API,
// as a person searching and searching again would, until told to stop.
//   argv[2]: SearchLoopOptions. Sends { type: 'ready' } after its first answer; message 'stop' in;
//   SearchLoopResult out, then it exits.

import { summarize, type Summary } from './stats';
import { timeGet } from './timing';

export interface SearchLoopOptions {
  /** The App URL as printed, with its key. */
  appUrl: string;
  /** API paths with their queries, taken in turn. */
  paths: string[];
}

export interface SearchLoopResult {
  type: 'searched';
  latencyMs: Summary;
  errors: number;
  /** The first error's words, if any. */
  firstError: string | null;
}

const options = JSON.parse(process.argv[2] ?? '{}') as SearchLoopOptions;
const key = new URL(options.appUrl).searchParams.get('key');
let stopping = false;
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stopping = true;
});

const latencies: number[] = [];
let errors = 0;
let firstError: string | null = null;
for (let i = 0; !stopping; i++) {
  try {
    latencies.push((await timeGet(new URL(options.paths[i % options.paths.length]!, options.appUrl).href, key)).ms);
    if (i === 0) process.send!({ type: 'ready' });
  } catch (error) {
    errors++;
    firstError ??= (error as Error).message;
    if (i === 0) process.send!({ type: 'ready' });
    // A refused search must not spin: wait a little before the next.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const result: SearchLoopResult = { type: 'searched', latencyMs: summarize(latencies), errors, firstError };
process.send!(result, () => process.exit(0));
