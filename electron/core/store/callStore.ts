// The SQLite store, composed of its parts: ingest (./callIngest.ts), the read models (./callReads.ts), the
// settings table (./settingsStore.ts), test calls (./testCalls.ts), contacts (./contacts.ts), lines
// (./lines.ts), call-back entries (./followUps.ts) and notes (./callNotes.ts). Every method is synchronous (better-sqlite3).

import type {
  ApiAnswerView,
  CallDetailResponse,
  ContactView,
  DeliveryView,
  FollowUpsResponse,
  ListApiAnswersResponse,
  LineView,
  ListCallsQuery,
  ListCallsResponse,
  RefusedBodies as RefusedBodiesView,
} from '../../../shared/api';
import type { Call, FollowUp, FollowUpState } from '../../../shared/domain';
import { ApiIngest, type ApiAnswer, type ApiIngestResult } from './apiIngest';
import { CallIngest, type DeliveryResult } from './callIngest';
import { CallLinks } from './callLinks';
import { CallNotes } from './callNotes';
import { QUIET_MS, runInBackground } from './backgroundSlices';
import { compactionTask } from './compaction';
import { CallReads } from './callReads';
import { CallSearch, type SearchTuning } from './callSearch';
import { Contacts } from './contacts';
import type { Db } from './db';
import { DeliveryReads, type DeliveryPage, type DeliveryPageQuery, type DeliveryTableRow } from './deliveryReads';
import { Reprocessor, type ReprocessOutcome } from './reprocess';
import { followUpBuildTask } from './followUpBuild';
import { FollowUps, type FollowUpChanges } from './followUps';
import { Lines } from './lines';
import { RefusedBodies } from './refusedBodies';
import { searchRebuildTask } from './searchRebuild';
import type { IncomingDelivery } from './rows';
import { SettingsStore } from './settingsStore';
import { TestCalls } from './testCalls';

export type { ApiAnswer, ApiIngestResult } from './apiIngest';
export type { CallChange, DeliveryResult } from './callIngest';
export type { FollowUpChanges } from './followUps';
export type { IncomingDelivery } from './rows';
export type { DeliveryPage, DeliveryPageQuery, DeliveryTableRow } from './deliveryReads';
export type { ReprocessOutcome } from './reprocess';

export class CallStore {
  private readonly ingest: CallIngest;
  private readonly apiIngest: ApiIngest;
  private readonly reads: CallReads;
  private readonly settings: SettingsStore;
  private readonly testCalls: TestCalls;
  private readonly refusedBodies: RefusedBodies;
  private readonly contacts: Contacts;
  private readonly lines: Lines;
  private readonly followUps: FollowUps;
  private readonly notes: CallNotes;
  private readonly deliveries: DeliveryReads;
  private readonly reprocessor: Reprocessor;
  private readonly stmt;
  /** Stops the work on the stored history that runs after start. */
  private readonly stopBackground: () => void = () => {};
  /** When the latest webhook batch was stored (performance.now()): the background work waits for a quiet moment. */
  private lastWebhookMs = -Infinity;
  private readonly builtListeners = new Set<() => void>();

