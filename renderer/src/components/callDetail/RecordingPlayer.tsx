// A call's recording, played only from this PC's own copy (offline first): the vendor's address is never a
// source, so a recording plays with the internet down and a missing one says why in words.

import { useState } from 'react';
import type { RecordingView } from '../../../../shared/domain';

const NOT_YET = 'Not downloaded yet: it plays here once this PC has fetched it from the vendor.';

/** What a recording that is not playable here says, in words. */
export function recordingStateText(recording: RecordingView): string | null {
  switch (recording.state) {
    case 'cached':
      return recording.src ? null : NOT_YET;
    case 'pending':
      return NOT_YET;
    case 'failed':
      return `The recording could not be downloaded: ${recording.error ?? 'the vendor did not send it'}.`;
    case 'evicted':
      return 'Removed from this PC to keep within its disk budget: it is downloaded again when played.';
  }
}

// MediaError codes (HTML spec), in the words a receptionist can act on.
const MEDIA_ERRORS: Record<number, string> = {
  1: 'playback was stopped',
  2: 'this PC could not read it from the app',
  3: 'the file is damaged or not audio',
  4: 'the file is not here or not in a format this PC plays',
};

export function mediaErrorText(error: MediaError | null): string {
  return (error && (MEDIA_ERRORS[error.code] ?? error.message)) || 'unknown error';
}

export function RecordingPlayer({ recording, label }: { recording: RecordingView; label: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  const words = recordingStateText(recording);
  return (
    <div className="recording">
      {recording.src && (
        <audio
          className="recording__player"
          controls
          preload="metadata"
          src={recording.src}
          aria-label={label}
          onError={(event) => setFailure(mediaErrorText(event.currentTarget.error))}
          onLoadedData={() => setFailure(null)}
        />
      )}
      {words && <p className="recording__state muted">{words}</p>}
      {failure && (
        <p className="recording__state notice notice--error" role="alert">
          This recording could not be played: {failure}.
        </p>
      )}
    </div>
  );
}
