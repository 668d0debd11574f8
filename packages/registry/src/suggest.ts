/**
 * "Did you mean …?" for a misspelt key or name. Case differences count as one edit in total, so `baseURL`
 * finds `baseUrl` before `baseUri` would.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = closeness(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word may be wrong; beyond that the suggestion is more often noise than help.
  return bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

/**
 * How far apart two lower-cased words are. A case-only difference is half an edit. An abbreviation (every
 * letter of the input, in order, in the candidate: `supportsDevRole` in `supportsDeveloperRole`) costs half an
 * edit per missing letter, so it beats a same-length word that merely shares the prefix.
 */
function closeness(input: string, candidate: string): number {
  if (input === candidate) return 0.5;
  const distance = editDistance(input, candidate);
  if (candidate.length <= input.length || !isSubsequence(input, candidate)) return distance;
  return Math.min(distance, (candidate.length - input.length) / 2);
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

/** `did you mean "x"?` with a leading " — ", or "" when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = suggest(input, candidates);
  return match === undefined ? "" : ` — did you mean ${JSON.stringify(match)}?`;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (`baesUrl` → `baseUrl`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
