// Waiting for the disk without blocking the event loop. A batch of deliveries is committed to the WAL
// without SQLite's own fsync (synchronous=NORMAL), then the WAL file is fsynced on libuv's thread pool
// before any delivery of the batch is acknowledged. Once that fsync returns, the batch's frames are on disk:
// either still in the WAL, or already copied into the database file by a checkpoint, which syncs both
// files itself. So an acknowledged delivery is as durable as with synchronous=FULL, and the event loop
// keeps reading requests (and popping alerts) while the disk works. Checkpoints run on another connection
// (./checkpoints.ts, synchronous=FULL), and once one has copied every frame the writer starts the log over
// in the same file (rewriting its header, truncating it in place): the handle kept here stays the WAL's.

import fs from 'node:fs';

export class WalSync {
  private fd: number | null = null;
  /** The fsync running now; it may have started before the latest commit. */
  private running: Promise<void> | null = null;
  /** One more fsync after the running one, shared by every commit made while it runs. */
  private queued: Promise<void> | null = null;
  private syncs = 0;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed to the WAL before this call is on disk; rejects if the disk fails. */
  sync(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  /** fsyncs done so far (commits share them). */
  get count(): number {
    return this.syncs;
  }

  private start(): Promise<void> {
    const run = new Promise<void>((resolve, reject) => {
      try {
        // Opened on first use: the WAL file exists once something was committed.
        this.fd ??= fs.openSync(this.walPath, 'r+');
      } catch (error) {
        reject(error);
        return;
      }
      fs.fsync(this.fd, (error) => (error ? reject(error) : resolve()));
    });
    this.running = run;
    this.syncs++;
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }

  /** Closes the file handle; call before the database closes (it deletes the WAL file). */
  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
