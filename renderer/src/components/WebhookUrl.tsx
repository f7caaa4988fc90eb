// A webhook URL under its label, with a copy button; `pending` stands in while there is no URL yet.

import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

export function WebhookUrlValue(props: { id: string; label: string; url: string | null; copyLabel: string; testId: string; pending: ReactNode }) {
  return (
    <>
      <span className="webhook-url__label" id={props.id}>
        {props.label}
      </span>
      {props.url ? (
        <div className="webhook-url__row">
          <code className="webhook-url__value" aria-labelledby={props.id} data-testid={props.testId}>
            {props.url}
          </code>
          <CopyButton text={props.url} label={props.copyLabel} />
        </div>
      ) : (
        <p className="muted">{props.pending}</p>
      )}
    </>
  );
}
