// Names staff save for callers' numbers and labels for the tracking numbers ("lines"), saved through the
// bridge and written into every cached call of that number at once (the core then pushes those calls too).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { LinesResponse, LineView } from '../../../shared/api';
import { withContact, withLine, withSavedLine } from '../model/names';
import { errorText, useApi } from './api';
import { keys, writeCallsChange } from './cache';

export interface ContactActions {
  /** Resolves to the API's message when refused, or null when saved. */
  save(number: string, name: string, note: string): Promise<string | null>;
  remove(number: string): Promise<string | null>;
}

export function useContactActions(): ContactActions {
  const api = useApi();
  const client = useQueryClient();
  const { mutateAsync: saveAsync } = useMutation({
    mutationFn: (request: { number: string; name: string; note: string }) => api.saveContact(request),
    onSuccess: (saved, { number }) => writeCallsChange(client, (call) => withContact(call, number, { name: saved.name, note: saved.note })),
  });
  const { mutateAsync: removeAsync } = useMutation({
    mutationFn: (number: string) => api.deleteContact(number),
    onSuccess: (_, number) => writeCallsChange(client, (call) => withContact(call, number, null)),
  });
  return {
    save: useCallback((number, name, note) => saveAsync({ number, name, note }).then(() => null, errorText), [saveAsync]),
    remove: useCallback((number) => removeAsync(number).then(() => null, errorText), [removeAsync]),
  };
}

export interface LinesState {
  lines: LineView[];
  loaded: boolean;
  error: string | null;
  /** A label of "" goes back to the ad's name; resolves to the API's message, or null when saved. */
  save(number: string, label: string): Promise<string | null>;
}

const NO_LINES: LineView[] = [];

/** Read each time Settings opens: a line is learned from any call, which is not pushed as a line. */
export function useLines(): LinesState {
  const api = useApi();
  const client = useQueryClient();
  const { data, error, isFetched } = useQuery({ queryKey: keys.lines, queryFn: () => api.listLines() });
  const { mutateAsync } = useMutation({
    mutationFn: (request: { number: string; label: string }) => api.saveLine(request),
    onSuccess: (saved) => {
      client.setQueryData<LinesResponse>(keys.lines, (lines) => lines && { lines: withSavedLine(lines.lines, saved) });
      writeCallsChange(client, (call) => withLine(call, saved));
    },
  });
  return {
    lines: data?.lines ?? NO_LINES,
    loaded: isFetched || data !== undefined,
    error: error ? errorText(error) : null,
    save: useCallback((number, label) => mutateAsync({ number, label }).then(() => null, errorText), [mutateAsync]),
  };
}
