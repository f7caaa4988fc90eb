// The core's side of every operation in the contract (shared/contract/operations.ts), apart from any
// transport: the app listener's routes and the desktop shell's IPC handlers both call these.

import { hostname } from 'node:os';
import type { AdSourcesResponse, CallDetailResponse, HealthResponse, SecretProblem, SettingsResponse } from '../../../shared/api';
import type { Call } from '../../../shared/domain';
import { OPERATIONS, type OperationName, type ResponseOf, type ValidRequestOf } from '../../../shared/contract/operations';
import { RequestError } from '../../../shared/contract/requests';
import { callCsvLine, callsCsvHeader } from '../../../shared/csv';
import type { CatchUpRunner } from '../catchUp/runner';
import type { ChangeFeed } from '../changeFeed';
import { pushFollowUpChanges } from '../followUpPush';
import type { SignatureMode } from '../ingest/signature';
import type { WebhookConfig } from '../ingest/received';
import { adSourceLister } from '../store/adSources';
import { readAlertPreferences, writeAlertPreferences } from '../store/alertPreferences';
import type { CallStore } from '../store/callStore';
import type { DatabaseProblem } from '../store/databaseHealth';
import type { Db } from '../store/db';
import type { TunnelService } from '../tunnel/service';
import { inspectorHandlers } from './inspectorHandlers';

/** What the settings operations read and change in the running core. */
export interface CoreControls {
  readonly webhookUrl: string;
  readonly dataDir: string;
  config(): WebhookConfig;
  regenerateWebhookToken(): string;
  setSignature(secret: string | null, mode: SignatureMode): void;
  tunnel: TunnelService;
  catchUp: CatchUpRunner;
}

export interface HandlerDeps {
  store: CallStore;
  version: string;
  /** The database, for the read-only queries only the window makes. */
  db: Db;
  /** Why the call database cannot take deliveries now (lost or damaged), or null. */
  database: () => DatabaseProblem | null;
  /** The secrets that could not be read, and what that stops. */
  secrets: () => SecretProblem[];
  /** The running core, looked up per request (it is assembled after the listeners start). */
  controls: () => CoreControls;
  /** Where calls a contact or line change renamed are told to open windows. */
  feed: ChangeFeed;
  /** Told after Re-process changed calls outside live ingest (the recordings downloader looks for new recordings). */
  callsChanged?: () => void;
}

/** Operations the core carries out; `openExternal` is the window's (a browser) or the shell's (Electron). */
export type CoreOperation = Exclude<OperationName, 'openExternal'>;

/** A CSV operation yields the file in chunks (the header, then one chunk per page of calls); from another thread, as they come. */
type CoreResult<K extends OperationName> = (typeof OPERATIONS)[K]['response'] extends { kind: 'csv' }
  ? Iterable<string> | AsyncIterable<string>
  : ResponseOf<K>;

/** One handler per operation: leaving one out, or answering with another type, is a compile error. */
export type CoreHandlers = {
  [K in CoreOperation]: (request: ValidRequestOf<K>) => CoreResult<K> | Promise<CoreResult<K>>;
};

const EXPORT_PAGE = 200;
const DESK_NAME = 'deskName';
/** The calls a contact or line change sends to open windows; a window shows more re-reads them itself. */
const RENAMED_CALLS_PUSHED = 50;