  /**
   * `refusedBodyBudget`: the bytes refused and rejected bodies may hold (./refusedBodies.ts); `now`: the clock
   * calls are read against (a Call Start is ringing only within its ring window), and contacts dated by;
   * `readOnly`: on a read-only connection (the reader thread), which leaves building call-backs to the writer.
   */
  constructor(
    db: Db,
    tuning?: SearchTuning,
    refusedBodyBudget?: number,
    private readonly now: () => number = Date.now,
    { readOnly = false }: { readOnly?: boolean } = {},
  ) {
    const links = new CallLinks(db);
    this.notes = new CallNotes(db);
    this.followUps = new FollowUps(db, (ids) => this.reads.displayNames(ids));
    const stored = (ids: number[]) => this.followUps.recomputeForCalls(ids);
    this.ingest = new CallIngest(db, links, stored);
    this.refusedBodies = new RefusedBodies(db, refusedBodyBudget);
    this.settings = new SettingsStore(db);
    this.testCalls = new TestCalls(db, this.settings);
    this.reads = new CallReads(
      db,
      new CallSearch(db, tuning, now),
      () => this.testCalls.testCallsHidden(),
      now,
      (id) => ({
        notes: this.notes.ofCall(id),
        followUp: this.followUps.entryOfCall(id),
      }),
    );
    this.contacts = new Contacts(db);
    this.lines = new Lines(db);
    this.stmt = {
      callsOfCaller: db
        .prepare<[string, number], number>(`SELECT id FROM calls WHERE caller_number = ? ORDER BY started_ms DESC, id DESC LIMIT ?`)
        .pluck(),
      callsOfLine: db
        .prepare<[string, number], number>(`SELECT id FROM calls WHERE called_number = ? ORDER BY started_ms DESC, id DESC LIMIT ?`)
        .pluck(),
    };
    this.apiIngest = new ApiIngest(db, links, (ids) => this.reads.callsByIds(ids), stored);
    this.deliveries = new DeliveryReads(db, (ids) => this.reads.callsByIds(ids));
    this.reprocessor = new Reprocessor(db, links, stored);
    if (!readOnly) {
      // After start, a slice at a time (./backgroundSlices.ts): the call-backs of a history from before built
      // (./followUpBuild.ts), first as the receptionist needs them most, the calls indexed again after migration
      // 13 (./searchRebuild.ts), the rows from before migration 12 compressed (./compaction.ts).
      const built = () => this.builtListeners.forEach((listener) => listener());
      this.stopBackground = runInBackground(db, [followUpBuildTask(db, this.followUps, built), searchRebuildTask(db), compactionTask(db)], {
        busy: () => performance.now() - this.lastWebhookMs < QUIET_MS,
      });
    }
  }

  /** Stops the background work on the stored history; call before the database closes. */
  close(): void {
    this.stopBackground();
  }

  /** Stores a batch of deliveries in one transaction (one fsync) and returns what changed. */
  ingestBatch(deliveries: IncomingDelivery[]): DeliveryResult[] {
    this.lastWebhookMs = performance.now();
    return this.ingest.ingestBatch(deliveries);
  }

  /**
   * Keeps an answer of the vendor's calls API as received, merges its results into the history in slices
   * (yielding between them, so webhooks are not held up) and returns what changed, for the live stream
   * (never with an alert: these calls did not ring here). Throws, saying why, for a body that is not a calls
   * answer; the answer is kept all the same.
   */
  ingestApiAnswer(answer: ApiAnswer): Promise<ApiIngestResult> {
    return this.apiIngest.ingestAnswer(answer);
  }

  /** See `CallIngest.ingestBatchUnsynced`: the caller syncs the WAL before acknowledging the batch. */
  ingestBatchUnsynced(deliveries: IncomingDelivery[]): DeliveryResult[] {
    this.lastWebhookMs = performance.now();
    return this.ingest.ingestBatchUnsynced(deliveries);
  }

  getCall(id: number): Call | null {
    return this.reads.getCall(id);
  }

  getCallDetail(id: number): CallDetailResponse | null {
    return this.reads.getCallDetail(id);
  }

  listCalls(query: ListCallsQuery): ListCallsResponse {
    return this.reads.listCalls(query);
  }

  /** The latest deliveries, newest first: a number is `{ limit }`. */
  listDeliveries(query: number | DeliveryPageQuery = {}): DeliveryView[] {
    return this.deliveryPage(typeof query === 'number' ? { limit: query } : query).deliveries;
  }

  /** A page of the deliveries inspector, with the cursor of the next (older) page. */
  deliveryPage(query: DeliveryPageQuery): DeliveryPage {
    return this.deliveries.page(query);
  }

  getDelivery(id: number): DeliveryView | null {
    return this.deliveries.get(id);
  }

  deliveryProblemCounts(): { rejected: number; refused: number; failed: number } {
    return this.deliveries.problemCounts();
  }

  /** The stored delivery, as Re-process reads it. */
  deliveryRow(id: number): DeliveryTableRow | null {
    return this.deliveries.row(id);
  }

  /** Runs a stored delivery through today's normaliser and fold (see ./reprocess.ts); durable when it returns. */
  reprocessDelivery(row: DeliveryTableRow): ReprocessOutcome {
    return this.reprocessor.reprocess(row);
  }

  listApiAnswers(query?: { limit?: number; before?: number; outcome?: ApiAnswerView['outcome'] }): ListApiAnswersResponse {
    return this.deliveries.answers(query);
  }

  getApiAnswer(id: number): ApiAnswerView | null {
    return this.deliveries.answer(id);
  }

