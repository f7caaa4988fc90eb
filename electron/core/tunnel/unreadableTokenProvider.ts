// In place of ngrok or cloudflared when the token it needs is kept but could not be read (Keychain "Deny",
// a locked keyring): it never opens, and its failure says why and what to do. Without it cloudflared would
// quietly run a quick tunnel on a new URL, and ngrok would ask for a token that is there.

import { tunnelProblem } from '../../../shared/tunnel/problems';
import type { SecretPlace } from '../../../shared/api';
import { secretProblem } from '../../../shared/secretProblems';
import { TunnelError, type TunnelLink, type TunnelProvider } from './provider';

const TOKEN_OF = { ngrok: 'ngrokAuthtoken', cloudflared: 'cloudflaredToken' } as const;

export class UnreadableTokenProvider implements TunnelProvider {
  readonly stableUrl = true;
  readonly caveat = null;

  constructor(
    readonly kind: keyof typeof TOKEN_OF,
    private readonly place: SecretPlace,
  ) {}

  open(): Promise<TunnelLink> {
    // Retrying cannot help until the key store is unlocked and the app restarted, or a token entered again.
    return Promise.reject(new TunnelError(tunnelProblem('secret-unreadable', secretProblem(TOKEN_OF[this.kind], this.place).text, 0)));
  }
}
