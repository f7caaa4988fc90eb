// A generator worker: builds planned calls into their webhooks and then into database rows (normalise, fold,
// row building), so the thread that writes SQLite does nothing else.

import { parentPort, workerData } from 'node:worker_threads';
import { callRowsOf } from './generate';
import { trackingNumbers, type CallPlan } from './callPlan';

const tracking = trackingNumbers((workerData as { seed: number }).seed);

parentPort!.on('message', (message: { batch: number; plans: CallPlan[] }) => {
  parentPort!.postMessage({ batch: message.batch, ...callRowsOf(message.plans, tracking) });
});
