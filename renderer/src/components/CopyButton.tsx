import { useEffect, useState } from 'react';
import { copyText } from '../platform/clipboard';

/** A button that copies `text` and says so for a moment. `label` names what is copied, for screen readers. */
export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={`button button--small ${className ?? ''}`}
      aria-label={state === 'idle' ? label : `${label}: ${state === 'copied' ? 'copied' : 'copy failed'}`}
      onClick={() =>
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
