// The person's own public URL (router port forward, reverse proxy, Tailscale Funnel): nothing to connect,
// only the self-test tells whether it really reaches this app.

import { normalisePublicBase } from '../../../shared/tunnel/publicUrl';
import { tunnelProblem } from '../../../shared/tunnel/problems';
import { TunnelError, type TunnelLink, type TunnelProvider } from './provider';

export class ManualProvider implements TunnelProvider {
  readonly kind = 'manual' as const;
  readonly stableUrl = true;
  readonly caveat = null;

  constructor(private readonly url: string | null) {}

  async open(): Promise<TunnelLink> {
    const base = this.url === null ? null : normalisePublicBase(this.url);
    if (base === null) {
      throw new TunnelError(
        tunnelProblem('bad-setting', "Enter the public address (https://…) that forwards to this computer's webhook listener.", 0),
      );
    }
    return { url: base, close: async () => undefined };
  }
}
