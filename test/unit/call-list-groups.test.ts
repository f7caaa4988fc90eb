// The call list's day groups: the listbox holds one group per day in view, cut from the rendered slice, so a
// day whose header has scrolled away still names its rows.

import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/domain';
import { dayGroups } from '../../renderer/src/components/CallList';
import { listItems } from '../../renderer/src/model/callDays';
import { sampleCall } from './renderer-fixtures';

const ZONE = 'America/Toronto';
const now = Date.parse('2026-12-01T20:00:00Z');
const at = (id: number, iso: string): Call => sampleCall({ id, startedAt: iso, callerNumber: `90555500${id}` });
// Items: 0 Today, 1 #4, 2 #3, 3 Yesterday, 4 #2, 5 #1.
const items = listItems(
  [at(4, '2026-12-01T19:00:00Z'), at(3, '2026-12-01T18:00:00Z'), at(2, '2026-11-30T13:00:00Z'), at(1, '2026-11-30T12:00:00Z')],
  now,
  true,
  ZONE,
);
const shape = (first: number, last: number) => dayGroups(items, first, last).map((g) => [g.day.label, g.from, g.to]);

describe('day groups of the rendered slice', () => {
  it('gives each day its header and its calls', () => {
    expect(shape(0, items.length)).toEqual([
      ['Today', 0, 3],
      ['Yesterday', 3, 6],
    ]);
  });

  it('keeps a group for a day whose header is above the slice', () => {
    expect(shape(2, 5)).toEqual([
      ['Today', 2, 3],
      ['Yesterday', 3, 5],
    ]);
    expect(shape(4, 6)).toEqual([['Yesterday', 4, 6]]);
  });

  it('is empty for an empty slice', () => {
    expect(shape(0, 0)).toEqual([]);
  });
});
