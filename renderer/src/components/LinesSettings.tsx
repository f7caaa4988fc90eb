// Settings → Phone lines: each tracking number the calls came in on, with the label the pop and the rows
// give it ("Downtown clinic"); without one, the name of its ad.

import { useState } from 'react';
import type { LineView } from '../../../shared/api';
import { formatPhone } from '../../../shared/phone';
import { useLines } from '../data/names';
import { Feedback } from './Feedback';

const LABEL_MAX = 60;

export function LinesSettings() {
  const { lines, loaded, error, save } = useLines();
  return (
    <section className="card" aria-labelledby="lines-title">
      <h3 id="lines-title">Phone lines</h3>
      <p className="muted">
        The tracking numbers your calls come in on. A label (&quot;Downtown clinic&quot;) names the line in the pop and the call list; without one,
        the name of its ad in Marketing Edge is shown.
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load the lines: {error}
        </p>
      )}
      {loaded && !error && lines.length === 0 && <p className="muted">No calls yet: each line appears here after its first call.</p>}
      <ul className="lines">
        {lines.map((line) => (
          <LineRow key={line.number} line={line} save={save} />
        ))}
      </ul>
    </section>
  );
}

function LineRow({ line, save }: { line: LineView; save: (number: string, label: string) => Promise<string | null> }) {
  const [label, setLabel] = useState(line.label ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // A saved label coming back refills the box.
  const [labelOf, setLabelOf] = useState(line.label);
  if (labelOf !== line.label) {
    setLabelOf(line.label);
    setLabel(line.label ?? '');
  }
  const number = formatPhone(line.number) ?? line.number;
  // Saved when the box is left or on Enter, and only when it changed.
  const commit = async (next = label) => {
    if (next.trim() === (line.label ?? '')) return;
    const failure = await save(line.number, next);
    setMessage(
      failure
        ? { ok: false, text: failure }
        : { ok: true, text: next.trim() ? `Saved: calls to ${number} show "${next.trim()}".` : 'Back to the ad name.' },
    );
  };
  return (
    <li className="lines__line">
      <div role="group" aria-label={`Line ${number}`}>
        <div className="lines__head">
          <strong className="lines__number">{number}</strong>
          <span className="muted">{line.adName ? `Ad: ${line.adName}` : 'No ad name known yet'}</span>
        </div>
        <div className="lines__edit">
          <input
            className="input"
            aria-label={`Label for ${number}`}
            value={label}
            maxLength={LABEL_MAX}
            placeholder={line.adName ?? 'Downtown clinic'}
            autoComplete="off"
            onChange={(e) => setLabel(e.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(e) => e.key === 'Enter' && void commit()}
          />
          {line.label !== null && (
            <button type="button" className="button button--ghost button--small" onClick={() => void commit('')}>
              Reset to ad name
            </button>
          )}
        </div>
      </div>
      <Feedback message={message} />
    </li>
  );
}
