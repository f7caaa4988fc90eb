// The public URL (tunnel): its status as the core pushes it, and the actions on it. The status is taken only
// from the core's pushes (and reads): an action's own answer may be older than a push already here.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { TunnelStatus, UpdateTunnelSettingsRequest } from '../../../shared/api';
import type { CallAlertsApi } from '../../../shared/bridge';
import { checkSummary, testCallCount, testCallSummary } from '../format/tunnel';
import { settingsErrorText } from '../model/tunnelForm';
import { errorText, useApi } from './api';
import { keys } from './cache';

/** What an action did, for the line beside its button. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/** The person's last "I've added it": in flight, and what came of it (null: none yet, or it was recorded). */
export interface Confirmation {
  busy: boolean;
  outcome: Outcome | null;
}

const NO_CONFIRMATION: Confirmation = { busy: false, outcome: null };

/**
 * Whether a confirmation's outcome has nothing left to say: the URL shown is the confirmed one. A status with
 * no URL (a quick tunnel reconnecting, a settings change on its way) is not that: the banner comes back with it.
 */
export function confirmationSettled(status: TunnelStatus | null): boolean {
  return status !== null && status.publicWebhookUrl !== null && !status.urlChanged;
}

export interface TunnelState {
  status: TunnelStatus | null;
  /** The first read failed (the core is unreachable). */
  error: string | null;
  save(update: UpdateTunnelSettingsRequest): Promise<Outcome>;
  check(): Promise<Outcome>;
  restart(): Promise<Outcome | null>;
  /** Kept here, not in the banner: a status without a URL unmounts the banner, and the answer still comes. */
  confirmation: Confirmation;
  /** Null once confirmed; a URL that changed meanwhile is refused, and the status is read again. */
  confirm(url: string): Promise<Outcome | null>;
  /** With the test call's id once it is stored, to open it. */
  sendTestCall(): Promise<Outcome & { callId: number | null }>;
  setTestCallsHidden(hidden: boolean): Promise<Outcome | null>;
  deleteTestCalls(): Promise<Outcome>;
}

const failed = (error: unknown): Outcome => ({ ok: false, text: errorText(error) });

// Pushed by the core (cache.ts): a cached status is current, and a read that a push overtakes is read again.
const tunnelQuery = (api: CallAlertsApi) => ({ queryKey: keys.tunnel, queryFn: () => api.getTunnel(), staleTime: Infinity });

export function useTunnel(): TunnelState {
  const api = useApi();
  const client = useQueryClient();
  const { data, error } = useQuery(tunnelQuery(api));

  // The actions' own answers are not shown: they may be older than a push already here.
  const { mutateAsync: save } = useMutation({ mutationFn: (update: UpdateTunnelSettingsRequest) => api.updateTunnelSettings(update) });
  const { mutateAsync: check } = useMutation({ mutationFn: () => api.checkTunnel() });
  const { mutateAsync: restart } = useMutation({ mutationFn: () => api.restartTunnel() });
  const { mutateAsync: confirm } = useMutation({ mutationFn: (url: string) => api.confirmTunnelUrl(url) });
  const { mutateAsync: sendTestCall } = useMutation({ mutationFn: () => api.sendTestCall() });
  const { mutateAsync: setHidden } = useMutation({ mutationFn: (hidden: boolean) => api.setTestCallsHidden(hidden) });
  const { mutateAsync: deleteTestCalls } = useMutation({ mutationFn: () => api.deleteTestCalls() });
  const [confirmation, setConfirmation] = useState<Confirmation>(NO_CONFIRMATION);
  const status = data ?? null;
  if (confirmation.outcome !== null && confirmationSettled(status)) setConfirmation(NO_CONFIRMATION);

  return {
    status,
    error: error && data === undefined ? errorText(error) : null,
    save: useCallback(
      (update) =>
        save(update).then(
          () => ({ ok: true, text: update.provider === 'none' ? 'Saved: no public URL.' : 'Saved.' }),
          (e: unknown) => ({ ok: false, text: settingsErrorText(errorText(e)) }),
        ),
      [save],
    ),
    check: useCallback(() => check().then((result) => ({ ok: result.ok, text: `Self-test: ${checkSummary(result, Date.now())}` }), failed), [check]),
    restart: useCallback(() => restart().then(() => null, failed), [restart]),
    confirmation,
    confirm: useCallback(
      async (url) => {
        setConfirmation({ busy: true, outcome: null });
        const outcome = await confirm(url).then(
          () => null,
          async (e: unknown): Promise<Outcome> => {
            // The status as it is now: read again, or the push that overtook that read.
            const now = await client.fetchQuery({ ...tunnelQuery(api), staleTime: 0 }).catch(() => null);
            if (now && now.publicWebhookUrl !== url) {
              return { ok: false, text: 'The public URL changed again meanwhile: enter the one shown now in Marketing Edge, then confirm it.' };
            }
            return failed(e);
          },
        );
        setConfirmation({ busy: false, outcome });
        return outcome;
      },
      [confirm, client, api],
    ),
    sendTestCall: useCallback(
      () =>
        sendTestCall().then(
          (result) => ({ ok: result.ok, text: testCallSummary(result), callId: result.callId }),
          (e: unknown) => ({ ...failed(e), callId: null }),
        ),
      [sendTestCall],
    ),
    setTestCallsHidden: useCallback((hidden) => setHidden(hidden).then(() => null, failed), [setHidden]),
    deleteTestCalls: useCallback(
      () => deleteTestCalls().then(({ deleted }) => ({ ok: true, text: `Deleted ${testCallCount(deleted)}.` }), failed),
      [deleteTestCalls],
    ),
  };
}
