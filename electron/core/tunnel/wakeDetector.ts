// Notices that the computer slept, in headless mode where there is no powerMonitor: a timer that fires
// much later than asked for was frozen by a suspend. (The desktop shell calls resume() from powerMonitor.)

import { sleptThrough } from '../../../shared/tunnel/backoff';

export class WakeDetector {
  private timer: NodeJS.Timeout | null = null;
  private last = 0;

  constructor(
    private readonly onWake: () => void,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.timer) return;
    this.last = this.now();
    this.timer = setInterval(() => {
      const now = this.now();
      const slept = sleptThrough(this.intervalMs, now - this.last);
      this.last = now;
      if (slept) this.onWake();
    }, this.intervalMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
