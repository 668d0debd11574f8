/** How well `query` matches `candidate`: higher is better, 0 is no match. Case-insensitive. */
export function fuzzyScore(query: string, candidate: string): number {
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  if (q.length === 0) return 1;
  if (c === q) return 1000;
  if (c.startsWith(q)) return 500 - c.length;
  const at = c.indexOf(q);
  if (at !== -1) return 300 - at - c.length / 10;
  return subsequenceScore(q, c);
}

/** Every query character in order, rewarding runs; 0 when some character is missing. */
function subsequenceScore(q: string, c: string): number {
  let score = 0;
  let run = 0;
  let from = 0;
  for (const ch of q) {
    const at = c.indexOf(ch, from);
    if (at === -1) return 0;
    run = at === from ? run + 1 : 0;
    score += 1 + run;
    from = at + 1;
  }
  return Math.max(1, score - c.length / 20);
}

/** Levenshtein distance, for "did you mean" on a miss. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The candidates closest to `query` by edit distance, nearest first. */
export function nearest(query: string, candidates: string[], limit = 3): string[] {
  const q = query.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(q, candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
