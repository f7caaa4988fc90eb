// A tray's input with nothing to say: the manual public URL online, nothing paused or unseen. The tray tests
// change one thing in it (the call database, its thread) and look at what the tray says.

import type { TrayInput } from '../../electron/shell/trayModel';

export const QUIET_TRAY: TrayInput = {
  now: Date.UTC(2026, 0, 5, 12),
  tunnel: {
    provider: 'manual',
    state: 'online',
    url: 'https://x.example',
    publicWebhookUrl: 'https://x.example/hooks/t',
    error: null,
    urlChanged: false,
    lastCheck: null,
  },
  pausedUntil: null,
  unseen: 0,
  startAtLogin: false,
  localWebhookUrl: 'http://127.0.0.1:47800/hooks/t',
};
