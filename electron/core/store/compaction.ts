// Migration 12's second half: the rows stored before compression are compressed in place (./bodyCodec.ts), a
// batch per transaction, so a million-call history never needs a second copy of itself in one WAL. Each batch
// moves its table's cursor in `compaction` in the same transaction: stopped anywhere (the app quit, the power
// cut), the next start carries on from the last batch committed. Rows read the same at every point, being
// marked with their codec. Freed pages are reused by new rows; the file itself does not shrink (no VACUUM).

import { parseEnvelope } from '../../../shared/marketingEdge/normalise';
import { CODEC_NONE, decodeBody, encodeBody, encodeText } from './bodyCodec';
import type { Statement } from 'better-sqlite3';
import { SLICE_MS, type BackgroundTask } from './backgroundSlices';
import type { Db } from './db';

/** The tables migration 12 compresses, as named in `compaction`. */
const COMPACTED = ['api_bodies', 'api_events', 'deliveries', 'events'];

/** What one batch may spend before it commits, so a webhook waits no longer than this (and one row) behind it. */
export const COMPACTION_SLICE_MS = SLICE_MS;
/** Rows deleted and inserted again together, so the pages they shrink out of are freed whole. */
const CHUNK_ROWS = 64;

interface Cursor {
  tbl: string;
  done_id: number;
  last_id: number;
}

type Row = Record<string, unknown> & { id: number };

/** What a table's rows cost, in ms: packing the last one, writing each of the last chunk's, committing each of the last slice's. */
export interface WritePace {
  packMs: number;
  /** Unknown until a chunk of the table is written: its first chunk is then one row, to learn it. */
  writeMs: number | null;
  commitMs: number;
}

interface Slice {
  /** Rows written in the slice so far. */
  rows: number;
  deadline: number;
  pace: WritePace;
  /** When the slice's last chunk was written (its commit follows). */
  writesEnd?: number;
}

/**
 * Whether one more row fits in a slice before `deadline`, as `pace` says: packing it, writing it with the
 * `chunkRows` packed before it in its chunk, and committing it with the `sliceRows` before it in the slice.
 */
export function roomForRow(now: number, deadline: number, chunkRows: number, sliceRows: number, pace: WritePace): boolean {
  if (pace.writeMs === null) return chunkRows === 0 && sliceRows === 0;
  return now + pace.packMs + (chunkRows + 1) * pace.writeMs + (sliceRows + 1) * pace.commitMs <= deadline;
}

/** The notification as the delivery's body holds it, as callReads re-derives an event's `raw` when it is ''. */
export function notificationText(body: Buffer, index: number): string | null {
  const parsed = parseEnvelope(body.toString('utf8'));
  return parsed.ok ? JSON.stringify(parsed.envelope.notifications[index] ?? null) : null;
}

/** A JSON TEXT column's value compressed, unless it already is. */
function packedText(value: unknown): unknown {
  return typeof value === 'string' ? encodeText(value) : value;
}

/**
 * Compresses the rows stored before migration 12. Each chunk of rows is deleted and inserted again, same ids,
 * compressed: an UPDATE would leave every page as it was, holding one shrunken row, where this lets the B-tree
 * merge the pages (the freed ones go to the free list and new rows reuse them).
 */
export class Compaction {
  private readonly stmt;
  private readonly chunks = new Map<string, { select: Statement; remove: Statement; insert: Statement }>();
  private readonly batch: (cursor: Cursor, deadline: number) => Slice;

  /** Each table's pace of writing, learned from its last chunk and slice (a table's rows weigh alike). */
  private readonly paces = new Map<string, WritePace>();

  /** `now` is the clock the budget is kept by (a test's own, to measure in its own units). */
  constructor(
    private readonly db: Db,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.stmt = {
      cursor: db.prepare<[], Cursor>(`SELECT tbl, done_id, last_id FROM compaction ORDER BY tbl LIMIT 1`),
      advance: db.prepare<[number, string]>(`UPDATE compaction SET done_id = ? WHERE tbl = ?`),
      finish: db.prepare<[string]>(`DELETE FROM compaction WHERE tbl = ?`),
      body: db.prepare<[number], { body: Buffer; body_codec: number }>(`SELECT body, body_codec FROM deliveries WHERE id = ?`),
    };
    this.batch = db.transaction((cursor: Cursor, deadline: number) => {
      const slice: Slice = { rows: 0, deadline, pace: this.pace(cursor.tbl) };
      let done = cursor.done_id;
      do {
        done = this.compact(cursor.tbl, done, cursor.last_id, slice) ?? cursor.last_id;
      } while (done < cursor.last_id && roomForRow(this.now(), deadline, 0, slice.rows, slice.pace));
      if (done >= cursor.last_id) this.stmt.finish.run(cursor.tbl);
      else this.stmt.advance.run(done, cursor.tbl);
      return slice;
    });
  }

