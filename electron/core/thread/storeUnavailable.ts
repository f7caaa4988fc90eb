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
