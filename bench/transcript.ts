// What was said on a generated call: the agent's and the caller's lines from the corpus, filled in with the
// call's own details, roughly as long as the call.

import { AGENT_LINES, AGENT_NAMES, CALLER_LINES, CALLER_REPLIES, DAYS, MATTERS, STREETS, SYMPTOMS, TIMES, TOPICS, VOICEMAIL_LINES } from './corpus';
import type { Caller, Outcome } from './callPlan';
import type { Random } from './random';

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? key);
}

function spoken(number: string): string {
  return `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`;
}

/** What was said, roughly as long as the call: a couple of exchanges for a short call, a dozen for a long one. */
export function transcriptOf(r: Random, outcome: Outcome, caller: Caller, topic: string, talkSeconds: number): string {
  const slots = {
    topic,
    matter: r.zipf(MATTERS, 0.6),
    symptom: r.pick(SYMPTOMS),
    city: caller.place.city,
    day: r.pick(DAYS),
    time: r.pick(TIMES),
    street: r.pick(STREETS),
    house: String(r.int(1, 9999)),
    first: caller.first,
    last: caller.last,
    number: spoken(caller.number),
    agent: r.pick(AGENT_NAMES),
  };
  if (outcome === 'voicemail') return `Caller: ${fill(r.pick(VOICEMAIL_LINES), slots)}`;
  const turns = [`Agent: ${fill(AGENT_LINES[0]!, slots)}`, `Caller: ${fill(r.zipf(CALLER_LINES, 0.5), slots)}`];
  const exchanges = Math.max(1, Math.min(12, Math.round(talkSeconds / 20 + r.float() * 2 - 1)));
  for (let i = 0; i < exchanges; i++) {
    slots.topic = r.chance(0.8) ? topic : r.zipf(TOPICS, 0.7);
    slots.matter = r.zipf(MATTERS, 0.6);
    slots.day = r.pick(DAYS);
    slots.time = r.pick(TIMES);
    turns.push(`Agent: ${fill(r.pick(AGENT_LINES.slice(1)), slots)}`, `Caller: ${fill(r.pick(CALLER_REPLIES), slots)}`);
  }
  return turns.join(' ');
}
