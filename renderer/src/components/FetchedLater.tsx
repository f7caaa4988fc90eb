// The mark on a call first learned from the vendor's calls API (catch-up): it never rang on this PC.

export const FETCHED_LATER_HINT = 'This call came in while the PC was off; it did not ring here';

export function FetchedLater() {
  return (
    <span className="chip chip--fetched-later" title={FETCHED_LATER_HINT} data-testid="fetched-later">
      Fetched later<span className="visually-hidden">: {FETCHED_LATER_HINT}</span>
    </span>
  );
}
