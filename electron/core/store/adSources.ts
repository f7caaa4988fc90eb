// The ad sources seen on calls, grouped by channel, for the window's filter. Walks the ad-source index one
// value at a time (a skip scan), so the cost grows with the number of sources, not the number of calls.
// Test calls are left out: a source only test calls had is skipped after reading its (few) test calls.

import type { AdChannelGroup } from '../../../shared/api';
import type { Db } from './db';

const MAX_SOURCES = 500;

interface SourceRow {
  ad_source: string;
  ad_channel: string | null;
}

export function adSourceLister(db: Db): () => AdChannelGroup[] {
  const next = db.prepare<[string], SourceRow>(
    `SELECT ad_source, ad_channel FROM calls INDEXED BY calls_by_ad_source WHERE ad_source > ? AND is_test = 0 ORDER BY ad_source LIMIT 1`,
  );
  return () => {
    const channels = new Map<string, string[]>();
    let row = next.get('');
    for (let n = 0; row && n < MAX_SOURCES; n++) {
      // A source is its channel, or the channel and a campaign: every call of one source has the same channel.
      const channel = row.ad_channel ?? row.ad_source;
      channels.set(channel, [...(channels.get(channel) ?? []), row.ad_source]);
      row = next.get(row.ad_source);
    }
    return [...channels]
      .map(([channel, sources]) => ({ channel, sources: sources.sort((a, b) => a.localeCompare(b)) }))
      .sort((a, b) => a.channel.localeCompare(b.channel));
  };
}
