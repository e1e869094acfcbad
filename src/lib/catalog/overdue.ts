/**
 * Whether an image is overdue for its rebuild, by SCS's own rule: the
 * standard's conformance test (SovereignCloudStack/standards,
 * Tests/iaas/scs_0102_image_metadata/image_metadata.py, `is_outdated`), so
 * the catalog and a conformance report never disagree. Pure.
 *
 * The rule, as that code has it:
 * - the build date is `image_build_date` (`YYYY-MM-DD`, `YYYY-MM-DD hh:mm[:ss]`
 *   or `YYYY-MM-DDThh:mm:ssZ`, UTC), else the image's creation time;
 * - `replace_frequency` `never` or `critical_bug` (or none given, which the
 *   code reads as `never`), or a value the standard does not define: never overdue;
 * - otherwise the image is overdue once now is past the build date plus 1.1 ×
 *   the period, with SCS's periods, rounded up a bit on purpose: daily 25
 *   hours, weekly 7 × 25 hours, monthly 31 days, quarterly 92 days, yearly 365 days;
 * - unless `provided_until` is `none` or `notice`, or a date now is past (its
 *   00:00 UTC, as the code compares): no promise is broken then. A
 *   `provided_until` that is missing or no date counts as overdue (the code
 *   reports such an image as an error, and a promise of rebuilds stands).
 *
 * The one difference: an image with no build date and no creation time is
 * not judged (the code would take 1970 as its build date).
 */
import { formatDate } from './format.ts';
import { firstProperty } from './read-properties.ts';
import { REPLACED_WORDS } from './promise.ts';
// One source for SCS's periods and its date reading: the conformance rules' (src/lib/scs/), checked against SCS's own code.
import { FREQ_TO_SEC } from '../scs/scs-0102.ts';
import { DATE_FORMATS, STRICT_FORMATS, parseDate } from '../scs/python-date.ts';

/** How far past its period an image may be before it is overdue: SCS's factor. */
export const SCS_GRACE_FACTOR = 1.1;

export interface Overdue {
  /** The standard's keyword: `monthly`, …. */
  frequency: string;
  /** When it was built (ISO date-time, UTC): `image_build_date`, else the creation time. */
  builtAt: string;
  /** When a new build was due at the latest (build date + 1.1 × the period). */
  dueBy: string;
  /** "Overdue: built 2 Nov 2026, replaced monthly". */
  words: string;
}

/** A UTC date-time as SCS reads it (`%Y-%m-%dT%H:%M:%SZ`, `%Y-%m-%d %H:%M[:%S]`, `%Y-%m-%d`; `strict`: the first only), in ms, or `null`. */
export function scsDate(value: string, strict = false): number | null {
  const seconds = parseDate(value, strict ? STRICT_FORMATS : DATE_FORMATS);
  return seconds === 0 ? null : seconds * 1000;
}

/** Glance's `created_at` (`2026-11-02T10:00:00Z`; a fraction or offset as the snapshot may keep it is read too). */
function creationTime(createdAt: string | null): number | null {
  if (!createdAt) return null;
  const strict = scsDate(createdAt, true);
  if (strict !== null) return strict;
  const parsed = Date.parse(createdAt);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The image's build time as SCS takes it, in ms, or `null`. */
export function scsBuildTime(image: { properties: Readonly<Record<string, string>>; createdAt: string | null }): number | null {
  const built = firstProperty(image.properties, ['image_build_date']);
  return (built === null ? null : scsDate(built)) ?? creationTime(image.createdAt);
}

/** Whether the image is overdue at `now` by SCS's rule (see the top of this file), and in words; `null` when it is not. */
export function overdueOf(image: { properties: Readonly<Record<string, string>>; createdAt: string | null }, now: Date): Overdue | null {
  const frequency = firstProperty(image.properties, ['replace_frequency']) ?? 'never';
  const seconds = FREQ_TO_SEC.get(frequency) ?? 0;
  if (seconds === 0) return null;
  const period = seconds * 1000;
  const built = scsBuildTime(image);
  if (built === null) return null;
  const due = built + SCS_GRACE_FACTOR * period;
  if (now.getTime() <= due) return null;
  const until = firstProperty(image.properties, ['provided_until']);
  if (until === 'none' || until === 'notice') return null;
  const untilTime = until === null ? null : scsDate(until);
  if (untilTime !== null && now.getTime() > untilTime) return null;
  const builtAt = new Date(built).toISOString();
  return {
    frequency,
    builtAt,
    dueBy: new Date(due).toISOString(),
    words: `Overdue: built ${formatDate(builtAt)}, ${REPLACED_WORDS[frequency]!.toLowerCase()}`,
  };
}
