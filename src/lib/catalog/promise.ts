/**
 * An image's lifecycle promise in words, from SCS-0102's properties:
 * `replace_frequency` (how often the image under this name is rebuilt),
 * `provided_until` (until when it is), and `uuid_validity` (how long an ID
 * keeps working once a newer build replaces it). Pure. Every value is
 * untrusted Glance text: one the standard does not define is shown as given,
 * never guessed at and never an error.
 */
import { formatDate } from './format.ts';
import { firstProperty } from './read-properties.ts';

/** SCS-0102's lifecycle properties, by what they mean here. */
export const PROMISE_PROPERTIES = {
  replaceFrequency: 'replace_frequency',
  providedUntil: 'provided_until',
  uuidValidity: 'uuid_validity',
} as const;

/** `replace_frequency` keywords in words. */
export const REPLACED_WORDS: Readonly<Record<string, string>> = {
  yearly: 'Replaced yearly',
  quarterly: 'Replaced quarterly',
  monthly: 'Replaced monthly',
  weekly: 'Replaced weekly',
  daily: 'Replaced daily',
  critical_bug: 'Replaced when a critical bug is fixed',
  never: 'Not replaced',
};

export interface ReplacePromise {
  /** The property's value as given. */
  value: string;
  /** The standard's keyword (`monthly`, `critical_bug`, …), or `null` when the value is none of them. */
  frequency: string | null;
  words: string;
}

export interface UntilPromise {
  value: string;
  /** `date` (a `YYYY-MM-DD`), `none` (no promise), `notice` (until a notice is published), `unknown` (another value). */
  kind: 'date' | 'none' | 'notice' | 'unknown';
  /** The day, `YYYY-MM-DD`, when `kind` is `date`. */
  date: string | null;
  /** Whether that day is over at the catalog's moment (UTC). */
  passed: boolean;
  words: string;
}

export interface IdPromise {
  value: string;
  /** SCS-0102's `uuid_validity` kinds; `unknown` for another value. */
  kind: 'none' | 'last' | 'date' | 'notice' | 'forever' | 'unknown';
  /** N of `last-N`. */
  builds: number | null;
  /** The day, `YYYY-MM-DD`, when `kind` is `date`. */
  date: string | null;
  words: string;
}

/** What an image promises about its future; each part `null` when the image does not say. */
export interface LifecyclePromise {
  replace: ReplacePromise | null;
  providedUntil: UntilPromise | null;
  id: IdPromise | null;
}

/** A value shown inside a sentence: at most this many characters, the rest cut with an ellipsis. */
const SHOWN = 80;

function shown(value: string): string {
  return value.length > SHOWN ? `${value.slice(0, SHOWN - 1)}…` : value;
}

/** A real `YYYY-MM-DD` day, or `null` (no `30 Feb`, no time of day). */
export function isoDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match.slice(1).join('-') : null;
}

/** Whether the UTC day `day` (`YYYY-MM-DD`) is over at `now`: a promise "until" a day holds all of that day. */
export function dayIsOver(day: string, now: Date): boolean {
  return now.getTime() > Date.parse(`${day}T23:59:59.999Z`);
}

export function replacePromise(value: string): ReplacePromise {
  const key = value.trim().toLowerCase();
  const words = Object.hasOwn(REPLACED_WORDS, key) ? REPLACED_WORDS[key]! : null;
  return { value, frequency: words ? key : null, words: words ?? `Replaced: ${shown(value.trim())}` };
}

export function providedUntilPromise(value: string, now: Date): UntilPromise {
  const key = value.trim().toLowerCase();
  const day = isoDay(value);
  if (day) {
    const passed = dayIsOver(day, now);
    return { value, kind: 'date', date: day, passed, words: `${passed ? 'Was updated until' : 'Updated until'} ${formatDate(day)}` };
  }
  if (key === 'none') return { value, kind: 'none', date: null, passed: false, words: 'No promise of how long it is updated' };
  if (key === 'notice') return { value, kind: 'notice', date: null, passed: false, words: 'Updated until notice is given' };
  return { value, kind: 'unknown', date: null, passed: false, words: `Updated until: ${shown(value.trim())}` };
}

export function idPromise(value: string): IdPromise {
  const key = value.trim().toLowerCase();
  const base = { value, builds: null, date: null };
  const last = /^last-(\d{1,6})$/.exec(key);
  if (last) {
    const builds = Number(last[1]);
    return { ...base, kind: 'last', builds, words: `This ID keeps working for the last ${builds === 1 ? 'build' : `${builds} builds`}` };
  }
  const day = isoDay(value);
  if (day) return { ...base, kind: 'date', date: day, words: `This ID keeps working until ${formatDate(day)}` };
  if (key === 'none') return { ...base, kind: 'none', words: 'This ID may stop working once a newer build replaces it' };
  if (key === 'notice') return { ...base, kind: 'notice', words: 'This ID keeps working until notice is given' };
  if (key === 'forever') return { ...base, kind: 'forever', words: 'This ID keeps working forever' };
  return { ...base, kind: 'unknown', words: `How long this ID works: ${shown(value.trim())}` };
}

/** The lifecycle promise of an image's properties, judged at `now` (the catalog's moment). */
export function lifecyclePromiseOf(properties: Readonly<Record<string, string>>, now: Date): LifecyclePromise {
  const replace = firstProperty(properties, [PROMISE_PROPERTIES.replaceFrequency]);
  const until = firstProperty(properties, [PROMISE_PROPERTIES.providedUntil]);
  const id = firstProperty(properties, [PROMISE_PROPERTIES.uuidValidity]);
  return {
    replace: replace === null ? null : replacePromise(replace),
    providedUntil: until === null ? null : providedUntilPromise(until, now),
    id: id === null ? null : idPromise(id),
  };
}

/** Whether the image says anything about its lifecycle. */
export function hasPromise(promise: LifecyclePromise): boolean {
  return promise.replace !== null || promise.providedUntil !== null || promise.id !== null;
}

/**
 * Whether an archived build's ID may no longer work by its own promise: its
 * date has passed, it has more newer builds in its line than `last-N` keeps,
 * or its ID was promised only until the image changed (`none`: an archived
 * build has been replaced). `false` when the promise holds or says nothing
 * that can be judged. Only ever asked of archived builds.
 */
export function idMayHaveExpired(id: IdPromise | null, newerBuilds: number, now: Date): boolean {
  if (id === null) return false;
  switch (id.kind) {
    case 'none':
      return true;
    case 'last':
      return newerBuilds > id.builds!;
    case 'date':
      return dayIsOver(id.date!, now);
    default:
      return false;
  }
}

/** The words for an archived build whose ID may no longer work. */
export const ID_MAY_HAVE_EXPIRED = 'This ID may no longer work: it is past what the image promised. Launch the current build instead.';
