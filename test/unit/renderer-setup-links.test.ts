// The setup's pure rules: only https links leave the window, and a webhook URL's token is never shown.

import { describe, expect, it } from 'vitest';
import { httpsHref } from '../../renderer/src/model/externalLink';
import { listenerOrigin, maskWebhookUrl, TOKEN_MASK } from '../../renderer/src/model/webhookAddress';

describe('links out of the window', () => {
  it('keeps well-formed https addresses', () => {
    expect(httpsHref('https://dashboard.ngrok.com/get-started/your-authtoken')).toBe('https://dashboard.ngrok.com/get-started/your-authtoken');
    expect(httpsHref('HTTPS://Tailscale.com/kb/1223/funnel')).toBe('https://tailscale.com/kb/1223/funnel');
  });

  it('refuses anything else, so it is shown as text', () => {
    for (const url of [
      'http://dashboard.ngrok.com/signup',
      'javascript:alert(1)',
      'data:text/html,hi',
      'file:///etc/passwd',
      '//dashboard.ngrok.com',
      'dashboard.ngrok.com',
      'https://user:pass@example.com/',
      '',
    ]) {
      expect(httpsHref(url)).toBeNull();
    }
  });
});

describe('webhook URLs on screen', () => {
  it('masks the token part, whatever the host', () => {
    expect(maskWebhookUrl('http://127.0.0.1:8787/hooks/sxCa33ozfPK6lXb2YOL49HVZI79F-75a')).toBe(`http://127.0.0.1:8787/hooks/${TOKEN_MASK}`);
    expect(maskWebhookUrl('https://front-desk.ngrok-free.dev/hooks/abc?x=1')).toBe(`https://front-desk.ngrok-free.dev/hooks/${TOKEN_MASK}?x=1`);
    expect(maskWebhookUrl('https://hooks.example.com/')).toBe('https://hooks.example.com/');
  });

  it('gives the listener without any token', () => {
    expect(listenerOrigin('http://127.0.0.1:8787/hooks/secret')).toBe('http://127.0.0.1:8787');
  });
});
