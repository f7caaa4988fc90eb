// Webhooks for the window tests: the vendor's three seed samples with the caller, times and content swapped,
// so a test can play a whole call (Start, Preprocessed, Processed) that happens "now".

import { randomUUID } from 'node:crypto';
import { wallClockText } from '../../shared/timeZone';
import { postWebhook } from '../support/core';
import { loadSeeds, withCrlf } from '../support/seeds';

type Json = Record<string, unknown>;

const seeds = loadSeeds();

export interface CallPlay {
  callerNumber: string;
  callerName: string | null;
  city?: string | null;
  state?: string | null;
  /** When the tracking number rang (ms since the epoch); the call itself starts 8 s later, as in the seeds. */
  ringMs: number;
  telmetricsId: string;
  answered?: boolean;
  voicemail?: boolean;
  seconds?: number;
  transcript?: string | null;
  recordingUrl?: string | null;
  utmSource?: string | null;
}

/** "2019-11-15T14:09:45.591": UTC without an offset, as the vendor writes CallDate and Properties.UTC. */
function vendorUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** Wall-clock time in the call's zone ("Eastern"), as the vendor writes StartTime/AnswerTime/EndTime. */
const easternWallClock = (ms: number) => wallClockText(ms, 'America/New_York');

function fromSeed(name: 'start' | 'preprocessed' | 'processed', sentMs: number, edit: (n: Json) => void): string {
  const envelope = JSON.parse(seeds[name].body) as Json & { Properties: Json; Notifications: Json[] };
  envelope.Id = randomUUID().replace(/-/g, '');
  envelope.Properties.UTC = vendorUtc(sentMs);
  edit(envelope.Notifications[0]!);
  return withCrlf(JSON.stringify(envelope, null, 2));
}

export function startBody(c: CallPlay): string {
  return fromSeed('start', c.ringMs + 600, (n) => {
    n.CallDate = vendorUtc(c.ringMs);
    n.CallerNumber = c.callerNumber;
    n.CallerDetails = { ...(n.CallerDetails as Json), PhoneNumber: c.callerNumber, Name: c.callerName, City: c.city ?? null, State: c.state ?? null };
  });
}

function callTimes(c: CallPlay, n: Json): void {
  const start = c.ringMs + 8000;
  const seconds = c.seconds ?? 42;
  n.TelmetricsId = Number(c.telmetricsId);
  n.TelmetricsStudyID = 8470718;
  n.StudyDetails = { ...(n.StudyDetails as Json), StudyID: 8470718 };
  n.CalledNumber = '8669592359';
  n.CallerNumber = c.callerNumber;
  n.CallerName = c.callerName ?? '';
  n.CallerCity = c.city ?? '';
  n.CallerState = c.state ?? '';
  n.CallerStreet = '';
  n.CallerZip = '';
  n.CallerAddress = '';
  n.TimeZone = 'Eastern';
  n.StartTime = easternWallClock(start);
  n.AnswerTime = c.answered === false ? null : easternWallClock(start + 2000);
  n.EndTime = easternWallClock(start + seconds * 1000);
  n.CallSeconds = seconds;
  n.VoiceMailDetected = c.voicemail ?? false;
}

export function preprocessedBody(c: CallPlay): string {
  return fromSeed('preprocessed', c.ringMs + 70_000, (n) => {
    callTimes(c, n);
    n.AnswerStatus = c.answered === false ? 0 : 1;
  });
}

export function processedBody(c: CallPlay): string {
  return fromSeed('processed', c.ringMs + 300_000, (n) => {
    callTimes(c, n);
    n.AnswerStatus = c.answered === false ? 'Unanswered' : 'Answered';
    n.VoiceRecordingUrl = c.recordingUrl === undefined ? n.VoiceRecordingUrl : c.recordingUrl;
    n.CallTranscript = c.transcript === undefined ? n.CallTranscript : c.transcript;
    if (c.utmSource !== undefined) n.AttributionDetails = { ...(n.AttributionDetails as Json), utm_source: c.utmSource };
  });
}

export async function post(webhookUrl: string, body: string): Promise<void> {
  const res = await postWebhook(webhookUrl, body);
  if (res.status !== 200) throw new Error(`Webhook answered ${res.status}: ${res.text}`);
}

/** Plays a whole call: Start, then Preprocessed, then Processed. */
export async function playCall(webhookUrl: string, c: CallPlay): Promise<void> {
  await post(webhookUrl, startBody(c));
  await post(webhookUrl, preprocessedBody(c));
  await post(webhookUrl, processedBody(c));
}
