// "Did you mean" over names an author chose (roles, service accounts, namespaces): the one candidate
// within a small edit distance, case ignored. Two equally close candidates mean no likely intent.

import { editDistanceWithin } from "../../catalog";

/** The unique nearest candidate, or undefined when none is close or two are equally close. */
export function nearestName(wrong: string, candidates: Iterable<string>): string | undefined {
  const lower = wrong.toLowerCase();
  if (lower.length < 3) return undefined;
  const limit = lower.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const c of new Set(candidates)) {
    if (c === wrong) return undefined;
    const d = editDistanceWithin(lower, c.toLowerCase(), limit);
    if (d < bestDistance) [best, bestDistance, tie] = [c, d, false];
    else if (d === bestDistance && c !== best) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}
