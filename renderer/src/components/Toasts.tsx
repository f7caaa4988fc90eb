import type { Toast } from '../data/alerts';

/** The in-page alerts, newest on top; announced politely to screen readers. */
interface Props {
  toasts: Toast[];
  /** The toast's call, or the call list for a catch-up summary (no call id). */
  onOpen(callId: number | null): void;
  /** Opens the call with its name form open. */
  onSaveName(callId: number): void;
  onDismiss(key: number): void;
}

export function Toasts({ toasts, onOpen, onSaveName, onDismiss }: Props) {
  return (
    <div className="toasts" role="region" aria-label="Call alerts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.key} className={`toast toast--${t.kind}`} role="status" data-call-id={t.callId ?? undefined}>
          <button
            type="button"
            className="toast__open"
            onClick={() => {
              onOpen(t.callId);
              onDismiss(t.key);
            }}
          >
            <span className="toast__title">{t.alert.title}</span>
            {t.alert.body.split('\n').map((line, i) => (
              <span key={i} className="toast__line">
                {line}
              </span>
            ))}
          </button>
          {t.call && t.call.contact === null && t.call.callerNumber && (
            <button
              type="button"
              className="toast__save button button--small"
              onClick={() => {
                onSaveName(t.call.id);
                onDismiss(t.key);
              }}
            >
              Save name
            </button>
          )}
          <button type="button" className="toast__close" aria-label="Dismiss alert" onClick={() => onDismiss(t.key)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
