// What each platform gets of the reader's lower priority: Linux lowers that one thread (after libuv's pool
// exists, so the pool is not created lowered); Windows and macOS do nothing, since Node could only lower the
// whole process there; and a failure is an answer, never a throw.

import { describe, expect, it } from 'vitest';
import { lowerOwnPriority, threadIdOfLink, type PriorityPort } from '../../electron/core/thread/threadPriority';

function port(platform: NodeJS.Platform, overrides: Partial<PriorityPort> = {}): PriorityPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    platform,
    readThreadSelf: () => '4242/task/4250',
    setPriority: (threadId, niceness) => void calls.push(`setPriority ${threadId} ${niceness}`),
    startThreadPool: () => void calls.push('startThreadPool'),
    ...overrides,
  };
}

describe('lowering the reader thread’s priority', () => {
  it('reads the thread id from /proc/thread-self’s target', () => {
    expect(threadIdOfLink('4242/task/4250')).toBe(4250);
    expect(threadIdOfLink('4242')).toBeNull();
    expect(threadIdOfLink('/proc/4242/task/4250')).toBeNull();
  });

  it('on Linux lowers that thread only, once libuv’s pool has started', () => {
    const linux = port('linux');
    expect(lowerOwnPriority(10, linux)).toEqual({ lowered: true, threadId: 4250, niceness: 10 });
    expect(linux.calls).toEqual(['startThreadPool', 'setPriority 4250 10']);
  });

  it.each(['win32', 'darwin'] as const)('on %s touches nothing: the process’s priority is the front’s too', (platform) => {
    const other = port(platform, { readThreadSelf: () => '4242/task/4250' });
    expect(lowerOwnPriority(10, other)).toEqual({ lowered: false, why: `${platform} has no priority of one thread` });
    expect(other.calls).toEqual([]);
  });

  it('answers why instead of throwing when the thread cannot be found or lowered', () => {
    const noProc = port('linux', {
      readThreadSelf: () => {
        throw new Error('ENOENT: /proc/thread-self');
      },
    });
    expect(lowerOwnPriority(10, noProc)).toEqual({ lowered: false, why: 'ENOENT: /proc/thread-self' });
    expect(noProc.calls).toEqual([]);
    const refused = port('linux', {
      setPriority: () => {
        throw new Error('EACCES');
      },
    });
    expect(lowerOwnPriority(10, refused)).toEqual({ lowered: false, why: 'EACCES' });
    expect(lowerOwnPriority(10, port('linux', { readThreadSelf: () => 'self' }))).toEqual({
      lowered: false,
      why: 'this thread’s id could not be read',
    });
  });
});
