import type { Toast } from '../data/alerts';

/** The in-page alerts, newest on top; announced politely to screen readers. */
export function Toasts({ toasts, onOpen, onDismiss }: { toasts: Toast[]; onOpen(id: number): void; onDismiss(key: number): void }) {
  return (
    <div className="toasts" role="region" aria-label="Call alerts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.key} className={`toast toast--${t.kind}`} role="status" data-call-id={t.callId}>
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
          <button type="button" className="toast__close" aria-label="Dismiss alert" onClick={() => onDismiss(t.key)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
