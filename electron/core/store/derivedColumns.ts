// Columns of the calls table derived from the folded call by the pure functions of shared/calls: written by
// `callRow` (./rows.ts) and, for calls stored before the column existed, by a migration through the SQL
// functions registered here.

// Not ./db's Db: db.ts registers these, and must not be imported back.
import type Database from 'better-sqlite3';
import { adChannelOf, adSourceOf } from '../../../shared/calls/adSource';
import { realName } from '../../../shared/calls/callerName';
import type { FoldedCall } from '../../../shared/domain';

export interface DerivedColumns {
  /** The call's own best real name: the vendor's lookup after the call, else its caller ID if a real name. */
  callerName: string | null;
  adSource: string | null;
  adChannel: string | null;
}

export function derivedColumns(call: FoldedCall): DerivedColumns {
  const place = { city: call.callerCity, state: call.callerState };
  return {
    callerName: realName(call.lookedUpName ?? call.callerName, place),
    adSource: adSourceOf(call),
    adChannel: adChannelOf(call),
  };
}

/**
 * Registers call_caller_name(data), call_ad_source(data) and call_ad_channel(data) on the connection. A
 * statement asks all three of one row in turn: the row's fold is parsed once, for the first.
 */
export function registerDerivedColumns(db: Database.Database): void {
  let lastData: string | null = null;
  let last: DerivedColumns | null = null;
  const of = (data: unknown): DerivedColumns => {
    if (typeof data !== 'string') return { callerName: null, adSource: null, adChannel: null };
    if (data !== lastData || !last) {
      last = derivedColumns(JSON.parse(data) as FoldedCall);
      lastData = data;
    }
    return last;
  };
  const options = { deterministic: true, directOnly: true };
  db.function('call_caller_name', options, (data: unknown) => of(data).callerName);
  db.function('call_ad_source', options, (data: unknown) => of(data).adSource);
  db.function('call_ad_channel', options, (data: unknown) => of(data).adChannel);
}
