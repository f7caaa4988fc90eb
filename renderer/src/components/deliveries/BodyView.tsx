// A stored body as text: pretty-printed JSON, or the text as sent with its first JSON error pointed at.
// Always React text (a body is never HTML); monospace and scrollable.

import { useMemo } from 'react';
import { jsonErrorHeadline, readJsonBody } from '../../format/jsonBody';

export function BodyView({ body, label }: { body: string; label: string }) {
  const reading = useMemo(() => readJsonBody(body), [body]);
  if (reading.ok) {
    return (
      <pre className="raw inspector-body" tabIndex={0} aria-label={`${label}, pretty-printed`} data-testid="body-pretty">
        {reading.pretty}
      </pre>
    );
  }
  const { error } = reading;
  return (
    <>
      <div className="inspector-json-error" data-testid="json-error">
        <p className="inspector-json-error__headline">
          <strong>{jsonErrorHeadline(error)}</strong> — {error.explanation}
        </p>
        {error.kind !== 'empty' && (
          <pre className="inspector-json-error__where" aria-label={`Line ${error.line} with a caret under column ${error.column}`}>
            {error.excerpt}
            {'\n'}
            <span className="inspector-json-error__caret">{error.caret}</span>
          </pre>
        )}
      </div>
      {body !== '' && (
        <pre className="raw inspector-body" tabIndex={0} aria-label={`${label}, as sent`} data-testid="body-raw">
          {body}
        </pre>
      )}
    </>
  );
}
