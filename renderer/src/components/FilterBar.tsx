// Search as you type and the filters. The search text is sent once typing pauses; every change lands in the
// URL, so a reload shows the same view.

import { useEffect, useEffectEvent, useRef, useState, type RefObject } from 'react';
import type { AdChannelGroup } from '../../../shared/api';
import { useDebounced } from '../data/time';
import { filtersActive, NO_FILTERS, type CallFilters, type DatePreset, type StatusFilter } from '../model/route';

const SEARCH_DELAY_MS = 250;

interface Props {
  filters: CallFilters;
  adSources: AdChannelGroup[];
  searchRef: RefObject<HTMLInputElement | null>;
  busy: boolean;
  onChange(filters: CallFilters, options?: { replace?: boolean }): void;
  onExport(): void;
}

const PRESETS: [DatePreset, string][] = [
  ['any', 'Any time'],
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Custom range…'],
];

const STATUSES: [StatusFilter | null, string][] = [
  [null, 'All'],
  ['answered', 'Answered'],
  ['missed', 'Missed'],
  ['voicemail', 'Voicemail'],
];

export function FilterBar({ filters, adSources, searchRef, busy, onChange, onExport }: Props) {
  const [text, setText] = useState(filters.q);
  const settled = useDebounced(text, SEARCH_DELAY_MS);
  const sent = useRef(filters.q);

  // A search set from outside (Back, a reload, Esc) replaces what is in the box.
  useEffect(() => {
    if (filters.q !== sent.current) {
      sent.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  // Only a settled change of the text searches; the other filters are sent by their own controls.
  const search = useEffectEvent((q: string) => {
    if (q === sent.current) return;
    sent.current = q;
    onChange({ ...filters, q }, { replace: true });
  });
  useEffect(() => search(settled), [settled]);

  const set = (change: Partial<CallFilters>) => onChange({ ...filters, q: text, ...change }, { replace: true });

  return (
    <div className="filters" role="search" aria-label="Search and filter calls">
      <div className="filters__search">
        <input
          ref={searchRef}
          type="search"
          className="input input--search"
          aria-label="Search calls"
          placeholder="Search name, number, city, source, transcript   ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setText('');
              sent.current = '';
              onChange({ ...filters, q: '' }, { replace: true });
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
        <span className={`spinner ${busy ? 'spinner--on' : ''}`} role="status" aria-label={busy ? 'Searching' : undefined} />
      </div>
      <div className="filters__row">
        <select className="input" aria-label="Date range" value={filters.date} onChange={(e) => set({ date: e.target.value as DatePreset })}>
          {PRESETS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {filters.date === 'custom' && (
          <>
            <input
              className="input"
              type="date"
              aria-label="From day"
              value={filters.from ?? ''}
              onChange={(e) => set({ from: e.target.value || null })}
            />
            <input className="input" type="date" aria-label="To day" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || null })} />
          </>
        )}
        <div className="segmented" role="group" aria-label="Outcome">
          {STATUSES.map(([value, label]) => (
            <button
              key={label}
              type="button"
              className="segmented__button"
              aria-pressed={filters.status === value}
              onClick={() => set({ status: value })}
            >
              {label}
            </button>
          ))}
        </div>
        <AdSourceSelect channels={adSources} filters={filters} onChange={(adSource, adChannel) => set({ adSource, adChannel })} />
        <label className="check">
          <input type="checkbox" checked={filters.hasRecording} onChange={(e) => set({ hasRecording: e.target.checked })} />
          Has recording
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.hasTranscript} onChange={(e) => set({ hasTranscript: e.target.checked })} />
          Has transcript
        </label>
        <span className="filters__spacer" />
        {filtersActive({ ...filters, q: text }) && (
          <button type="button" className="button button--ghost button--small" onClick={() => onChange(NO_FILTERS, { replace: true })}>
            Clear filters
          </button>
        )}
        <button type="button" className="button button--small" onClick={onExport}>
          Export CSV
        </button>
      </div>
    </div>
  );
}

// The select's values: a channel ("c:Google Ads") or one source of it ("s:Google Ads · Invisalign Toronto").
const channelValue = (channel: string) => `c:${channel}`;
const sourceValue = (source: string) => `s:${source}`;

function AdSourceSelect({
  channels,
  filters,
  onChange,
}: {
  channels: AdChannelGroup[];
  filters: CallFilters;
  onChange(adSource: string | null, adChannel: string | null): void;
}) {
  const value = filters.adChannel ? channelValue(filters.adChannel) : filters.adSource ? sourceValue(filters.adSource) : '';
  // A filter from the URL that no call has any more is still shown, so the select says what is filtered.
  const listed = new Set(channels.flatMap((g) => [channelValue(g.channel), ...g.sources.map(sourceValue)]));
  return (
    <select
      className="input input--source"
      aria-label="Ad source"
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        onChange(v.startsWith('s:') ? v.slice(2) : null, v.startsWith('c:') ? v.slice(2) : null);
      }}
    >
      <option value="">All ad sources</option>
      {value && !listed.has(value) && <option value={value}>{value.slice(2)}</option>}
      {channels.map((group) =>
        group.sources.length === 1 && group.sources[0] === group.channel ? (
          <option key={group.channel} value={channelValue(group.channel)}>
            {group.channel}
          </option>
        ) : (
          <optgroup key={group.channel} label={group.channel}>
            <option value={channelValue(group.channel)}>All {group.channel}</option>
            {group.sources.map((source) => (
              <option key={source} value={sourceValue(source)}>
                {source === group.channel ? `${source} (no campaign)` : source}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </select>
  );
}
