// cloudflared's stderr, read line by line into URL, connection state and problems (fixtures: see
// test/fixtures/cloudflared/README.md).

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_CLOUDFLARED_VIEW,
  foldCloudflaredEvent,
  parseCloudflaredLine,
  routesToPort,
  type CloudflaredView,
} from '../../shared/tunnel/cloudflaredLog';
import { ROOT } from '../support/headless';

function lines(name: string): string[] {
  return fs
    .readFileSync(path.join(ROOT, 'test', 'fixtures', 'cloudflared', name), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean);
}

function read(names: string[], from: CloudflaredView = EMPTY_CLOUDFLARED_VIEW): CloudflaredView {
  return names.flatMap(lines).flatMap(parseCloudflaredLine).reduce(foldCloudflaredEvent, from);
}

describe('cloudflared log', () => {
  it('quick tunnel: the URL from the banner and one registered connection', () => {
    const view = read(['quick.log']);
    expect(view).toEqual({ url: 'https://seasonal-deck-organisms-sf.trycloudflare.com', services: [], connections: [0], problem: null });
  });

  it('quick tunnel: lines that mention trycloudflare.com without being the URL are not taken for it', () => {
    expect(parseCloudflaredLine('2024-11-05T14:02:11Z INF Requesting new quick Tunnel on trycloudflare.com...')).toEqual([]);
    const noHost = parseCloudflaredLine(lines('no-internet-quick.log')[1]!);
    expect(noHost.map((e) => e.kind)).toEqual(['problem']);
  });

  it('named tunnel: the hostname and where it points, from the JSON-escaped configuration line; four connections', () => {
    const view = read(['named.log']);
    expect(view.url).toBe('https://hooks.acme-dental.com');
    expect(view.services).toEqual(['http://127.0.0.1:47800']);
    expect(view.connections).toEqual([0, 1, 2, 3]);
    expect(routesToPort(view.services, 47800)).toBe(true);
    expect(routesToPort(view.services, 47801)).toBe(false);
    expect(routesToPort(['http://localhost:47800'], 47800)).toBe(true);
    expect(routesToPort(['http://192.168.1.9:47800'], 47800)).toBe(false);
  });

  it('connections dropping and returning: down with the reason, then up again', () => {
    const up = read(['named.log']);
    const drop = lines('drop-and-return.log');
    const downView = drop.slice(0, 9).flatMap(parseCloudflaredLine).reduce(foldCloudflaredEvent, up);
    expect(downView.connections).toEqual([]);
    expect(downView.problem?.code).toBe('no-internet');
    const back = drop.slice(9).flatMap(parseCloudflaredLine).reduce(foldCloudflaredEvent, downView);
    expect(back.connections).toEqual([0, 1]);
    expect(back.problem).toBeNull();
    expect(back.url).toBe('https://hooks.acme-dental.com');
  });

  it('a bad or revoked token is a problem that retrying cannot fix', () => {
    for (const file of ['bad-token.log', 'revoked-token.log']) {
      const view = read([file]);
      expect(view.problem).toMatchObject({ code: 'bad-token', giveUpAfter: 0 });
      expect(view.problem?.reason).toMatch(/token/);
    }
  });

  it('no internet, quick or named, says so; a rate limit says to wait', () => {
    expect(read(['no-internet-quick.log']).problem).toMatchObject({ code: 'no-internet', giveUpAfter: null });
    expect(read(['no-internet-named.log']).problem).toMatchObject({ code: 'no-internet', giveUpAfter: null });
    expect(read(['quick-rate-limited.log']).problem).toMatchObject({ code: 'relay-error' });
    expect(read(['quick-rate-limited.log']).problem?.reason).toMatch(/wait a few minutes/);
  });

  it('informational lines tell nothing', () => {
    for (const line of lines('quick.log').filter((l) => !/Registered|trycloudflare\.com +\|/.test(l))) {
      expect(parseCloudflaredLine(line), line).toEqual([]);
    }
  });
});