export function createCoreHandlers(deps: HandlerDeps): CoreHandlers {
  const listAdSources = adSourceLister(deps.db);
  const tunnel = () => deps.controls().tunnel;
  const catchUp = () => deps.controls().catchUp;
  // Oldest first, so a window that applies them in order ends with the newest on top.
  const push = (calls: Call[]) => {
    for (const call of calls.reverse()) deps.feed.emit({ call, alert: null });
  };
  // A contact's name is its entries' name too: the views listing them re-read them.
  const pushRenamedEntries = (number: string) => {
    const changed = deps.store.followUpsOfNumber(number);
    if (changed.length > 0) deps.feed.emitFollowUps({ open: deps.store.openFollowUps(), changed, building: deps.store.followUpsBuilding() });
  };

  // The computer's name until the desk is named: who did what is kept on every change.
  const deskName = () => deps.store.getSetting(DESK_NAME) ?? (hostname().trim() || 'This computer');
  /** The call's detail after a change to it, with the change pushed to open windows. */
  const changed = (id: number): CallDetailResponse | null => {
    const detail = deps.store.getCallDetail(id);
    pushFollowUpChanges(deps.store, deps.feed, new Set([id]));
    if (detail) deps.feed.emit({ call: detail.call, alert: null });
    return detail;
  };

  const settings = (): SettingsResponse => {
    const core = deps.controls();
    const config = core.config();
    return {
      webhookUrl: core.webhookUrl,
      webhookToken: config.token,
      signature: { mode: config.signatureMode, secretSet: config.secret !== null },
      alerts: readAlertPreferences(deps.store),
      deskName: deskName(),
      dataDir: core.dataDir,
      version: deps.version,
    };
  };

  return {
    health: (): HealthResponse => {
      const problem = deps.database();
      const secrets = deps.secrets();
      if (problem) return { ok: false, version: deps.version, problem: problem.kind, error: problem.reason, file: problem.file, secrets };
      return { ok: true, version: deps.version, calls: deps.store.countCalls(), secrets };
    },
    listCalls: (query) => deps.store.listCalls(query),
    getCall: (id) => deps.store.getCallDetail(id),
    listAdSources: (): AdSourcesResponse => ({ channels: listAdSources() }),
    getContact: (number) => deps.store.getContact(number),
    saveContact({ number, name, note }) {
      const contact = deps.store.saveContact(number, name, note);
      push(deps.store.callsOfCaller(number, RENAMED_CALLS_PUSHED));
      pushRenamedEntries(number);
      return contact;
    },
    deleteContact(number) {
      const deleted = deps.store.deleteContact(number);
      if (deleted) {
        push(deps.store.callsOfCaller(number, RENAMED_CALLS_PUSHED));
        pushRenamedEntries(number);
      }
      return { number, deleted };
    },
    listLines: () => ({ lines: deps.store.listLines() }),
    saveLine({ number, label }) {
      const line = deps.store.saveLine(number, label);
      push(deps.store.callsOfLine(number, RENAMED_CALLS_PUSHED));
      return line;
    },
    listFollowUps: (query) => deps.store.followUpListing(query?.state ?? 'open'),
    setFollowUp({ id, state, by, note }) {
      if (!deps.store.getCall(id)) return null;
      if (!deps.store.markFollowUp(id, state, by ?? deskName(), note?.trim() ? note : null))
        throw new RequestError(409, 'This call has no call-back entry');
      return changed(id);
    },
    addCallNote({ id, text, by }) {
      if (!deps.store.getCall(id)) return null;
      deps.store.addCallNote(id, by ?? deskName(), text);
      return changed(id);
    },
    markCallOpened(id) {
      if (!deps.store.markCallOpened(id)) return null;
      return changed(id);
    },
    ...inspectorHandlers({ store: deps.store, feed: deps.feed, callsChanged: deps.callsChanged }),
    clearRefusedBodies: () => ({ cleared: deps.store.clearRefusedBodies(), refusedBodies: deps.store.refusedBodiesStatus() }),
    getSettings: settings,
    updateSettings({ signature, alerts, deskName: name }) {
      if (signature) {
        const core = deps.controls();
        const { secret: kept, secretUnreadable } = core.config();
        const secret = signature.secret === undefined ? kept : signature.secret;
        if (signature.mode !== 'off' && !secret) {
          const unread = secretUnreadable && signature.secret === undefined;
          throw new RequestError(
            400,
            unread ? 'The webhook secret could not be read: enter it again' : `Signature mode "${signature.mode}" needs a webhook secret`,
          );
        }
        core.setSignature(secret, signature.mode);
      }
      if (alerts) writeAlertPreferences(deps.store, alerts);
      if (name !== undefined) deps.store.setSetting(DESK_NAME, name);
      return settings();
    },
    regenerateToken() {
      deps.controls().regenerateWebhookToken();
      return settings();
    },
    *exportCsv({ tz, ...filters }) {
      // The byte-order mark makes Excel read the file as UTF-8.
      yield `\uFEFF${callsCsvHeader()}`;
      let cursor: string | undefined;
      do {
        const page = deps.store.listCalls({ ...filters, limit: EXPORT_PAGE, cursor });
        yield page.calls.map((call) => callCsvLine(call, tz)).join('');
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    getTunnel: () => tunnel().status(),
    updateTunnelSettings: (update) => tunnel().updateSettings(update),
    checkTunnel: () => tunnel().check(),
    restartTunnel: () => tunnel().restart(),
    confirmTunnelUrl: (url) => tunnel().confirmUrl(url),
    sendTestCall: () => tunnel().sendTestCall(),
    getTestCalls: () => tunnel().testCalls(),
    setTestCallsHidden: (hidden) => tunnel().setTestCallsHidden(hidden),
    deleteTestCalls: () => tunnel().deleteTestCalls(),
    catchUpStatus: () => catchUp().status(),
    runCatchUp: (request) => catchUp().run('demand', request?.days),
    saveCatchUpSettings: (update) => catchUp().saveSettings(update),
    checkCatchUp: () => catchUp().check(),
  };
}
