// The call history: filters on top, the list on the left, the open call on the right.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SettingsResponse, TestCallsResponse } from '../../../shared/api';
import { useAdSources, useCallList, useExportCsv } from '../data/calls';
import { filtersActive, NO_FILTERS, type CallFilters, type Route } from '../model/route';
import { CallDetail } from './CallDetail';
import { CallList } from './CallList';
import { FirstRun, NoMatches } from './EmptyState';
import { FilterBar } from './FilterBar';

interface Props {
  route: Route;
  now: number;
  settings: SettingsResponse | null;
  /** The calls sent by "Send a test call", marked in the list; null until the core has said. */
  testCalls: TestCallsResponse | null;
  /** The call whose name form is open (from a toast's "Save name", or `N` on a row). */
  nameFormId: number | null;
  onNameForm(id: number | null): void;
  onNavigate(route: Route, options?: { replace?: boolean }): void;
  onSetUpPublicUrl(): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function CallsView({ route, now, settings, testCalls, nameFormId, onNameForm, onNavigate, onSetUpPublicUrl }: Props) {
  const { filters, callId } = route;
  const testIdsKey = testCalls?.callIds.join(',') ?? '';
  const testIds = useMemo(() => new Set(testIdsKey ? testIdsKey.split(',').map(Number) : []), [testIdsKey]);
  const hideTests = testCalls?.hidden ?? false;
  const list = useCallList(filters);
  // A test call streamed in while they are hidden stays out of the list, as the server leaves it out.
  const rows = useMemo(
    () => (hideTests && testIds.size > 0 ? list.rows.filter((c) => !testIds.has(c.id)) : list.rows),
    [list.rows, hideTests, testIds],
  );
  const adSources = useAdSources();
  const exportCsv = useExportCsv();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<number | null>(callId);
  // A call opened from outside (a toast, Back) becomes the keyboard's row too.
  const [openedId, setOpenedId] = useState(callId);
  if (openedId !== callId) {
    setOpenedId(callId);
    if (callId !== null) setActiveId(callId);
  }

  const setFilters = useCallback(
    (next: CallFilters, options?: { replace?: boolean }) => onNavigate({ view: 'calls', filters: next, callId }, options),
    [onNavigate, callId],
  );
  const open = useCallback(
    (id: number) => {
      setActiveId(id);
      onNavigate({ view: 'calls', filters, callId: id });
    },
    [onNavigate, filters],
  );
  const editName = useCallback(
    (id: number) => {
      onNameForm(id);
      open(id);
    },
    [onNameForm, open],
  );
  const close = useCallback(() => {
    onNavigate({ view: 'calls', filters, callId: null });
    listRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  }, [onNavigate, filters]);

  // "/" jumps to the search box; Esc closes the open call, then clears the search.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.key === 'Escape' && !isTyping(event.target)) {
        if (callId !== null) close();
        else if (filtersActive(filters)) setFilters(NO_FILTERS, { replace: true });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [callId, close, filters, setFilters]);

  // "Nothing" only once the server says the list is complete: a page may come back empty with more to search.
  const empty = list.loaded && list.complete && rows.length === 0;
  const firstRun = empty && !filtersActive(filters);
  return (
    <div className={['calls', callId !== null ? 'calls--detail-open' : '', firstRun ? 'calls--first-run' : ''].filter(Boolean).join(' ')}>
      <FilterBar
        filters={filters}
        adSources={adSources}
        searchRef={searchRef}
        busy={list.refreshing && list.loaded}
        onChange={setFilters}
        onExport={() => void exportCsv(list.query)}
      />
      <div className="calls__body">
        <section ref={listRef} className="calls__list" aria-label="Call list" aria-busy={list.refreshing}>
          {list.error && (
            <div className="notice notice--error" role="alert">
              Could not load calls: {list.error}{' '}
              <button type="button" className="link-button" onClick={list.retry}>
                Try again
              </button>
            </div>
          )}
          {firstRun ? (
            <FirstRun
              settings={settings}
              onSettings={() => onNavigate({ view: 'settings', filters, callId: null })}
              onSetUpPublicUrl={onSetUpPublicUrl}
            />
          ) : empty && !list.refreshing ? (
            <NoMatches onClear={() => setFilters(NO_FILTERS, { replace: true })} />
          ) : (
            <CallList
              rows={rows}
              testIds={testIds}
              now={now}
              activeId={activeId}
              openId={callId}
              complete={list.complete}
              loadingMore={list.loadingMore}
              onActivate={setActiveId}
              onOpen={open}
              onEditName={editName}
              onNearEnd={list.loadMore}
            />
          )}
        </section>
        <aside className="calls__detail" aria-label="Call detail">
          {callId !== null ? (
            <CallDetail
              key={callId}
              id={callId}
              now={now}
              editingName={nameFormId === callId}
              onEditName={(editing) => onNameForm(editing ? callId : null)}
              onOpen={open}
              onClose={close}
            />
          ) : (
            !firstRun && <p className="detail-placeholder muted">Select a call to see the caller, transcript and recording.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
