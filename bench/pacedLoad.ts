// A paced load generator, in its own process (forked by processes.ts): realistic webhook deliveries at a fixed
// rate over a few kept-alive connections, each Call Start's issue time stamped on the machine's monotonic clock
// (so the core's host can be timed against it), until told to stop or its time is up.
//   argv[2]: PacedLoadOptions. Sends { type: 'ready' } once its deliveries are built and it starts; message
//   'stop' in; PacedLoadResult out when stopped or after maxSeconds, then it exits.

import http from 'node:http';
import { DeliveryStream } from './deliveryStream';
import { monotonicMs } from './host';
import { summarize, type Summary } from './stats';
import type { Stamp } from './summaries';

export interface PacedLoadOptions {
  url: string;
  /** Deliveries per second. */
  rate: number;
  connections: number;
  /** Stops by itself after this long if no 'stop' came. */
  maxSeconds: number;
  seed: number;
  firstPass: number;
}

export interface PacedLoadResult {
  type: 'paced';
  issued: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Issued → answered, ms. */
  latencyMs: Summary;
  /** Each Call Start's caller number and when it was issued. */
  sent: Stamp[];
}

const options = JSON.parse(process.argv[2] ?? '{}') as PacedLoadOptions;
const stream = new DeliveryStream(options.seed, 1000, options.firstPass);
const url = new URL(options.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
const latencies: number[] = [];
const sent: Stamp[] = [];
let issued = 0;
let ok = 0;
let non2xx = 0;
let errors = 0;
let inFlight = 0;
let stopping = false;
let started = 0;

function issue(): void {
  const d = stream.next();
  const at = monotonicMs();
  if (d.callerNumber) sent.push([d.callerNumber, at]);
  issued++;
  inFlight++;
  const done = () => {
    inFlight--;
    if (stopping && inFlight === 0) finish();
  };
  const req = http.request(url, { method: 'POST', agent, headers: { ...d.headers, 'content-length': Buffer.byteLength(d.body) } }, (res) => {
    res.resume();
    res.on('end', () => {
      latencies.push(monotonicMs() - at);
      if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
      else non2xx++;
      done();
    });
  });
  req.on('error', () => {
    errors++;
    done();
  });
  req.end(d.body);
}

// Each delivery at its own moment (start + i / rate), so a late timer catches up instead of drifting.
function tick(): void {
  if (stopping) return;
  const due = Math.floor(((monotonicMs() - started) / 1000) * options.rate) + 1;
  while (issued < due) issue();
  if (monotonicMs() - started >= options.maxSeconds * 1000) return stop();
  setTimeout(tick, Math.max(0, ((issued / options.rate) * 1000 - (monotonicMs() - started)) | 0));
}

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  const result: PacedLoadResult = {
    type: 'paced',
    issued,
    ok,
    non2xx,
    errors,
    seconds: (monotonicMs() - started) / 1000,
    latencyMs: summarize(latencies),
    sent,
  };
  process.send!(result, () => process.exit(0));
}

function stop(): void {
  stopping = true;
  if (inFlight === 0) finish();
  // Answers still missing after 30 s are counted as errors: the result must come.
  setTimeout(() => {
    errors += inFlight;
    finish();
  }, 30_000).unref();
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stop();
});
process.send!({ type: 'ready' });
started = monotonicMs();
tick();
