/**
 * Durations on the command line: `0`, `90s`, `10m`, `24h`, `7d` (a bare
 * number is seconds). A pure function; hand-written because node:util has no
 * duration parser and the grammar is five characters wide.
 */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds, or null when `text` is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,9})\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()]!;
}

/** `86400` → `24h`, `90` → `90s`: the largest unit that divides it. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0';
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds % UNIT_SECONDS[unit]! === 0) return `${seconds / UNIT_SECONDS[unit]!}${unit}`;
  }
  return `${seconds}s`;
}
