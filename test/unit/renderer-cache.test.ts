// The window's query cache and the core's pushes written into it (renderer/src/data/cache.ts), with a real
// QueryClient: reads are answered when the test says, from what the "server" held when they were asked.

import { InfiniteQueryObserver, QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdSourcesResponse, ListCallsResponse, TunnelStatus } from '../../shared/api';
import type { Call } from '../../shared/domain';
import {
  createQueryClient,
  keys,
  onCallsChange,
  writeCallPush,
  writeCallsChange,
  writeTunnelPush,
  type CallPages,
} from '../../renderer/src/data/cache';
import { pageRows } from '../../renderer/src/model/liveCalls';
import { withContact } from '../../renderer/src/model/names';
import { TEST_TRACKING_NUMBER } from '../../shared/tunnel/testCall';
import { sampleCall } from './renderer-fixtures';

/** Reads asked for and not answered yet; each answers with what the server held when it was asked. */
function heldReads<T>(read: () => T) {
  const waiting: (() => void)[] = [];
  return {
    fn: () => {
      const answer = read();
      return new Promise<T>((resolve) => waiting.push(() => resolve(answer)));
    },
    asked: () => waiting.length,
    /** Answers every read asked so far, oldest first. */
    answerAll: () => waiting.splice(0).forEach((answer) => answer()),
  };
}

const settled = (client: QueryClient) => vi.waitFor(() => expect(client.isFetching()).toBe(0));
const older = sampleCall({ id: 1, startedAt: '2024-03-05T10:00:00.000Z', adSource: 'Google Ads', adChannel: 'Google Ads' });
const newer = sampleCall({ id: 2, startedAt: '2024-03-05T11:00:00.000Z', adSource: 'Bing Ads · Spring', adChannel: 'Bing Ads' });

let stop: (() => void)[] = [];
afterEach(() => {
  stop.forEach((off) => off());
  stop = [];
});

function watchList(client: QueryClient, server: Call[]) {
  const reads = heldReads<ListCallsResponse>(() => ({ calls: [...server], nextCursor: null }));
  const observer = new InfiniteQueryObserver(client, {
    queryKey: keys.list({}),
    queryFn: reads.fn,
    initialPageParam: null as string | null,
    getNextPageParam: (page: ListCallsResponse) => page.nextCursor,
  });
  stop.push(observer.subscribe(() => undefined));
  const rows = () => pageRows(client.getQueryData<CallPages>(keys.list({}))?.pages ?? []).map((c) => c.id);
  return { reads, rows };
}

describe('a call pushed while a read of the list is on its way', () => {
  it('is kept when the first page, read before the call was stored, lands: that page is read again', async () => {
    const client = createQueryClient();
    const server = [older];
    const { reads, rows } = watchList(client, server);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    server.unshift(newer);
    writeCallPush(client, newer);
    await vi.waitFor(() => expect(reads.asked()).toBe(2));
    reads.answerAll();
    await settled(client);
    expect(rows()).toEqual([2, 1]);
  });

  it('shows at once in a loaded list and survives the older answer of a read again that was on its way', async () => {
    const client = createQueryClient();
    const server = [older];
    const { reads, rows } = watchList(client, server);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    void client.invalidateQueries({ queryKey: keys.lists });
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    server.unshift(newer);
    writeCallPush(client, newer);
    expect(rows()).toEqual([2, 1]);
    await vi.waitFor(() => expect(reads.asked()).toBe(2));
    reads.answerAll();
    await settled(client);
    expect(rows()).toEqual([2, 1]);
  });

  it('is merged without a new read when nothing is on its way', async () => {
    const client = createQueryClient();
    const { reads, rows } = watchList(client, [older]);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    writeCallPush(client, newer);
    expect(rows()).toEqual([2, 1]);
    expect(client.isFetching()).toBe(0);
  });
});

