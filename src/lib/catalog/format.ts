const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Bytes as people read them, in binary units: `1.8 GiB`, `512 MiB`, `900 bytes`; `—` when unknown. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

/** `25 Nov 2025` (UTC) from an ISO date-time; `—` when missing or not a date. */
export function formatDate(value: string | null): string {
  if (value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `25 Nov 2025, 04:05 UTC`; `—` when missing. */
export function formatDateTime(value: string | null): string {
  if (value === null) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(value)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** The ISO form for a `<time datetime>` attribute, or `undefined`. */
export function isoDateTime(value: string | null): string | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Whole days between two instants (floor), for "as of … (N days ago)". */
export function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(from)) / 86_400_000);
}

/** Megabytes or gigabytes with their unit, `—` for `null`/0 meaning "no minimum". */
export function formatMinimum(value: number | null, unit: 'MB' | 'GB'): string {
  if (value === null) return '—';
  if (value === 0) return 'no minimum';
  return `${value} ${unit}`;
}

/** A word safe to paste into a POSIX shell: the one quoting function, `shellQuote` (src/lib/catalog/shell-quote.ts). */
export { shellQuote as shellWord } from './shell-quote.ts';
