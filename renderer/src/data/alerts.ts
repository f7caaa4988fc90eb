// Alerts in the window: an in-page toast for every alert the person wants, and a Web Notification too when
// the window runs in a browser and the person allowed it. Quiet hours and per-kind switches apply to both;
// a catch-up run's summary is one toast for all its calls.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Call } from '../../../shared/domain';
import { alertWanted, DEFAULT_ALERT_PREFERENCES } from '../../../shared/alertPrefs';
import type { AlertPreferences, CatchUpEvent } from '../../../shared/api';
import { rowOutcome, type RowOutcome } from '../format/callRow';
import { catchUpWindowAlert, keptToasts, renamedAlert, toastLifetimeMs, windowAlertFor, type CatchUpAlert, type WindowAlert } from '../model/alerts';
import { useApi } from './api';
import { onCallsChange, type CallsChange } from './cache';
import { useLiveCalls } from './live';

export type Toast = (WindowAlert | CatchUpAlert) & { key: number };

const MAX_TOASTS = 4;

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** `open` shows what a toast or notification is about: its call, or the call list for a catch-up summary. */
export function useWindowAlerts(prefs: AlertPreferences | null, open: (callId: number | null) => void) {
  const api = useApi();
  const client = useQueryClient();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const outcomes = useRef(new Map<number, RowOutcome>());
  const nextKey = useRef(1);

  const dismiss = useCallback((key: number) => setToasts((list) => list.filter((t) => t.key !== key)), []);

  const raise = (raised: WindowAlert | CatchUpAlert) => {
    const key = nextKey.current++;
    setToasts((list) => keptToasts([{ ...raised, key }, ...list], MAX_TOASTS));
    const lifetime = toastLifetimeMs(raised.kind);
    if (lifetime !== null) window.setTimeout(() => dismiss(key), lifetime);
    if (api.transport === 'http' && notificationPermission() === 'granted') {
      const tag = raised.callId === null ? `catch-up-${key}` : `call-${raised.callId}`;
      // A missed call's notification, like its toast, stays until someone acts on it.
      const note = new Notification(raised.alert.title, { body: raised.alert.body, tag, requireInteraction: lifetime === null });
      note.onclick = () => {
        window.focus();
        open(raised.callId);
        note.close();
      };
    }
  };

  // A name saved or a line labelled while a toast is up: the toast names the caller as the next pop will.
  const rename = useCallback(
    (change: CallsChange) =>
      setToasts((list) => {
        const next = list.map((t) => (t.call === null ? t : { ...t, ...renamedAlert(t, change(t.call), Date.now()) }));
        return next.every((t, i) => t.alert === list[i]!.alert) ? list : next;
      }),
    [],
  );
  useEffect(() => onCallsChange(client, rename), [client, rename]);

  useLiveCalls((event) => {
    const seen = outcomes.current.get(event.call.id);
    outcomes.current.set(event.call.id, rowOutcome(event.call, Date.now()));
    const raised = windowAlertFor(event, seen, Date.now());
    if (raised && alertWanted(prefs ?? DEFAULT_ALERT_PREFERENCES, raised.kind, Date.now())) raise(raised);
    else if (!event.alert) rename((call: Call) => (call.id === event.call.id ? event.call : call));
  });

  const onCatchUp = useEffectEvent((event: CatchUpEvent) => {
    const raised = catchUpWindowAlert(event, prefs ?? DEFAULT_ALERT_PREFERENCES, Date.now());
    if (raised) raise(raised);
  });
  useEffect(() => api.onCatchUp((event) => onCatchUp(event)), [api]);

  return { toasts, dismiss };
}
