// The three Marketing Edge webhooks that must each get the public address, named the same way everywhere.

/** The webhook types, in the order Marketing Edge sends them for a call. */
const CALL_WEBHOOKS = ['Call Start', 'Call Preprocessed', 'Call Processed'] as const;

/** "Call Start, Call Preprocessed and Call Processed", each name in bold. */
export function CallWebhookNames() {
  return (
    <>
      {CALL_WEBHOOKS.map((name, i) => (
        <span key={name}>
          {i > 0 && (i === CALL_WEBHOOKS.length - 1 ? ' and ' : ', ')}
          <strong>{name}</strong>
        </span>
      ))}
    </>
  );
}
