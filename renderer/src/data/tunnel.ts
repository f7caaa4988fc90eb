// The public URL (tunnel): its status as the core pushes it, and the actions on it. The status is taken only
// from the core's pushes (and a first read): an action's own answer may be older than a push already here.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TunnelStatus, UpdateTunnelSettingsRequest } from '../../../shared/api';
import { checkSummary, testCallCount, testCallSummary } from '../format/tunnel';
import { settingsErrorText } from '../model/tunnelForm';
import { errorText, useApi } from './api';

/** What an action did, for the line beside its button. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export interface TunnelState {
  status: TunnelStatus | null;
  /** The first read failed (the core is unreachable). */
  error: string | null;
  save(update: UpdateTunnelSettingsRequest): Promise<Outcome>;
  check(): Promise<Outcome>;
  restart(): Promise<Outcome | null>;
  /** Null once confirmed; a URL that changed meanwhile is refused, and the status is read again. */
  confirm(url: string): Promise<Outcome | null>;
  /** With the test call's id once it is stored, to open it. */
  sendTestCall(): Promise<Outcome & { callId: number | null }>;
  setTestCallsHidden(hidden: boolean): Promise<Outcome | null>;
  deleteTestCalls(): Promise<Outcome>;
}

const failed = (error: unknown): Outcome => ({ ok: false, text: errorText(error) });

export function useTunnel(): TunnelState {
  const api = useApi();
  const [status, setStatus] = useState<TunnelStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Pushes received so far: a read answered after a push may be older than it, and is then not shown.
  const pushes = useRef(0);
  useEffect(() => {
    const before = pushes.current;
    const stop = api.onTunnelChange((next) => {
      pushes.current++;
      setStatus(next);
      setError(null);
    });
    api.getTunnel().then(
      (first) => {
        if (pushes.current === before) setStatus(first);
      },
      (e: unknown) => {
        if (pushes.current === before) setError(errorText(e));
      },
    );
    return stop;
  }, [api]);

  /** The status as it is now: read again, unless a push came meanwhile (then that push is the newest). */
  const refresh = useCallback(() => {
    const before = pushes.current;
    return api.getTunnel().then(
      (read) => {
        if (pushes.current === before) setStatus(read);
        return read;
      },
      () => null,
    );
  }, [api]);

  return {
    status,
    error,
    save: useCallback(
      (update) =>
        api.updateTunnelSettings(update).then(
          () => ({ ok: true, text: update.provider === 'none' ? 'Saved: no public URL.' : 'Saved.' }),
          (e: unknown) => ({ ok: false, text: settingsErrorText(errorText(e)) }),
        ),
      [api],
    ),
    check: useCallback(
      () => api.checkTunnel().then((check) => ({ ok: check.ok, text: `Self-test: ${checkSummary(check, Date.now())}` }), failed),
      [api],
    ),
    restart: useCallback(() => api.restartTunnel().then(() => null, failed), [api]),
    confirm: useCallback(
      (url) =>
        api.confirmTunnelUrl(url).then(
          () => null,
          async (e: unknown) => {
            const now = await refresh();
            if (now && now.publicWebhookUrl !== url) {
              return { ok: false, text: 'The public URL changed again meanwhile: enter the one shown now in Marketing Edge, then confirm it.' };
            }
            return failed(e);
          },
        ),
      [api, refresh],
    ),
    sendTestCall: useCallback(
      () =>
        api.sendTestCall().then(
          (result) => ({ ok: result.ok, text: testCallSummary(result), callId: result.callId }),
          (e: unknown) => ({ ...failed(e), callId: null }),
        ),
      [api],
    ),
    setTestCallsHidden: useCallback((hidden) => api.setTestCallsHidden(hidden).then(() => null, failed), [api]),
    deleteTestCalls: useCallback(
      () => api.deleteTestCalls().then(({ deleted }) => ({ ok: true, text: `Deleted ${testCallCount(deleted)}.` }), failed),
      [api],
    ),
  };
}
