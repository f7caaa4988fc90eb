// The main-process side of the IPC contract: one handler per channel, each calling the core. Every request
// is checked twice before it reaches the core: who sent it (the app window's top frame) and what it holds
// (arguments validated against the contract's types, since a compromised renderer could send anything).

import fs from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import type { HealthResponse, ListCallsQuery } from '../../shared/api';
import { IPC_CHANNELS, invokeChannel, type IpcChannel, type IpcContract } from '../../shared/ipc';
import type { Core } from '../core/core';
import { parseTunnelUpdate } from '../core/tunnel/settings';
import { senderTrusted, type IpcSender } from './windowPolicy';

export type IpcHandlers = {
  [K in IpcChannel]: (...args: IpcContract[K]['request']) => Promise<IpcContract[K]['response']>;
};

/** What only the shell can do for the window: a native save dialog, the person's browser. */
export interface ShellActions {
  /** Asks where to save `suggestedName`; null when the person cancels. */
  chooseCsvFile(suggestedName: string): Promise<string | null>;
  /** Opens an https URL in the default browser (refuses anything else). */
  openExternal(url: string): Promise<void>;
}

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or date-time');
const listQuery: z.ZodType<ListCallsQuery> = z
  .object({
    q: z.string().max(500).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: z.enum(['answered', 'missed', 'voicemail', 'ringing']).optional(),
    adSource: z.string().max(500).optional(),
    hasRecording: z.boolean().optional(),
    hasTranscript: z.boolean().optional(),
    limit: z.number().int().min(1).max(200).optional(),
    cursor: z.string().max(200).optional(),
  })
  .strict();
const callId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The argument list each channel accepts, as the contract types it. */
const ARGUMENTS: { [K in IpcChannel]: z.ZodType<IpcContract[K]['request']> } = {
  health: z.tuple([]),
  listCalls: z.tuple([listQuery]),
  getCall: z.tuple([callId]),
  listAdSources: z.tuple([]),
  listDeliveries: z.union([z.tuple([]), z.tuple([z.number().int().min(1).max(500).optional()])]),
  getSettings: z.tuple([]),
  // The body is validated where it is applied (core.window.updateSettings), by the same schema as HTTP PUT.
  updateSettings: z.tuple([z.unknown()]) as unknown as z.ZodType<IpcContract['updateSettings']['request']>,
  regenerateToken: z.tuple([]),
  exportCsv: z.tuple([listQuery]),
  openExternal: z.tuple([z.string().max(4096)]),
  getTunnel: z.tuple([]),
  // Validated where it is applied (the same parser as HTTP PUT /api/tunnel/settings), with its field-by-field reasons.
  updateTunnelSettings: z.tuple([z.unknown()]) as unknown as z.ZodType<IpcContract['updateTunnelSettings']['request']>,
  checkTunnel: z.tuple([]),
  restartTunnel: z.tuple([]),
  confirmTunnelUrl: z.tuple([z.string().max(4096)]),
  sendTestCall: z.tuple([]),
  setTestCallsHidden: z.tuple([z.boolean()]),
  deleteTestCalls: z.tuple([]),
};

export function parseArguments<K extends IpcChannel>(channel: K, args: unknown[]): IpcContract[K]['request'] {
  const parsed = ARGUMENTS[channel].safeParse(args);
  if (!parsed.success) {
    throw new Error(`Bad ${channel} request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Writes the chunks to `file`, waiting whenever the disk falls behind. */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  for (const chunk of chunks) if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

export function csvFileName(now: Date): string {
  return `calls-${now.toISOString().slice(0, 10)}.csv`;
}

export function createIpcHandlers(core: Pick<Core, 'store' | 'window' | 'tunnel'>, actions: ShellActions, version: string): IpcHandlers {
  return {
    async health() {
      const health: HealthResponse = { ok: true, version, calls: core.store.countCalls() };
      return health;
    },
    async listCalls(query) {
      return core.store.listCalls(query);
    },
    async getCall(id) {
      return core.store.getCallDetail(id);
    },
    async listAdSources() {
      return core.window.adSources();
    },
    async listDeliveries(limit) {
      return { deliveries: core.store.listDeliveries(limit ?? 100) };
    },
    async getSettings() {
      return core.window.settings();
    },
    async updateSettings(update) {
      return core.window.updateSettings(update);
    },
    async regenerateToken() {
      return core.window.regenerateToken();
    },
    async exportCsv(query) {
      const file = await actions.chooseCsvFile(csvFileName(new Date()));
      if (file) await writeChunks(file, core.window.csvChunks(query));
    },
    async openExternal(url) {
      await actions.openExternal(url);
    },
    async getTunnel() {
      return core.tunnel.status();
    },
    async updateTunnelSettings(update) {
      const parsed = parseTunnelUpdate(update);
      if ('error' in parsed) throw new Error(parsed.error);
      return core.tunnel.updateSettings(parsed);
    },
    async checkTunnel() {
      return core.tunnel.check();
    },
    async restartTunnel() {
      return core.tunnel.restart();
    },
    async confirmTunnelUrl(url) {
      return core.tunnel.confirmUrl(url);
    },
    async sendTestCall() {
      return core.tunnel.sendTestCall();
    },
    async setTestCallsHidden(hidden) {
      return core.tunnel.setTestCallsHidden(hidden);
    },
    async deleteTestCalls() {
      return core.tunnel.deleteTestCalls();
    },
  };
}

/** What registration needs of ipcMain. */
export interface IpcMainPort<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
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
      const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
      return handler(...parseArguments(channel, args));
    });
  }
}
