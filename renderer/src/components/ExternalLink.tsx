// A link out of the window: opened in the system browser (the shell sends a new window's https address to
// it); anything but https is shown as plain text, never as a link.

import type { ReactNode } from 'react';
import { httpsHref } from '../model/externalLink';

export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const safe = httpsHref(href);
  if (!safe) return <span className="external-link external-link--text">{children}</span>;
  return (
    <a className="external-link" href={safe} target="_blank" rel="noopener noreferrer">
      {children}
      <span className="visually-hidden"> (opens in your web browser)</span>
    </a>
  );
}
