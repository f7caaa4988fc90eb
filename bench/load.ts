// The load generator, in its own process (forked by processes.ts): autocannon POSTing realistic webhook
// deliveries to one URL, either as fast as the server answers or at a fixed offered rate, and reporting
// throughput and every response's latency (autocannon's own timing, in fractional milliseconds).

import autocannon from 'autocannon';
import { DeliveryStream } from './deliveryStream';
import { summarize, type Summary } from './stats';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections (autocannon's overallRate); omitted = as fast as possible. */
  overallRate?: number;
  seed: number;
  /** Where in the delivery stream this run starts: give every run against one server its own. */
  firstPass?: number;
}

export interface LoadResult {
  type: 'result';
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 2xx answers per second. */
  rate: number;
  latencyMs: Summary;
}

function run(options: LoadOptions): Promise<LoadResult> {
  const stream = new DeliveryStream(options.seed, 1000, options.firstPass ?? 0);
  const url = new URL(options.url);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            setupRequest: (request) => {
              const d = stream.next();
              return { ...request, method: 'POST', path: url.pathname, headers: d.headers, body: d.body };
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          type: 'result',
          requests: ok + non2xx,
          ok,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds: result.duration,
          rate: ok / result.duration,
          latencyMs: summarize(latencies),
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok++;
      else non2xx++;
    });
  });
}

run(JSON.parse(process.argv[2] ?? '{}') as LoadOptions).then(
  (result) => {
    process.send!(result);
    process.disconnect();
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