  /** Merges a kept answer again (see ApiIngest.reprocessAnswer); null when there is no such answer. */
  reprocessApiAnswer(id: number): Promise<ApiIngestResult> | null {
    const kept = this.deliveries.keptAnswer(id);
    return kept && this.apiIngest.reprocessAnswer(id, kept);
  }

  refusedBodiesStatus(): RefusedBodiesView {
    return this.refusedBodies.status();
  }

  /** Drops the oldest refused and rejected bodies beyond the budget (their records stay); returns how many. */
  pruneRefusedBodies(): number {
    return this.refusedBodies.prune();
  }

  /** Drops every refused and rejected body kept (their records stay); returns how many. */
  clearRefusedBodies(): number {
    return this.refusedBodies.clear();
  }

  getContact(number: string): ContactView | null {
    return this.contacts.get(number);
  }

  saveContact(number: string, name: string, note: string | null): ContactView {
    return this.contacts.save(number, name, note, new Date(this.now()).toISOString());
  }

  deleteContact(number: string): boolean {
    return this.contacts.delete(number);
  }

  listLines(): LineView[] {
    return this.lines.list();
  }

  saveLine(number: string, label: string | null): LineView {
    return this.lines.save(number, label);
  }

  /** The calls with these ids that exist, in this order. */
  callsByIds(ids: readonly number[]): Call[] {
    return this.reads.callsByIds(ids);
  }

  /** The latest `limit` calls from a caller's number, newest first. */
  callsOfCaller(number: string, limit: number): Call[] {
    return this.reads.callsByIds(this.stmt.callsOfCaller.all(number, limit));
  }

  /** The latest `limit` calls to a tracking number, newest first. */
  callsOfLine(number: string, limit: number): Call[] {
    return this.reads.callsByIds(this.stmt.callsOfLine.all(number, limit));
  }

  /** The call-back entries in this state, newest first by their latest call. */
  listFollowUps(state: FollowUpState): FollowUp[] {
    return this.followUps.list(state);
  }

  /** A state's entries as the window lists them (at most FOLLOW_UPS_LISTED), with the open count read with them. */
  followUpListing(state: FollowUpState): FollowUpsResponse {
    return this.followUps.listing(state);
  }

  followUpEntries(ids: readonly number[]): FollowUp[] {
    return this.followUps.entriesByIds(ids);
  }

  /** A number's call-back entries, oldest first. */
  followUpsOfNumber(number: string): FollowUp[] {
    return this.followUps.ofNumber(number);
  }

  openFollowUps(): number {
    return this.followUps.openCount();
  }

  /** Whether the call-backs of a stored history are still being counted: the lists and the open count are not whole yet. */
  followUpsBuilding(): boolean {
    return this.followUps.building();
  }

  /** Told once, when the call-backs of a stored history are all counted (none of their entries was pushed). */
  onFollowUpsBuilt(listener: () => void): () => void {
    this.builtListeners.add(listener);
    return () => this.builtListeners.delete(listener);
  }

  /** Marks the entry holding this call done or open again; false when the call is in no entry. */
  markFollowUp(callId: number, state: FollowUpState, by: string, note: string | null): boolean {
    return this.followUps.mark(callId, state, by, note, this.now());
  }

  /** The entries and calls whose call-back state changed since last asked, or null. */
  takeFollowUpChanges(): FollowUpChanges | null {
    return this.followUps.takeChanges();
  }

  addCallNote(callId: number, by: string, text: string): void {
    this.notes.add(callId, new Date(this.now()).toISOString(), by, text);
  }

  /** False when there is no such call; an earlier opening is kept. */
  markCallOpened(callId: number): boolean {
    return this.notes.markOpened(callId, new Date(this.now()).toISOString());
  }

  countCalls(): number {
    return this.reads.countCalls();
  }

  getSetting(key: string): string | null {
    return this.settings.getSetting(key);
  }

  setSetting(key: string, value: string): void {
    this.settings.setSetting(key, value);
  }

  markTestCalls(deliveryId: number): number[] {
    return this.testCalls.markTestCalls(deliveryId);
  }

  testCallIds(): number[] {
    return this.testCalls.testCallIds();
  }

  testCallsHidden(): boolean {
    return this.testCalls.testCallsHidden();
  }

  setTestCallsHidden(hidden: boolean): void {
    this.testCalls.setTestCallsHidden(hidden);
  }

  deleteTestCalls(): number {
    return this.testCalls.deleteTestCalls();
  }
}
