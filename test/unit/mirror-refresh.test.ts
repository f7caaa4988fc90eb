// The store worker compares the front's mirror again only after a request that can move a mirrored value: a
// search, a page or each CSV chunk must not read settings and secrets again (thread/mirrorRefresh.ts).

import { describe, expect, it } from 'vitest';
import { mayChangeMirror } from '../../electron/core/thread/mirrorRefresh';
import type { Control } from '../../electron/core/thread/protocol';

const control = (c: Control) => mayChangeMirror({ type: 'control', id: 1, control: c });

describe('what may change the mirror', () => {
  it('not a read, a CSV chunk, a recording or the shell’s own setting', () => {
    for (const name of ['listCalls', 'getCall', 'getSettings', 'getTunnel', 'catchUpStatus', 'health', 'exportCsv'] as const) {
      expect(mayChangeMirror({ type: 'operation', id: 1, name, request: {} }), name).toBe(false);
    }
    expect(control({ kind: 'csv.next', stream: 1 })).toBe(false);
    expect(control({ kind: 'csv.cancel', stream: 1 })).toBe(false);
    expect(control({ kind: 'recording.file', callId: 1 })).toBe(false);
    expect(control({ kind: 'setShellSetting', key: 'k', value: 'v' })).toBe(false);
    expect(control({ kind: 'feed.calls', wanted: true })).toBe(false);
  });

  it('a setting saved, a token regenerated, the tunnel or catch-up asked to act', () => {
    for (const name of [
      'updateSettings',
      'regenerateToken',
      'updateTunnelSettings',
      'confirmTunnelUrl',
      'saveCatchUpSettings',
      'setFollowUp',
    ] as const) {
      expect(mayChangeMirror({ type: 'operation', id: 1, name, request: {} }), name).toBe(true);
    }
    expect(control({ kind: 'tunnel.resume' })).toBe(true);
    expect(control({ kind: 'catchUp.run', trigger: 'demand' })).toBe(true);
    expect(control({ kind: 'stopServices' })).toBe(true);
  });
});
