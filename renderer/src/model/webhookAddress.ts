// The webhook URL's last part is its token: whoever reads it can send calls in. The window shows it masked;
// Copy copies the real one.

export const TOKEN_MASK = '••••••••';

/** "https://x.ngrok-free.dev/hooks/••••••••": the token part of a webhook URL hidden; other URLs unchanged. */
export function maskWebhookUrl(url: string): string {
  return url.replace(/\/hooks\/[^/?#]+/, `/hooks/${TOKEN_MASK}`);
}

/** The local listener, with no token at all: what a router forward or a tunnel must reach ("http://127.0.0.1:8787"). */
export function listenerOrigin(url: string): string {
  return new URL(url).origin;
}
