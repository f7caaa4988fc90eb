// The bench's vendor API: the loopback stand-in (test/support/vendorApiStandIn.ts) holding `calls` calls
// spread over the last week, in its own process so its work does not count against the core's thread.
//   The first IPC message is the plan { calls, token, key } (never argv: a command line is readable by every
//   user); it answers { baseUrl } once listening and stops on SIGTERM.

import { startVendorApiStandIn } from '../test/support/vendorApiStandIn';

export interface VendorApiPlan {
  calls: number;
  token: string;
  key: string;
}

const plan = await new Promise<VendorApiPlan>((resolve) => process.once('message', (message) => resolve(message as VendorApiPlan)));
const api = await startVendorApiStandIn({ token: plan.token, key: plan.key });
const now = Date.now();
const spanMs = 7 * 24 * 3_600_000 - 3_600_000;
for (let i = 0; i < plan.calls; i++) {
  api.put({
    id: 1_500_000_000 + i,
    startMs: now - 60_000 - Math.floor((i / plan.calls) * spanMs),
    callerNumber: `${416 + (i % 300)}555${String(i % 10_000).padStart(4, '0')}`,
    answered: i % 4 !== 0,
    seconds: 30 + (i % 400),
    recordingUrl: i % 3 === 0 ? `https://recordings.example/${i}.mp3` : null,
    transcript: i % 5 === 0 ? `Hello, I am calling about the quote number ${i} for the roof repair next week.` : null,
  });
}
process.send?.({ baseUrl: api.baseUrl });
process.on('SIGTERM', () => void api.close().then(() => process.exit(0)));
