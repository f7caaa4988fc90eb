// The window's pure code for saved names, line labels and the grouped ad-source filter.

import { describe, expect, it } from 'vitest';
import type { LineView } from '../../shared/api';
import { nameFormError } from '../../renderer/src/format/nameForm';
import { renamedAlert, windowAlertFor, type WindowAlert } from '../../renderer/src/model/alerts';
import { sortedChannels, withAdSource } from '../../renderer/src/model/liveCalls';
import { sameNumber, withContact, withLine, withSavedLine } from '../../renderer/src/model/names';
import { sampleCall } from './renderer-fixtures';

const priya = { name: 'Priya Patel', note: 'Prefers mornings' };

describe('a saved name written into the calls the window holds', () => {
  const placeholder = sampleCall({ callerName: 'ONTARIO CALLER', displayName: '(905) 555-2955', nameSource: 'number' });

  it('names every call of that number, however the number was written', () => {
    expect(withContact(placeholder, '9055552955', priya)).toMatchObject({ displayName: 'Priya Patel', nameSource: 'contact', contact: priya });
    expect(withContact(placeholder, '+1 (905) 555-2955', priya).displayName).toBe('Priya Patel');
    expect(sameNumber('19055552955', '905-555-2955')).toBe(true);
    expect(sameNumber(null, '')).toBe(false);
  });

  it('leaves calls of other numbers as they are (the same object, so nothing re-renders)', () => {
    expect(withContact(placeholder, '4165550100', priya)).toBe(placeholder);
    const other = sampleCall({ callerNumber: null });
    expect(withContact(other, '9055552955', priya)).toBe(other);
  });

  it('on removal drops the contact and keeps the title until the core says which name comes next', () => {
    const saved = withContact(placeholder, '9055552955', priya);
    const removed = withContact(saved, '9055552955', null);
    expect(removed).toMatchObject({ contact: null, displayName: 'Priya Patel' });
    expect(withContact(placeholder, '9055552955', null)).toBe(placeholder);
  });
});

describe('a line label written into the calls the window holds', () => {
  const line = (label: string | null, adName: string | null): LineView => ({
    number: '8669592359',
    label,
    adName,
    name: label ?? adName ?? '(866) 959-2359',
    lastCallAt: null,
  });

  it('shows the label, else the ad name, on the calls to that tracking number only', () => {
    const call = sampleCall();
    expect(withLine(call, line('Downtown clinic', 'ABC Company')).lineLabel).toBe('Downtown clinic');
    expect(withLine(call, line(null, 'ABC Company')).lineLabel).toBe('ABC Company');
    expect(withLine(call, line(null, null)).lineLabel).toBeNull();
    expect(withLine(call, line(null, null))).toBe(call);
    const elsewhere = sampleCall({ calledNumber: '4165550100' });
    expect(withLine(elsewhere, line('Downtown clinic', null))).toBe(elsewhere);
  });

  it('puts a saved line in its place, or adds a line saved before its first call', () => {
    const lines = [line(null, 'A'), { ...line(null, 'B'), number: '4165550100' }];
    expect(withSavedLine(lines, line('Downtown', 'A')).map((l) => l.name)).toEqual(['Downtown', 'B']);
    expect(withSavedLine(lines, { ...line('Winnipeg', null), number: '2045550100' }).map((l) => l.name)).toEqual(['A', 'B', 'Winnipeg']);
  });
});

describe('the ad-source filter grouped by channel', () => {
  const groups = [
    { channel: 'Google Ads', sources: ['Google Ads · Invisalign Toronto'] },
    { channel: 'Direct', sources: ['Direct'] },
  ];

  it('adds a live call under its channel, once, in the order the filter lists them', () => {
    const added = withAdSource(groups, { adChannel: 'Google Ads', adSource: 'Google Ads · Spring Tuneup' });
    expect(added).toEqual([
      { channel: 'Direct', sources: ['Direct'] },
      { channel: 'Google Ads', sources: ['Google Ads · Invisalign Toronto', 'Google Ads · Spring Tuneup'] },
    ]);
    expect(withAdSource(added, { adChannel: 'Bing Ads', adSource: null })).toContainEqual({ channel: 'Bing Ads', sources: ['Bing Ads'] });
  });

  it('is unchanged (the same array) by a source it lists or a call without one', () => {
    expect(withAdSource(groups, { adChannel: 'Direct', adSource: 'Direct' })).toBe(groups);
    expect(withAdSource(groups, { adChannel: null, adSource: null })).toBe(groups);
  });

  it('sorts what the server sent, each source once', () => {
    expect(sortedChannels([{ channel: 'Yelp', sources: ['Yelp', 'Yelp'] }, ...groups]).map((g) => [g.channel, g.sources.length])).toEqual([
      ['Direct', 1],
      ['Google Ads', 1],
      ['Yelp', 1],
    ]);
  });
});

describe('what the name form says when the API refuses', () => {
  it('leads with the field, in words', () => {
    expect(nameFormError('number.name: must be a name, not empty')).toBe('The name must be a name, not empty.');
    expect(nameFormError('name: must be at most 80 characters; note: must be at most 500 characters')).toBe(
      'The name must be at most 80 characters; The note must be at most 500 characters.',
    );
    expect(nameFormError('Send a JSON object as the body')).toBe('Send a JSON object as the body.');
  });
});

describe('an open toast when its caller is named', () => {
  const now = Date.parse('2019-11-15T20:00:00Z');
  const unnamed = sampleCall({ callerName: 'WIRELESS CALLER', displayName: '(905) 555-2955', nameSource: 'number' });
  const shown = windowAlertFor({ call: unnamed, alert: { title: '(905) 555-2955', body: 'First call' } }, undefined, now) as WindowAlert;

  it('says the saved name as the next pop will', () => {
    const renamed = renamedAlert(shown, withContact(unnamed, '9055552955', priya), now);
    expect(renamed.alert.title).toBe('Priya Patel');
    expect(renamed.alert.body.split('\n')).toContain('(905) 555-2955');
    expect(renamed.alert.body.split('\n')).toContain('Note: Prefers mornings');
    expect(renamed.call.contact).toEqual(priya);
  });

  it('keeps the alert as raised for any other change or another call', () => {
    expect(renamedAlert(shown, { ...unnamed, durationSeconds: 99 }, now)).toBe(shown);
    expect(renamedAlert(shown, { ...unnamed, id: 2, displayName: 'Someone' }, now)).toBe(shown);
  });
});
