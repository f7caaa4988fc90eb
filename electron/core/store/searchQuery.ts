// Turns what a person types into an FTS5 query. Words match as prefixes in names, places, ad sources and
// transcripts; anything that looks like part of a phone number ("2958", "905-580", "(905) 580") matches
// as a prefix of the number's suffixes, i.e. anywhere in the number.

const NUMBER_LIKE = /^[\d()+\-.]+$/;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** The FTS5 MATCH expression for free text, or null when nothing searchable was typed. */
export function searchExpression(input: string): string | null {
  const clauses: string[] = [];
  for (const term of input.trim().split(/\s+/)) {
    if (!term) continue;
    const digits = term.replace(/\D/g, '');
    if (NUMBER_LIKE.test(term) && digits.length > 0) {
      clauses.push(`number : ${quote(digits)}*`);
      continue;
    }
    const words = term.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (words) clauses.push(`{name place source transcript} : ${quote(words)}*`);
  }
  return clauses.length ? clauses.join(' AND ') : null;
}

/** Every suffix of the digits: "9055802958" → "9055802958 055802958 … 8". */
export function numberSuffixes(...numbers: (string | null)[]): string {
  const out: string[] = [];
  for (const n of numbers) {
    if (!n) continue;
    for (let i = 0; i < n.length; i++) out.push(n.slice(i));
  }
  return out.join(' ');
}
