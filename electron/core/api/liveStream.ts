// The live stream's clients (server-sent events). Each event is serialised once, into one buffer that every
// client's socket shares. A client that stops reading is closed once what it has not taken passes a bound:
// its EventSource reconnects and the window refetches what it missed, where unbounded buffering grew the
// app's memory with every event and slowed every webhook.

import type { ServerResponse } from 'node:http';
import type { PushEvents } from '../../../shared/contract/operations';

/** Unsent bytes a client may fall behind by before it is closed: a few large calls. */
export const MAX_UNSENT_BYTES = 1024 * 1024;

const HEARTBEAT_MS = 20_000;
const HEARTBEAT = Buffer.from(': keep-alive\n\n');

/** One server-sent event, serialised. */
export function streamFrame<E extends keyof PushEvents>(name: E, payload: PushEvents[E]): Buffer {
  return Buffer.from(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
}

/** Subscribes the stream to its sources while it has clients; returns the function that unsubscribes. */
export type StreamSources = (broadcast: (frame: Buffer) => void) => () => void;

export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private stopSources: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly sources: StreamSources) {}

  /** Starts streaming to `res`, first `hello` (what a client coming back needs at once). */
  add(res: ServerResponse, hello: Buffer): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.on('close', () => this.remove(res));
    this.clients.add(res);
    if (this.clients.size === 1) {
      this.stopSources = this.sources((frame) => this.broadcast(frame));
      this.heartbeat = setInterval(() => this.broadcast(HEARTBEAT), HEARTBEAT_MS);
    }
    this.send(res, hello);
  }

  get size(): number {
    return this.clients.size;
  }

  private broadcast(frame: Buffer): void {
    for (const res of this.clients) this.send(res, frame);
  }

  private send(res: ServerResponse, frame: Buffer): void {
    if (res.destroyed) return;
    res.write(frame);
    if (res.writableLength > MAX_UNSENT_BYTES) res.destroy();
  }

  private remove(res: ServerResponse): void {
    if (!this.clients.delete(res) || this.clients.size > 0) return;
    this.stopSources?.();
    this.stopSources = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
