// The worker side of test/integration/secret-bridge.test.ts: a BridgedSecretStore in a real worker thread, driven by
// the test over parentPort. Each command is answered with what the store returned or the message it threw.

import { parentPort, workerData } from 'node:worker_threads';
import { BridgedSecretStore, type SecretBridgePort } from '../../electron/core/thread/secretBridge';

export type WorkerCommand = { op: 'get'; name: string } | { op: 'set'; name: string; value: string | null } | { op: 'place' };
export type WorkerReply = { ok: true; value: string | null } | { ok: false; error: string };

const { bridge, timeoutMs } = workerData as { bridge: SecretBridgePort; timeoutMs?: number };
const store = new BridgedSecretStore(bridge, timeoutMs);

parentPort!.on('message', (command: WorkerCommand) => {
  let reply: WorkerReply;
  try {
    if (command.op === 'place') reply = { ok: true, value: store.place };
    else if (command.op === 'get') reply = { ok: true, value: store.get(command.name) };
    else {
      store.set(command.name, command.value);
      reply = { ok: true, value: null };
    }
  } catch (error) {
    reply = { ok: false, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
