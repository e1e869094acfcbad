import type { z } from 'astro/zod';

/**
 * The data files' one rule for "listed twice": every key `keysOf` gives for an
 * item, if an earlier item (or the same one) gave it already, becomes an
 * issue at the path and with the message `issue` says.
 */
export function flagRepeats<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keysOf: (item: T) => string[],
  issue: (key: string, index: number, item: T) => { path: PropertyKey[]; message: string },
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    for (const key of keysOf(item)) {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', ...issue(key, index, item) });
      seen.add(key);
    }
  });
}
