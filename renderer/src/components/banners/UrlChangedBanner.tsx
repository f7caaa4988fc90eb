// The banner while the public webhook URL is not the one confirmed as entered in Marketing Edge: until it
// is, the vendor's calls go to an old address (or nowhere).

import type { TunnelStatus } from '../../../../shared/api';
import type { TunnelState } from '../../data/tunnel';
import { maskWebhookUrl } from '../../model/webhookAddress';
import { urlBannerWords } from '../../model/windowProblems';
import { CopyButton } from '../CopyButton';
import { CallWebhookNames } from '../publicUrl/CallWebhookNames';
import { OtherProblems } from './OtherProblems';

interface Props {
  status: TunnelStatus | null;
  confirm: TunnelState['confirm'];
  /** The last confirmation's state, kept by useTunnel: this banner goes with a status without a URL, the answer does not. */
  confirmation: TunnelState['confirmation'];
  /** The titles of the less urgent problems, named below. */
  others: string[];
}

export function UrlChangedBanner({ status, confirm, confirmation, others }: Props) {
  const url = status && status.provider !== 'none' && status.urlChanged ? status.publicWebhookUrl : null;
  if (!status || url === null) return null;
  const { busy, outcome: problem } = confirmation;
  const words = urlBannerWords(status.confirmedUrl !== null);
  return (
    <section className="url-banner" aria-labelledby="url-banner-title">
      <div className="url-banner__body">
        <h2 id="url-banner-title" className="url-banner__title">
          {words.title}
        </h2>
        <p>
          {status.confirmedUrl
            ? 'The public URL changed: Marketing Edge still sends calls to the old one.'
            : 'Marketing Edge needs this address to send calls here.'}{' '}
          In its portal, <strong>Settings → Webhooks</strong>, use it for <CallWebhookNames />.
        </p>
        <div className="url-banner__row">
          <code className="url-banner__url" data-testid="banner-webhook-url">
            {maskWebhookUrl(url)}
          </code>
          <CopyButton text={url} label={words.copy} />
          <button type="button" className="button button--small button--primary" disabled={busy} onClick={() => void confirm(url)}>
            {words.confirm}
          </button>
        </div>
        {status.confirmedUrl && <p className="url-banner__old">Old URL: {maskWebhookUrl(status.confirmedUrl)}</p>}
        {problem && (
          <p className="url-banner__problem" role="alert">
            {problem.text}
          </p>
        )}
        <OtherProblems titles={others} />
      </div>
    </section>
  );
}
