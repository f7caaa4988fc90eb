// The main-process side of IPC: one handler per operation of the contract, each calling the core's handler
// (or, for the two things only a desktop can do, the shell). Every request is checked twice before it
// reaches the core: who sent it (the app window's top frame) and what it holds (the contract's schema, the
// same rules as over HTTP, since a compromised renderer could send anything).

import fs from 'node:fs';
import { once } from 'node:events';
import { OPERATION_NAMES, type OperationName, type ResponseOf, type ValidRequestOf } from '../../shared/contract/operations';
import { RequestError, validRequest } from '../../shared/contract/requests';
import { IPC_CHANNELS, invokeChannel } from '../../shared/ipc';
import type { Core } from '../core/core';
import type { CoreOperation } from '../core/api/handlers';
import { senderTrusted, type IpcSender } from './windowPolicy';

/** One handler per operation: leaving one out, or answering with another type, is a compile error. */
export type IpcHandlers = {
  [K in OperationName]: (request: ValidRequestOf<K>) => Promise<ResponseOf<K>>;
};

/** What only the shell can do for the window: a native save dialog, the person's browser. */
export interface ShellActions {
  /** Asks where to save `suggestedName`; null when the person cancels. */
  chooseCsvFile(suggestedName: string): Promise<string | null>;
  /** Opens an http(s) URL in the default browser or a tel: number in the calling app (refuses anything else). */
  openExternal(url: string): Promise<void>;
}

/** Writes the chunks to `file`, waiting whenever the disk falls behind. */
export async function writeChunks(file: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  for await (const chunk of chunks) if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

export function csvFileName(now: Date): string {
  return `calls-${now.toISOString().slice(0, 10)}.csv`;
}

export function createIpcHandlers(core: Pick<Core, 'handlers'>, actions: ShellActions): IpcHandlers {
  const fromCore = Object.fromEntries(
    OPERATION_NAMES.filter((name): name is CoreOperation => name !== 'openExternal').map((name) => {
      const handler = core.handlers[name] as (request: unknown) => unknown;
      return [name, async (request: unknown) => handler(request)];
    }),
  ) as Omit<IpcHandlers, 'exportCsv' | 'openExternal'>;
  return {
    ...fromCore,
    async exportCsv(query) {
      const file = await actions.chooseCsvFile(csvFileName(new Date()));
      if (file) await writeChunks(file, await core.handlers.exportCsv(query));
    },
    openExternal: (url) => actions.openExternal(url),
  };
}

/** What registration needs of ipcMain. */
export interface IpcMainPort<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

/** The one request an invocation carries: none, or a single argument. */
function requestOf(args: unknown[]): unknown {
  if (args.length > 1) throw new RequestError(400, `takes one request, not ${args.length}`);
  return args[0];
}

/** Registers every channel; a request from anywhere but the app window's top frame is refused. */
export function registerIpcHandlers<E>(ipc: IpcMainPort<E>, handlers: IpcHandlers, describeSender: (event: E) => IpcSender): void {
  for (const channel of IPC_CHANNELS) {
    ipc.handle(invokeChannel(channel), (event, ...args) => {
      const sender = describeSender(event);
      if (!senderTrusted(sender)) {
        console.warn(`IPC ${channel} refused from ${sender.frameUrl ?? 'a closed frame'}`);
        throw new Error('Refused: this request did not come from the Call Alerts window');
      }
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return handler(validRequest(channel, requestOf(args)));
    });
  }
}