  /** Whether rows from before compression are left. */
  pending(): boolean {
    return this.stmt.cursor.get() !== undefined;
  }

  /**
   * Compresses rows for about `budgetMs`, in one transaction of its own; returns whether any are left. Foreign
   * keys are off meanwhile: a delivery is deleted and inserted again with its events in place, and checking
   * them would read every event (events.delivery_id has no index).
   */
  step(budgetMs = COMPACTION_SLICE_MS): boolean {
    if (this.db.inTransaction) throw new Error('The compaction must not run inside another write');
    const cursor = this.stmt.cursor.get();
    if (!cursor) return false;
    this.db.pragma('foreign_keys = OFF');
    try {
      const slice = this.batch(cursor, this.now() + budgetMs);
      // The commit writes the slice's pages to the WAL: its cost per row is reserved in the next slice.
      if (slice.rows > 0 && slice.writesEnd !== undefined) slice.pace.commitMs = (this.now() - slice.writesEnd) / slice.rows;
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
    return this.pending();
  }

  /**
   * Compresses the next rows of a table after `after`, up to a chunk, reading and packing one row at a time
   * while the row, the chunk's writes and the commit still fit before the slice's deadline at the pace the
   * last ones took (at least one row: the slice's loop saw room for it, and a slice's first row is taken
   * whatever it costs, so every slice moves on); returns the last id done, or null when none are left.
   */
  private compact(table: string, after: number, last: number, slice: Slice): number | null {
    const chunk = this.chunk(table);
    if (!chunk) return null;
    const bodies = new Map<number, Buffer | null>();
    const packed: Row[] = [];
    const { pace } = slice;
    let next = after;
    while (
      packed.length < CHUNK_ROWS &&
      (packed.length === 0 || roomForRow(this.now(), slice.deadline, packed.length, slice.rows + packed.length, pace))
    ) {
      const started = this.now();
      const row = chunk.select.get(next, last) as Row | undefined;
      if (!row) break;
      packed.push(this.packed(table, row, bodies));
      pace.packMs = this.now() - started;
      next = row.id;
    }
    if (packed.length === 0) return null;
    const started = this.now();
    for (const r of packed) chunk.remove.run(r.id);
    for (const r of packed) chunk.insert.run(r);
    slice.writesEnd = this.now();
    pace.writeMs = (slice.writesEnd - started) / packed.length;
    slice.rows += packed.length;
    return next;
  }

  private pace(table: string): WritePace {
    let pace = this.paces.get(table);
    if (!pace) this.paces.set(table, (pace = { packMs: 0, writeMs: null, commitMs: 0 }));
    return pace;
  }

  private packed(table: string, row: Row, bodies: Map<number, Buffer | null>): Row {
    switch (table) {
      case 'deliveries': {
        // A rejected body stays as received (see rows.ts storedBody): the refused-body budget counts it so.
        const body = row.body_codec === CODEC_NONE && row.outcome !== 'rejected' ? encodeBody(row.body as Buffer) : null;
        return {
          ...row,
          headers: packedText(row.headers),
          actions: packedText(row.actions),
          ...(body && { body: body.bytes, body_codec: body.codec }),
        };
      }
      case 'events': {
        // `raw` emptied where the delivery's body gives back exactly the same text (as callReads shows it): a
        // notification is then kept once; a raw that differs stays.
        let raw = row.raw as string;
        if (raw !== '') {
          const id = row.delivery_id as number;
          if (!bodies.has(id)) {
            const stored = this.stmt.body.get(id);
            bodies.set(id, stored ? decodeBody(stored.body_codec, stored.body) : null);
          }
          const body = bodies.get(id);
          if (body && notificationText(body, row.notification_index as number) === raw) raw = '';
        }
        return { ...row, event: packedText(row.event), raw };
      }
      case 'api_bodies': {
        if (row.codec !== CODEC_NONE) return row;
        const { codec, bytes } = encodeBody(row.body as Buffer);
        return { ...row, body: bytes, codec, size: (row.body as Buffer).length };
      }
      default:
        return { ...row, event: packedText(row.event) };
    }
  }

  private chunk(table: string) {
    if (!COMPACTED.includes(table)) return null;
    let chunk = this.chunks.get(table);
    if (!chunk) {
      // Every column, as the table has them now (a later migration may add some).
      const columns = (this.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((c) => `"${c}"`);
      chunk = {
        select: this.db.prepare(`SELECT * FROM ${table} WHERE id > ? AND id <= ? ORDER BY id LIMIT 1`),
        remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
        insert: this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c.slice(1, -1)}`).join(', ')})`),
      };
      this.chunks.set(table, chunk);
    }
    return chunk;
  }
}

/** The compaction as background work (./backgroundSlices.ts): after start, a slice at a time, until nothing is left. */
export function compactionTask(db: Db): BackgroundTask {
  const compaction = new Compaction(db);
  return { name: 'Compressing the stored history', pending: () => compaction.pending(), step: () => compaction.step() };
}
