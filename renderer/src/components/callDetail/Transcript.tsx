// A call's transcript with the keywords spotted, and a voicemail's message: what the caller said, alone.

import type { Call } from '../../../../shared/domain';
import { highlightKeywords, keywordSpan, keywordWords, transcriptTurns } from '../../../../shared/transcript';

/** A voicemail's message: the caller's side of the transcript, else the turns with no speaker (never the greeting alone). */
export function voicemailMessage(transcript: string | null): string | null {
  const turns = transcriptTurns(transcript);
  const caller = turns.filter((t) => t.speaker === 'caller');
  const text = (caller.length > 0 ? caller : turns.filter((t) => t.speaker === null))
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join(' ');
  return text || null;
}

export function Transcript({ call }: { call: Call }) {
  const turns = transcriptTurns(call.transcript);
  if (turns.length === 0) return null;
  const keywords = keywordWords(call.keywords);
  return (
    <section className="card" aria-labelledby="transcript-title">
      <h3 id="transcript-title">Transcript</h3>
      {call.keywords.length > 0 && (
        <ul className="keywords" aria-label="Keywords spotted">
          {call.keywords.map((k, i) => {
            const said = [keywordSpan(k.caller) && `caller ${keywordSpan(k.caller)}`, keywordSpan(k.agent) && `agent ${keywordSpan(k.agent)}`].filter(
              Boolean,
            );
            return (
              <li key={`${k.list}-${k.keyword}-${i}`} className="chip chip--keyword" title={said.join(', ')}>
                {k.keyword}
                {k.list && <span className="chip__note">{k.list}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <ol className="transcript">
        {turns.map((turn, i) => (
          <li key={i} className={`turn turn--${turn.speaker ?? 'unknown'}`}>
            <span className="turn__speaker">{turn.speaker === 'caller' ? 'Caller' : turn.speaker === 'agent' ? 'Agent' : '—'}</span>
            <span className="turn__text">
              {highlightKeywords(turn.text, keywords).map((segment, j) =>
                segment.keyword ? (
                  <mark key={j} className="keyword-hit">
                    {segment.text}
                  </mark>
                ) : (
                  segment.text
                ),
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