describe('other pushes that overtake a read', () => {
  it('an ad source a live call added survives the list of sources that was on its way', async () => {
    const client = createQueryClient();
    const server = [{ channel: 'Google Ads', sources: ['Google Ads'] }];
    const reads = heldReads<AdSourcesResponse>(() => ({ channels: [...server] }));
    stop.push(new QueryObserver(client, { queryKey: keys.adSources, queryFn: reads.fn }).subscribe(() => undefined));
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    server.unshift({ channel: 'Bing Ads', sources: ['Bing Ads · Spring'] });
    writeCallPush(client, newer);
    await vi.waitFor(() => expect(reads.asked()).toBe(2));
    reads.answerAll();
    await settled(client);
    expect(client.getQueryData<AdSourcesResponse>(keys.adSources)?.channels).toEqual([
      { channel: 'Bing Ads', sources: ['Bing Ads · Spring'] },
      { channel: 'Google Ads', sources: ['Google Ads'] },
    ]);
  });

  it('a test call adds nothing to the ad-source filter, as the core leaves test calls out of it', () => {
    const client = createQueryClient();
    const listed = { channels: [{ channel: 'Google Ads', sources: ['Google Ads'] }] };
    client.setQueryData(keys.adSources, listed);
    writeCallPush(client, sampleCall({ id: 7, calledNumber: TEST_TRACKING_NUMBER, adSource: 'Toll free', adChannel: 'Toll free' }));
    client.setQueryData(keys.tunnel, { testCalls: { callIds: [8], hidden: false } });
    writeCallPush(client, sampleCall({ id: 8, adSource: 'Toll free', adChannel: 'Toll free' }));
    expect(client.getQueryData(keys.adSources)).toBe(listed);
    writeCallPush(client, sampleCall({ id: 9, adSource: 'Toll free', adChannel: 'Toll free' }));
    expect(client.getQueryData<AdSourcesResponse>(keys.adSources)?.channels.map((g) => g.channel)).toEqual(['Google Ads', 'Toll free']);
  });

  it('a tunnel status read that a push overtakes does not replace the push', async () => {
    const client = createQueryClient();
    const status = (url: string) => ({ publicWebhookUrl: url, testCalls: { callIds: [], hidden: false } }) as unknown as TunnelStatus;
    let current = status('https://old.example/hook');
    const reads = heldReads(() => current);
    stop.push(new QueryObserver(client, { queryKey: keys.tunnel, queryFn: reads.fn }).subscribe(() => undefined));
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    current = status('https://new.example/hook');
    writeTunnelPush(client, current);
    await vi.waitFor(() => expect(reads.asked()).toBe(2));
    reads.answerAll();
    await settled(client);
    expect(client.getQueryData<TunnelStatus>(keys.tunnel)?.publicWebhookUrl).toBe('https://new.example/hook');
  });

  it('deleted test calls leave every cached list at once, and the lists are read again', async () => {
    const client = createQueryClient();
    const test = sampleCall({ id: 3, startedAt: '2024-03-05T12:00:00.000Z' });
    const withTests = (callIds: number[]) => ({ testCalls: { callIds, hidden: false } }) as unknown as TunnelStatus;
    client.setQueryData(keys.tunnel, withTests([3]));
    const server = [test, newer, older];
    const { reads, rows } = watchList(client, server);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    server.shift();
    writeTunnelPush(client, withTests([]));
    expect(rows()).toEqual([2, 1]);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    expect(rows()).toEqual([2, 1]);
  });
});

describe('a name saved in this window', () => {
  it('reaches every cached list and detail of that number at once, and whoever else holds calls; the lists are read again', async () => {
    const client = createQueryClient();
    const server = [newer, older, sampleCall({ id: 3, callerNumber: '4165550100', startedAt: '2024-03-05T09:00:00.000Z' })];
    const { reads, rows } = watchList(client, server);
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    client.setQueryData(keys.detail(1), { call: older, events: [] });
    const heard: number[] = [];
    stop.push(onCallsChange(client, (change) => heard.push(change(older).contact === null ? 0 : 1)));

    writeCallsChange(client, (call) => withContact(call, '9055552955', { name: 'Priya Patel', note: null }));
    const names = () => (client.getQueryData<CallPages>(keys.list({}))?.pages ?? []).flatMap((p) => p.calls.map((c) => c.displayName));
    expect(names()).toEqual(['Priya Patel', 'Priya Patel', 'John Smith']);
    expect(client.getQueryData<{ call: Call }>(keys.detail(1))?.call.nameSource).toBe('contact');
    expect(heard).toEqual([1]);
    // The first read was answered: this is the read made again.
    await vi.waitFor(() => expect(reads.asked()).toBe(1));
    reads.answerAll();
    await settled(client);
    expect(rows()).toEqual([2, 1, 3]);
  });
});
