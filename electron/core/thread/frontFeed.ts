// The front's change feed, which says when it gains its first call listener and loses its last: the store
// worker builds and sends each changed call (a read and an alert per call) only while someone listens, as the
// in-thread core does.

import { ChangeFeed, type CallListener } from '../changeFeed';

export class FrontFeed extends ChangeFeed {
  constructor(private readonly listening: (wanted: boolean) => void) {
    super();
  }

  override onCall(listener: CallListener): () => void {
    const unsubscribe = super.onCall(listener);
    if (this.size === 1) this.listening(true);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
      if (this.size === 0) this.listening(false);
    };
  }
}
