/** A name staff saved: marked quietly, so a row says whose name it is without shouting. */
export function SavedMark() {
  return (
    <span className="saved-mark" role="img" aria-label="Saved contact" title="Name saved by staff">
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <circle cx="8" cy="5" r="3" fill="currentColor" />
        <path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" fill="currentColor" />
      </svg>
    </span>
  );
}
