// The inspector's plain words: every reason the code can record today (ingest, the normaliser, the raw-body
// reader, the webhook listener, catch-up) comes out in words a receptionist reads, never the technical text.

import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../shared/api';
import { eventsBeyondBound, notificationsBeyondBound } from '../../shared/calls/limits';
import {
  apiAnswerReprocessBlocked,
  apiAnswerSummary,
  deliveryKind,
  deliveryReprocessBlocked,
  deliverySummary,
  reprocessMessage,
  sizeInWords,
  type DeliveryFacts,
} from '../../shared/deliveries/words';
import { maskedHeaders } from '../../shared/deliveries/headers';
import { parseEnvelope } from '../../shared/marketingEdge/normalise';
import { SIGNATURE_NOT_CHECKED_NOTE } from '../../electron/core/ingest/received';

/** What technical text looks like: the words of the recorded reasons that must never reach the summary. */
const TECHNICAL =
  /JSON:|envelope|Id is missing|Unexpected token|UTF-8|Content-Encoding|Declared body|bytes is larger|signature mode is enforce|Stored but not processed|notifications were processed;|not folded|HTTP \d+ \(|results? \d+:|Malformed|undefined|null|\[object/;

const START = 'CallDetails.CallStartCall';
const PROCESSED = 'CallDetails.CallProcessed';

function facts(outcome: DeliveryOutcome, status: number, reason: string | null, extra: Partial<DeliveryFacts> = {}): DeliveryFacts {
  return { outcome, status, reason, actions: [], notificationCount: 0, callerNames: [], bodyKept: 'whole', bodySize: 100, ...extra };
}

const reasonOf = (body: string) => {
  const parsed = parseEnvelope(body);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.reason;
};

// [recorded reason (as the code writes it), outcome, status, extra facts, expected words]
const table: [string | null, DeliveryOutcome, number, Partial<DeliveryFacts>, string][] = [
  [reasonOf('{"Id": '), 'rejected', 400, {}, 'Not readable: the body is not valid JSON, so nothing was changed.'],
  [reasonOf('[1, 2]'), 'rejected', 400, {}, 'Not a Marketing Edge webhook: it is not the kind of message Marketing Edge sends. Nothing was changed.'],
  [reasonOf('{"Notifications": []}'), 'rejected', 400, {}, 'Not a Marketing Edge webhook: it has no delivery id. Nothing was changed.'],
  [
    reasonOf('{"Id": "x", "Notifications": 3}'),
    'rejected',
    400,
    {},
    'Not a Marketing Edge webhook: it has no list of notifications. Nothing was changed.',
  ],
  [
    'Not a webhook envelope: (rule of an older version)',
    'rejected',
    400,
    {},
    'Not a Marketing Edge webhook: Call Alerts could not read it as one. Nothing was changed.',
  ],
  ['The body is not valid UTF-8 text', 'rejected', 400, {}, 'Not readable: the body is not text, so nothing was changed.'],
  [
    'Unreadable body: the request was cut off',
    'rejected',
    400,
    {},
    'Not received whole: the connection was cut off before the whole body arrived. Nothing was changed; Marketing Edge sends it again.',
  ],
  [
    'Unreadable body: aborted',
    'rejected',
    400,
    {},
    'Not received whole: the connection was cut off before the whole body arrived. Nothing was changed; Marketing Edge sends it again.',
  ],
  [
    'Malformed JSON: Unexpected end of JSON input (the body could not be stored: database or disk is full)',
    'rejected',
    400,
    { bodyKept: 'none' },
    'Not readable: the body is not valid JSON, so nothing was changed. Its body could not be kept (the disk may be full).',
  ],
  [
    'Signature invalid: delivery refused (signature mode is enforce)',
    'rejected',
    401,
    { bodyKept: 'head' },
    'Refused: its signature does not match the webhook secret in Settings. If Marketing Edge sent it, check the secret there and here.',
  ],
  [
    'Signature missing: delivery refused (signature mode is enforce)',
    'rejected',
    401,
    {},
    'Refused: it has no signature, and Settings ask for one. If Marketing Edge sent it, set the webhook secret there and here.',
  ],
  [
    'Declared body of 3355443 bytes is larger than 1048576 bytes: refused before reading, not stored',
    'rejected',
    413,
    { bodyKept: 'none', bodySize: 3355443 },
    'Refused: too large (3.2 MB; the limit is 1 MB). Nothing was changed.',
  ],
  [
    'Body larger than 1048576 bytes: not stored',
    'rejected',
    413,
    { bodyKept: 'none', bodySize: null },
    'Refused: too large (the limit is 1 MB). Nothing was changed.',
  ],
  [
    'Content-Encoding "gzip" refused: bodies are kept exactly as received, never inflated',
    'rejected',
    415,
    {},
    'Refused: the body was compressed; Marketing Edge never does that. Nothing was changed.',
  ],
  [
    'Already received (envelope 3f2a); nothing changed',
    'duplicate',
    200,
    { actions: [START], callerNames: ['Priya Shah'] },
    'Call Start for Priya Shah, sent again by Marketing Edge (a retry); the call already had it, nothing changed.',
  ],
  [
    'Stored but not processed: Cannot read properties of undefined (reading "x")',
    'failed',
    200,
    { actions: [PROCESSED] },
    'Call Processed: stored, but not applied to a call: Call Alerts could not read it. Update Call Alerts, then Re-process.',
  ],
  [null, 'accepted', 200, { actions: [START], callerNames: ['Priya Shah'], notificationCount: 1 }, 'Call Start for Priya Shah: stored and shown.'],
  [
    null,
    'accepted',
    200,
    { actions: [PROCESSED], callerNames: ['Priya Shah'], notificationCount: 1 },
    "Call Processed for Priya Shah: the call's outcome, recording and transcript.",
  ],
  [
    notificationsBeyondBound(130),
    'accepted',
    200,
    { actions: [START, PROCESSED], callerNames: ['Ann Lee', 'Bob Stone', 'Cara Diaz'], notificationCount: 130 },
    'Call Start and Call Processed for Ann Lee and 2 other callers: stored and applied to the call. Only the first 100 of its 130 notifications were used; the rest are kept in its body.',
  ],
  [
    `${SIGNATURE_NOT_CHECKED_NOTE}; ${eventsBeyondBound(2)}`,
    'accepted',
    200,
    { actions: [PROCESSED], callerNames: ['Priya Shah'], notificationCount: 3 },
    "Call Processed for Priya Shah: the call's outcome, recording and transcript. 2 of its notifications were not used: the call already has 50 updates, the most one call keeps. Its signature was not checked: the webhook secret could not be read on this computer.",
  ],
  [
    null,
    'accepted',
    200,
    { actions: ['Billing.Invoice'], notificationCount: 1 },
    'an update Call Alerts does not use: kept, but it changes no call.',
  ],
  // An update not used beside one used: left out, the envelope reads as the one used.
  [
    null,
    'accepted',
    200,
    { actions: [START, 'Billing.Invoice'], callerNames: ['Priya Shah'], notificationCount: 2 },
    'Call Start for Priya Shah: stored and shown.',
  ],
  [
    null,
    'duplicate',
    200,
    { actions: ['Billing.Invoice', PROCESSED], callerNames: ['Priya Shah'], notificationCount: 2 },
    'Call Processed for Priya Shah, sent again by Marketing Edge (a retry); the call already had it, nothing changed.',
  ],
];

describe('a delivery in plain words', () => {
  it.each(table)('%s (%s %i)', (reason, outcome, status, extra, words) => {
    const summary = deliverySummary(facts(outcome, status, reason, extra));
    expect(summary).toBe(words);
    expect(summary).not.toMatch(TECHNICAL);
  });

  it('files each outcome and status as its kind', () => {
    expect(deliveryKind('accepted', 200)).toBe('accepted');
    expect(deliveryKind('duplicate', 200)).toBe('duplicate');
    expect(deliveryKind('failed', 200)).toBe('failed');
    expect(deliveryKind('rejected', 400)).toBe('rejected');
    for (const status of [401, 413, 415]) expect(deliveryKind('rejected', status)).toBe('refused');
  });

  it('says why Re-process cannot run, and nothing when it can', () => {
    const blocked = (outcome: DeliveryOutcome, status: number, bodyKept: DeliveryFacts['bodyKept']) =>
      deliveryReprocessBlocked({ outcome, status, bodyKept });
    expect(blocked('rejected', 400, 'whole')).toBeNull();
    expect(blocked('failed', 200, 'whole')).toBeNull();
    expect(blocked('accepted', 200, 'whole')).toBeNull();
    expect(blocked('rejected', 401, 'head')).toMatch(/^It cannot be re-processed: its signature did not match/);
    expect(blocked('rejected', 415, 'whole')).toMatch(/^It cannot be re-processed: its body was compressed/);
    expect(blocked('rejected', 413, 'none')).toBe('It cannot be re-processed: its body was not kept.');
    expect(blocked('rejected', 400, 'dropped')).toBe('It cannot be re-processed: its body was removed to save space.');
    expect(blocked('rejected', 400, 'head')).toBe('It cannot be re-processed: only the first part of its body was kept.');
    // A leftover copy of a removed test call, whatever its outcome.
    for (const outcome of ['duplicate', 'rejected'] as const) {
      expect(deliveryReprocessBlocked({ outcome, status: outcome === 'rejected' ? 400 : 200, bodyKept: 'whole', testCallRemoved: true })).toMatch(
        /^Its test call was removed/,
      );
    }
  });

  it('says what Re-process did', () => {
    expect(reprocessMessage('applied', ['Priya Shah'], '')).toBe('Applied: the call from Priya Shah is up to date now.');
    expect(reprocessMessage('unchanged', [], '')).toBe('Nothing to change: it was already applied.');
    expect(reprocessMessage('still-rejected', [], 'Not readable: the body is not valid JSON, so nothing was changed.')).toBe(
      'It still cannot be read today: the body is not valid JSON, so nothing was changed.',
    );
    // Not about being unreadable: said plainly, not "still cannot be read".
    const noEnvelope = 'Not a Marketing Edge webhook: it has no delivery id. Nothing was changed.';
    expect(reprocessMessage('still-rejected', [], noEnvelope)).toBe(noEnvelope);
    expect(reprocessMessage('still-failed', [], '')).toMatch(/^Still not applied/);
  });

  it('sizes in words', () => {
    expect([sizeInWords(1), sizeInWords(900), sizeInWords(2048), sizeInWords(1024 * 1024)]).toEqual(['1 byte', '900 bytes', '2 kB', '1 MB']);
  });
});

describe('a catch-up answer in plain words', () => {
  const answer = (outcome: 'accepted' | 'rejected' | 'failed', status: number, reason: string | null, resultCount = 0, callerNames: string[] = []) =>
    apiAnswerSummary({ outcome, status, reason, resultCount, callerNames });
  const rows: [string, string][] = [
    [
      answer('rejected', 500, 'Not a calls answer: the API answered HTTP 500'),
      'Not a list of calls: Marketing Edge answered with an error (HTTP 500). Nothing was changed.',
    ],
    [
      answer('rejected', 200, 'Not a calls answer: the body is not valid UTF-8 text'),
      'Not readable: the answer is not valid JSON, so nothing was changed.',
    ],
    [
      answer('rejected', 200, 'Not a calls answer: malformed JSON (Unexpected token)'),
      'Not readable: the answer is not valid JSON, so nothing was changed.',
    ],
    [
      answer('rejected', 200, 'Not a calls answer: the body is not a JSON object'),
      'Not a list of calls: Call Alerts could not read this answer as one. Nothing was changed.',
    ],
    [
      answer('rejected', 200, 'Not a calls answer: it has no "results" list'),
      'Not a list of calls: Call Alerts could not read this answer as one. Nothing was changed.',
    ],
    [
      answer('failed', 200, 'Stored but not processed from result 200: boom', 400),
      'Kept, but not all of its calls were applied: Call Alerts could not read some of them. Update Call Alerts, then Re-process.',
    ],
    [
      answer('failed', 200, 'Stored but not processed from result 0: the database could not be written (SQLITE_FULL: database or disk is full)', 60),
      'Kept, but not all of its calls were applied: Call Alerts could not save them (the disk may be full). Free some space, then Re-process.',
    ],
    [
      answer('accepted', 200, '2 results skipped: result 3: no usable id (null); result 9: the result is not a JSON object', 12, ['Priya Shah']),
      'Catch-up read 12 calls from Marketing Edge, including Priya Shah. 2 could not be used: they had no call id.',
    ],
    [answer('accepted', 200, null, 1), 'Catch-up read 1 call from Marketing Edge.'],
  ];
  it.each(rows)('%s', (summary, words) => {
    expect(summary).toBe(words);
    expect(summary).not.toMatch(TECHNICAL);
  });

  it('cannot re-process an error answer', () => {
    expect(apiAnswerReprocessBlocked({ status: 200 })).toBeNull();
    expect(apiAnswerReprocessBlocked({ status: 503 })).toMatch(/^It cannot be re-processed/);
  });
});

describe('a delivery\u2019s headers as shown', () => {
  it('mask credentials and the webhook token wherever it is, and keep the rest', () => {
    const token = 'tok_0123456789abcdefghijkl';
    expect(
      maskedHeaders(
        {
          authorization: 'Basic dXNlcjpwYXNz',
          'proxy-authorization': 'Bearer p',
          cookie: 'a=1',
          'set-cookie': 'b=2',
          'x-api-key': 'k',
          'ocp-apim-subscription-key': 'k2',
          'x-forwarded-uri': `/hooks/${token}`,
          'x-original-uri': `/hooks/${token}?again=${token}`,
          'x-envoy-original-path': `/hooks/${token}`,
          'content-type': 'application/json',
        },
        token,
      ),
    ).toEqual({
      authorization: '…',
      'proxy-authorization': '…',
      cookie: '…',
      'set-cookie': '…',
      'x-api-key': '…',
      'ocp-apim-subscription-key': '…',
      'x-forwarded-uri': '/hooks/…',
      'x-original-uri': '/hooks/…?again=…',
      'x-envoy-original-path': '/hooks/…',
      'content-type': 'application/json',
    });
    expect(maskedHeaders({ 'x-forwarded-uri': '/hooks/abc' }, null)).toEqual({ 'x-forwarded-uri': '/hooks/abc' });
  });

  it('mask a credential header a proxy or gateway adds, whatever its prefix; a signature stays readable', () => {
    const credentials = [
      'x-authorization',
      'x-forwarded-authorization',
      'cf-access-jwt-assertion',
      'x-goog-iap-jwt-assertion',
      'x-session-id',
      'x-amzn-oidc-data-credential',
      'x-forwarded-cookie',
    ];
    const shown = maskedHeaders(Object.fromEntries([...credentials, 'ms-signature', 'x-request-id'].map((name) => [name, `v-${name}`])), null);
    expect(shown).toEqual({
      ...Object.fromEntries(credentials.map((name) => [name, '…'])),
      'ms-signature': 'v-ms-signature',
      'x-request-id': 'v-x-request-id',
    });
  });
});
