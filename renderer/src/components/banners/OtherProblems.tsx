/** Under the most urgent problem: the others, by name, so none is hidden for long. */
export function OtherProblems({ titles }: { titles: string[] }) {
  if (titles.length === 0) return null;
  return <p className="url-banner__also">Also: {titles.join('; ')}.</p>;
}
