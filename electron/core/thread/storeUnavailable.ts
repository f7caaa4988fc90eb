// The store cannot answer now: its worker ended and is being started again. Webhooks are answered 503 (the
// sender retries; never 200, nothing was stored), the API 503 with these words.

export const RESTARTING_MESSAGE = 'Call Alerts is restarting its call database; try again in a moment';

export class StoreUnavailableError extends Error {
  readonly status = 503;

  constructor(message = RESTARTING_MESSAGE) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** What answerStoreUnavailable needs of an HTTP answer (express's Response has it). */
interface Answer {
  status(code: number): Answer;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

/** The API's answer while the store restarts: 503 with the words, and a hint to ask again shortly. */
export function answerStoreUnavailable(res: Answer, error: StoreUnavailableError): void {
  res.setHeader('Retry-After', '2');
  res.status(503).json({ error: error.message });
}
