// Settings' save-as-you-go rule: one save on its way at a time, the latest form state next, and no refill
// from an answer while an edit is on its way or waiting.

import { describe, expect, it } from 'vitest';
import {
  answerIsLatest,
  IDLE_QUEUE,
  mayRefill,
  numberSave,
  queueAnswered,
  queueChange,
  saveRunner,
  type SaveOrder,
  type SaveQueue,
} from '../../renderer/src/model/saveQueue';

interface Form {
  onStart: boolean;
  onMissed: boolean;
  start: string;
}
const base: Form = { onStart: true, onMissed: true, start: '22:00' };

/** Plays changes and answers through the queue; returns what was sent, in order. */
function play(steps: ({ change: Form } | 'answer')[]): { sent: Form[]; queue: SaveQueue<Form> } {
  let queue: SaveQueue<Form> = IDLE_QUEUE;
  const sent: Form[] = [];
  for (const s of steps) {
    const step = s === 'answer' ? queueAnswered(queue) : queueChange(queue, s.change);
    queue = step.queue;
    if (step.send) sent.push(step.send);
  }
  return { sent, queue };
}

describe('saving Settings as you go', () => {
  it('sends a change at once when nothing is on its way', () => {
    const a = { ...base, onStart: false };
    expect(play([{ change: a }])).toEqual({ sent: [a], queue: { sending: true, waiting: null } });
  });

  it('two quick changes: the second waits, then goes with both in it; the last answer leaves the queue idle', () => {
    const a = { ...base, onStart: false };
    const ab = { ...a, onMissed: false };
    const { sent, queue } = play([{ change: a }, { change: ab }, 'answer', 'answer']);
    expect(sent).toEqual([a, ab]);
    expect(sent.at(-1)).toMatchObject({ onStart: false, onMissed: false });
    expect(queue).toEqual(IDLE_QUEUE);
  });

  it('a time box typed key by key sends the first key and then only the newest state, never an older one last', () => {
    const keys = ['02:00', '21:00', '21:30', '21:35'].map((start) => ({ change: { ...base, start } }));
    const { sent, queue } = play([...keys, 'answer', 'answer']);
    expect(sent.map((f) => f.start)).toEqual(['02:00', '21:35']);
    expect(queue).toEqual(IDLE_QUEUE);
  });

  it('an answer with nothing waiting ends the run; one with nothing on its way changes nothing', () => {
    expect(play([{ change: base }, 'answer'])).toEqual({ sent: [base], queue: IDLE_QUEUE });
    expect(play(['answer'])).toEqual({ sent: [], queue: IDLE_QUEUE });
  });

  it('refills the form from saved settings only when no edit is on its way or waiting', () => {
    expect(mayRefill(IDLE_QUEUE)).toBe(true);
    expect(mayRefill(queueChange(IDLE_QUEUE, base).queue)).toBe(false);
    const waiting = queueChange(queueChange(IDLE_QUEUE, base).queue, { ...base, onMissed: false }).queue;
    expect(mayRefill(waiting)).toBe(false);
    expect(mayRefill(queueAnswered(waiting).queue)).toBe(false);
    expect(mayRefill(queueAnswered(queueAnswered(waiting).queue).queue)).toBe(true);
  });
});

/** A send whose answers the test gives one by one: each call waits until `answer` or `fail` settles it. */
function controlledSend() {
  const calls: { form: Form; resolve: () => void; reject: (e: Error) => void }[] = [];
  const send = (form: Form) => new Promise<void>((resolve, reject) => calls.push({ form, resolve, reject }));
  return { calls, send };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the save runner', () => {
  it('sends the waiting state after a save that threw, and ends idle', async () => {
    const { calls, send } = controlledSend();
    const busy: boolean[] = [];
    const change = saveRunner(send, (b) => busy.push(b));
    const a = { ...base, onStart: false };
    const ab = { ...a, onMissed: false };
    change(a);
    change(ab);
    await settle();
    expect(calls.map((c) => c.form)).toEqual([a]);
    calls[0]!.reject(new Error('the window lost the core'));
    await settle();
    expect(calls.map((c) => c.form)).toEqual([a, ab]);
    expect(busy.at(-1)).toBe(true);
    calls[1]!.resolve();
    await settle();
    expect(busy.at(-1)).toBe(false);
    // Not stuck: the next change goes at once.
    change(base);
    await settle();
    expect(calls.map((c) => c.form)).toEqual([a, ab, base]);
  });

  it('sends a change at once when the queue is idle and keeps only the newest while one is on its way', async () => {
    const { calls, send } = controlledSend();
    const change = saveRunner(send, () => undefined);
    const keys = ['02:00', '21:00', '21:35'].map((start) => ({ ...base, start }));
    for (const k of keys) change(k);
    await settle();
    calls[0]!.resolve();
    await settle();
    expect(calls.map((c) => c.form.start)).toEqual(['02:00', '21:35']);
  });
});

describe('numbered Settings saves', () => {
  it('keeps only the answer to the latest save sent, whatever order the answers come in', () => {
    let order: SaveOrder = { latestSent: 0 };
    const desk = numberSave(order);
    order = desk.order;
    const alerts = numberSave(order);
    order = alerts.order;
    // The desk name's answer lands after the alerts' was sent: it carries the alerts as they were.
    expect(answerIsLatest(order, desk.number)).toBe(false);
    expect(answerIsLatest(order, alerts.number)).toBe(true);
    expect(alerts.number).toBeGreaterThan(desk.number);
  });
});
