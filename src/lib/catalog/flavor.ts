/**
 * What an image's `min_disk` (GB) and `min_ram` (MB) mean for choosing a
 * flavor, in words: "Needs a flavor with at least 20 GB of disk and 2 GB of
 * RAM". Pure.
 */

/** Megabytes as people read them: `512 MB`, `2 GB`, `1.5 GB`. */
export function formatRam(megabytes: number): string {
  if (megabytes >= 1024 && megabytes % 512 === 0) return `${megabytes / 1024} GB`;
  return `${megabytes.toLocaleString('en')} MB`;
}

/** The sentence for a flavor's minimums, or `null` when the image sets none (any flavor is big enough for it to boot). */
export function flavorNeeds(minDisk: number | null, minRam: number | null): string | null {
  const parts: string[] = [];
  if (minDisk !== null && minDisk > 0) parts.push(`${minDisk.toLocaleString('en')} GB of disk`);
  if (minRam !== null && minRam > 0) parts.push(`${formatRam(minRam)} of RAM`);
  return parts.length === 0 ? null : `Needs a flavor with at least ${parts.join(' and ')}`;
}
