// An endless stream of realistic webhook deliveries for load tests: the generated history's bodies (every
// call's Start, Preprocessed and Processed in turn), with the envelope id, TelmetricsId and caller number
// made unique on every pass over them, so the server under test never sees a duplicate and every call is
// new. Streams that start at different passes (one per load run) never repeat each other either.

import { generateHistory } from './history';

export interface StreamedDelivery {
  body: string;
  headers: Record<string, string>;
  /** Set on a Call Start: the number whose alert the server should pop. */
  callerNumber: string | null;
}

/** The header carrying the caller number of a Call Start, so the server can time its alert. */
export const CALLER_HEADER = 'x-bench-caller';

interface Template {
  /** Body text between the replaced values; slots[i] goes between parts[i] and parts[i + 1]. */
  parts: string[];
  slots: ('envelope' | 'telmetrics' | 'caller')[];
  envelopeId: string;
  telmetricsId: number;
  callIndex: number;
  start: boolean;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class DeliveryStream {
  private readonly templates: Template[] = [];
  private readonly areaCodes: string[] = [];
  private sequence: number;

  /** Passes are numbered from `firstPass`; a pass is one round of the pool's deliveries, below 10,000 in all. */
  constructor(seed: number, poolCalls = 1000, firstPass = 0) {
    if (poolCalls > 1000) throw new Error('A delivery stream draws on at most 1,000 calls');
    let callIndex = 0;
    for (const call of generateHistory({ calls: poolCalls, seed })) {
      this.areaCodes.push(call.callerNumber.slice(0, 3));
      for (const d of call.deliveries) {
        const values: Record<string, Template['slots'][number]> = {
          [d.envelope.id]: 'envelope',
          [call.telmetricsId]: 'telmetrics',
          [call.callerNumber]: 'caller',
        };
        const pieces = d.body.split(new RegExp(`(${Object.keys(values).map(escape).join('|')})`));
        this.templates.push({
          parts: pieces.filter((_, i) => i % 2 === 0),
          slots: pieces.filter((_, i) => i % 2 === 1).map((v) => values[v]!),
          envelopeId: d.envelope.id,
          telmetricsId: Number(call.telmetricsId),
          callIndex,
          start: d.envelope.notifications.some(
            (n) => typeof n === 'object' && n !== null && !Array.isArray(n) && n.Action === 'CallDetails.CallStartCall',
          ),
        });
      }
      callIndex++;
    }
    this.sequence = firstPass * this.templates.length;
  }

  next(): StreamedDelivery {
    const n = this.sequence++;
    const t = this.templates[n % this.templates.length]!;
    const pass = Math.floor(n / this.templates.length);
    if (pass >= 10_000) throw new Error('The delivery stream ran out of unique caller numbers');
    const values = {
      envelope: `${t.envelopeId.slice(0, 24)}${pass.toString(16).padStart(8, '0')}`,
      telmetrics: String(t.telmetricsId + pass * 10_000_000),
      // A fresh number per call and pass: area code of the original caller, then the call and the pass.
      caller: `${this.areaCodes[t.callIndex]}${String(t.callIndex * 10_000 + pass).padStart(7, '0')}`,
    };
    let body = t.parts[0]!;
    for (let i = 0; i < t.slots.length; i++) body += values[t.slots[i]!] + t.parts[i + 1]!;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-source-system': 'Telmetrics Inc.',
      'x-publickey': '4662F088F821DF150AD475B678CB723E',
    };
    if (t.start) headers[CALLER_HEADER] = values.caller;
    return { body, headers, callerNumber: t.start ? values.caller : null };
  }
}
