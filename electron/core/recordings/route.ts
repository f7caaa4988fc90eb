// GET /api/calls/:id/recording: a cached recording from its file, with range requests (a player seeks with
// them). One not cached is asked for and waited on a little, then refused with the reason in words.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { answerStoreUnavailable, StoreUnavailableError } from '../thread/storeUnavailable';
import type { RecordingFile } from './recordings';

export const RECORDING_ROUTE = '/api/calls/:id/recording';

/** What the route needs of the recordings: `Recordings` itself, or the front's proxy of the store worker's. */
export interface RecordingLookup {
  file(callId: number): RecordingFile | null | Promise<RecordingFile | null>;
  ask(callId: number): Promise<unknown>;
  whyNot(callId: number): string | Promise<string>;
}

export function recordingRoute(recordings: RecordingLookup, waitMs = 10_000) {
  return async (req: Request, res: Response) => {
    const id = /^[1-9]\d{0,15}$/.test(String(req.params.id)) ? Number(req.params.id) : null;
    if (id === null) return void res.status(400).json({ error: 'A call id is a positive whole number' });
    let file: RecordingFile | null;
    try {
      file = await findRecording(recordings, id, waitMs);
      if (!file) return void res.status(404).json({ error: await recordings.whyNot(id) });
    } catch (error) {
      // The store worker is being started again: the player may ask again in a moment, as the API says.
      if (error instanceof StoreUnavailableError) return answerStoreUnavailable(res, error);
      throw error;
    }
    res.setHeader('Content-Type', file.contentType);
    const size = file.bytes;
    res.sendFile(file.path, { cacheControl: false, lastModified: false }, (error?: Error & { status?: number }) => {
      if (!error || res.headersSent) return;
      if (error.status === 416) res.setHeader('Content-Range', `bytes */${size}`);
      res.removeHeader('Content-Type');
      res
        .status(error.status ?? 500)
        .json({ error: error.status === 416 ? 'The range asked for is not within the recording' : 'The recording could not be read' });
    });
  };
}

/** The recording's file, asked for and waited on a little when it is not downloaded yet. */
async function findRecording(recordings: RecordingLookup, id: number, waitMs: number): Promise<RecordingFile | null> {
  const file = await recordings.file(id);
  if (file) return file;
  await Promise.race([recordings.ask(id), sleep(waitMs, undefined, { ref: false })]);
  return recordings.file(id);
}
