/**
 * SCS-0102 v2's maintenance facts of an image, in words: how fast critical
 * fixes come (`hotfix_hours`), its patch level (`patchlevel`), and its
 * licence and subscription (`license_included`, `license_required`,
 * `subscription_included`, `subscription_required`). Pure; every value is
 * untrusted Glance text, shown shortened when it is not what the standard
 * says, never guessed at.
 */
import { firstProperty } from './read-properties.ts';

export interface HotfixPromise {
  value: string;
  /** The promised hours, or `null` when the value is not a whole number. */
  hours: number | null;
  words: string;
}

/** A licence or subscription fact the image states (`true`/`false`), or `null` when it does not say (SCS: absent means false). */
export interface Licensing {
  licenseIncluded: boolean | null;
  licenseRequired: boolean | null;
  subscriptionIncluded: boolean | null;
  subscriptionRequired: boolean | null;
  /** One sentence per stated fact. */
  words: string[];
}

export interface Maintenance {
  hotfix: HotfixPromise | null;
  /** `patchlevel` as given (shortened), or `null`. */
  patchlevel: string | null;
  /** `null` when the image states none of the four. */
  licensing: Licensing | null;
}

const SHOWN = 80;
const shown = (value: string) => (value.length > SHOWN ? `${value.slice(0, SHOWN - 1)}…` : value);

/** `hotfix_hours` in words: "Critical fixes within 24 hours"; `0` is SCS's best effort with no firm time. */
export function hotfixPromise(value: string): HotfixPromise {
  const trimmed = value.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return { value, hours: null, words: `Critical fixes: ${shown(trimmed)}` };
  const hours = Number(trimmed);
  if (hours === 0) return { value, hours, words: 'Critical fixes as soon as possible (best effort, no firm time)' };
  return { value, hours, words: `Critical fixes within ${hours} ${hours === 1 ? 'hour' : 'hours'}` };
}

/** A boolean property: `true`/`false` (any case, also yes/no, 1/0), or `null` for absent or anything else. */
function flag(properties: Readonly<Record<string, string>>, name: string): boolean | null {
  const value = firstProperty(properties, [name])?.toLowerCase() ?? null;
  if (value === null) return null;
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  return null;
}

const LICENSING_WORDS: readonly [keyof Omit<Licensing, 'words'>, string, string][] = [
  ['licenseIncluded', 'The licence is included in the flavor’s price', 'The licence is not included in the flavor’s price'],
  ['licenseRequired', 'You must bring your own licence', 'You need not bring a licence of your own'],
  ['subscriptionIncluded', 'A maintenance subscription from the vendor is included', 'No maintenance subscription is included'],
  ['subscriptionRequired', 'You need a maintenance subscription from the vendor to receive fixes', 'No vendor subscription is needed to receive fixes'],
];

export function licensingOf(properties: Readonly<Record<string, string>>): Licensing | null {
  const facts = {
    licenseIncluded: flag(properties, 'license_included'),
    licenseRequired: flag(properties, 'license_required'),
    subscriptionIncluded: flag(properties, 'subscription_included'),
    subscriptionRequired: flag(properties, 'subscription_required'),
  };
  const words = LICENSING_WORDS.filter(([key]) => facts[key] !== null).map(([key, yes, no]) => (facts[key] ? yes : no));
  return words.length === 0 ? null : { ...facts, words };
}

export function maintenanceOf(properties: Readonly<Record<string, string>>): Maintenance {
  const hotfix = firstProperty(properties, ['hotfix_hours']);
  const patchlevel = firstProperty(properties, ['patchlevel']);
  return {
    hotfix: hotfix === null ? null : hotfixPromise(hotfix),
    patchlevel: patchlevel === null ? null : shown(patchlevel),
    licensing: licensingOf(properties),
  };
}

/** Whether the image states any maintenance fact. */
export function hasMaintenance(maintenance: Maintenance): boolean {
  return maintenance.hotfix !== null || maintenance.patchlevel !== null || maintenance.licensing !== null;
}
