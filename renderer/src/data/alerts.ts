// Alerts in the window: an in-page toast for every alert the person wants, and a Web Notification too when
// the window runs in a browser and the person allowed it. Quiet hours and per-kind switches apply to both.

import { useCallback, useRef, useState } from 'react';
import { alertWanted, DEFAULT_ALERT_PREFERENCES } from '../../../shared/alertPrefs';
import type { AlertPreferences } from '../../../shared/api';
import { rowOutcome, type RowOutcome } from '../format/callRow';
import { windowAlertFor, type WindowAlert } from '../model/alerts';
import { useApi } from './api';
import { useLiveCalls } from './live';

export interface Toast extends WindowAlert {
  key: number;
}

const TOAST_MS = 12_000;
const MAX_TOASTS = 4;

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useWindowAlerts(prefs: AlertPreferences | null, openCall: (id: number) => void) {
  const api = useApi();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const outcomes = useRef(new Map<number, RowOutcome>());
  const nextKey = useRef(1);

  const dismiss = useCallback((key: number) => setToasts((list) => list.filter((t) => t.key !== key)), []);

  useLiveCalls((event) => {
    const seen = outcomes.current.get(event.call.id);
    outcomes.current.set(event.call.id, rowOutcome(event.call));
    const raised = windowAlertFor(event, seen, Date.now());
    if (!raised || !alertWanted(prefs ?? DEFAULT_ALERT_PREFERENCES, raised.kind, Date.now())) return;
    const key = nextKey.current++;
    setToasts((list) => [{ ...raised, key }, ...list].slice(0, MAX_TOASTS));
    window.setTimeout(() => dismiss(key), TOAST_MS);
    if (api.transport === 'http' && notificationPermission() === 'granted') {
      const note = new Notification(raised.alert.title, { body: raised.alert.body, tag: `call-${raised.callId}` });
      note.onclick = () => {
        window.focus();
        openCall(raised.callId);
        note.close();
      };
    }
  });

  return { toasts, dismiss };
}
