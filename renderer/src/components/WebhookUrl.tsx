// A webhook URL under its label, with a copy button; `pending` stands in while there is no URL yet. Its token
// part is masked ("…/hooks/••••••••"): Copy copies the real URL, and Show reveals it on request.

import { useState, type ReactNode } from 'react';
import { maskWebhookUrl } from '../model/webhookAddress';
import { CopyButton } from './CopyButton';

export function WebhookUrlValue(props: { id: string; label: string; url: string | null; copyLabel: string; testId: string; pending: ReactNode }) {
  return (
    <>
      <span className="webhook-url__label" id={props.id}>
        {props.label}
      </span>
      {props.url ? (
        <MaskedUrl url={props.url} labelledBy={props.id} copyLabel={props.copyLabel} testId={props.testId} />
      ) : (
        <p className="muted">{props.pending}</p>
      )}
    </>
  );
}

/** The URL with its token masked, a Show toggle and Copy (which copies the real URL either way). */
export function MaskedUrl({ url, labelledBy, copyLabel, testId }: { url: string; labelledBy?: string; copyLabel: string; testId: string }) {
  const [shown, setShown] = useState(false);
  const masked = maskWebhookUrl(url);
  return (
    <div className="webhook-url__row">
      <code className="webhook-url__value" aria-labelledby={labelledBy} data-testid={testId}>
        {shown ? url : masked}
      </code>
      {masked !== url && (
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label={`${shown ? 'Hide' : 'Show'} the whole address`}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      )}
      <CopyButton text={url} label={copyLabel} />
    </div>
  );
}
