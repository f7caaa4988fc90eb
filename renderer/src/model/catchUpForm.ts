// Settings → Catch-up, its pure parts: the form's draft and the settings update it makes, the import's days,
// and the last run in words.

import type { CatchUpProvider, CatchUpStatus, SaveCatchUpSettingsRequest } from '../../../shared/api';
import { CATCH_UP_MAX_DAYS } from '../../../shared/contract/schemas';
import { formatWhen } from '../../../shared/format';

export const IMPORT_DAYS_DEFAULT = 7;

export const PROVIDER_CHOICES: [CatchUpProvider, string][] = [
  ['marketing-edge', 'Marketing Edge'],
  ['telmetrics', 'Telmetrics (older accounts)'],
  ['off', 'Off'],
];

export interface CatchUpDraft {
  provider: CatchUpProvider;
  /** Empty: the vendor's own address. */
  baseUrl: string;
  token: string;
  key: string;
}

/** The saved choice; credentials are never filled in, only typed. */
export function catchUpDraftFrom(status: CatchUpStatus): CatchUpDraft {
  return { provider: status.provider, baseUrl: status.provider === 'off' ? '' : (status.baseUrl ?? ''), token: '', key: '' };
}

/** Whether leaving a box has anything to save: a credential typed, or another API address. */
export function catchUpChanged(draft: CatchUpDraft, status: CatchUpStatus): boolean {
  if (draft.provider !== status.provider) return true;
  if (draft.provider === 'off') return false;
  return draft.token.trim() !== '' || draft.key.trim() !== '' || draft.baseUrl.trim() !== (status.baseUrl ?? '');
}

/** Marketing Edge's API wants a subscription key beside the token; Telmetrics' the token alone. */
export function needsKey(provider: CatchUpProvider): boolean {
  return provider === 'marketing-edge';
}

/** What Save sends: a credential only when one was typed (absent keeps the saved one), trimmed. */
export function catchUpUpdate(draft: CatchUpDraft): SaveCatchUpSettingsRequest {
  if (draft.provider === 'off') return { provider: 'off' };
  const token = draft.token.trim();
  const key = draft.key.trim();
  return {
    provider: draft.provider,
    baseUrl: draft.baseUrl.trim() || null,
    ...(token ? { token } : {}),
    ...(needsKey(draft.provider) && key ? { key } : {}),
  };
}

/** Whole days from 1 to the most one run may import; anything else is refused with why. */
export function importDays(text: string): { days: number } | { error: string } {
  const days = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || days < 1 || days > CATCH_UP_MAX_DAYS) {
    return { error: `Enter a number of days from 1 to ${CATCH_UP_MAX_DAYS}.` };
  }
  return { days };
}

/** Why Check and Fetch cannot run yet, or null when they can. */
export function catchUpNotReady(status: CatchUpStatus): string | null {
  if (status.provider === 'off') return 'Choose Marketing Edge or Telmetrics first.';
  if (status.credentials.token === 'not-set') return 'Paste the API token first.';
  if (needsKey(status.provider) && status.credentials.key === 'not-set') return 'Paste the subscription key first.';
  return null;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Today 8:41 AM: 9 calls fetched, 7 new, 2 updated", or what it is doing now, or "Not run yet". */
export function lastRunLine(status: CatchUpStatus, now: number, timeZone?: string): string {
  if (status.state === 'running') return 'Fetching calls now…';
  if (!status.lastRunAt) return 'Not run yet.';
  const when = formatWhen(status.lastRunAt, now, timeZone, true);
  const result = status.lastResult;
  if (!result) return `Last run ${when}.`;
  const parts = [count(result.fetched, 'call fetched', 'calls fetched'), `${result.added} new`, `${result.updated} updated`];
  return `Last run ${when}: ${parts.join(', ')}.`;
}

/** The next run while waiting to try again, or between the regular runs. */
export function nextRunLine(status: CatchUpStatus, now: number, timeZone?: string): string | null {
  if (!status.nextRunAt || status.state === 'failed' || status.state === 'off') return null;
  const when = formatWhen(status.nextRunAt, now, timeZone, true);
  return status.state === 'waiting' ? `Trying again ${when}.` : `Next run ${when}.`;
}

/** "Calls are covered up to today 8:41 AM": how far back the history is known complete. */
export function coveredLine(status: CatchUpStatus, now: number, timeZone?: string): string | null {
  return status.coveredUntil ? `Every call up to ${formatWhen(status.coveredUntil, now, timeZone, true)} is in the history.` : null;
}
