/**
 * An image's purpose in reader words, from SCS-0102 v2's `os_purpose` (or the
 * cloud's own property for it, `images.properties.purpose` in
 * cloud.config.yaml). Pure, and free of I/O: the catalog filter's browser
 * bundle imports the keys. Every value is untrusted Glance text: one the
 * standard does not define is shown as given (shortened), never guessed at.
 */
import { SCS_PROPERTIES, STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { firstProperty } from './read-properties.ts';

/** SCS-0102 v2's `os_purpose` values, in the order the filter offers them, with what a reader is told. */
export const PURPOSE_CHOICES = [
  { key: 'generic', label: 'General purpose' },
  { key: 'minimal', label: 'Minimal' },
  { key: 'k8snode', label: 'Kubernetes node' },
  { key: 'gpu', label: 'GPU' },
  { key: 'network', label: 'Network appliance' },
  { key: 'custom', label: 'Custom' },
  // A general-purpose image replaced by a newer one: an earlier build of its line, never its current one.
  { key: 'oldgeneric', label: 'Earlier build' },
] as const;

export type PurposeKey = (typeof PURPOSE_CHOICES)[number]['key'];

/** The key of a value the standard does not define: shown as given, offered by the filter as "Other purpose". */
export const OTHER_PURPOSE = 'other';
export const OTHER_PURPOSE_LABEL = 'Other purpose';

/** Every key the filter's URL may name (`?purpose=`). */
export const PURPOSE_KEYS: readonly string[] = [...PURPOSE_CHOICES.map((choice) => choice.key), OTHER_PURPOSE];

export interface Purpose {
  /** A standard key, or `other`. */
  key: PurposeKey | typeof OTHER_PURPOSE;
  /** Reader words: "General purpose", "Kubernetes node", "Earlier build", or an unknown value as given (shortened). */
  label: string;
  /** The property's value as given. */
  value: string;
}

/** A value shown as a label: at most this many characters, the rest cut with an ellipsis. */
const SHOWN = 40;

/** The image's purpose, or `null` when it states none. */
export function purposeOf(
  properties: Readonly<Record<string, string>>,
  conventions: Pick<ImageConventions, 'purposeProperties'> = STANDARD_CONVENTIONS,
): Purpose | null {
  const value = firstProperty(properties, [...conventions.purposeProperties, SCS_PROPERTIES.purpose]);
  if (value === null) return null;
  const key = value.toLowerCase();
  const choice = PURPOSE_CHOICES.find((c) => c.key === key);
  if (choice) return { key: choice.key, label: choice.label, value };
  return { key: OTHER_PURPOSE, label: value.length > SHOWN ? `${value.slice(0, SHOWN - 1)}…` : value, value };
}

/** SCS-0102 v2's `oldgeneric`: an earlier build of its line, never the line's current build. */
export function isEarlierBuild(purpose: Pick<Purpose, 'key'> | null): boolean {
  return purpose?.key === 'oldgeneric';
}

/** The filter's choices for the purposes present among `purposes`, in PURPOSE_CHOICES' order (then "Other purpose"). */
export function purposeChoices(purposes: Iterable<Pick<Purpose, 'key'> | null>): { key: string; label: string }[] {
  const present = new Set<string>();
  for (const purpose of purposes) if (purpose) present.add(purpose.key);
  const choices: { key: string; label: string }[] = PURPOSE_CHOICES.filter((choice) => present.has(choice.key)).map(({ key, label }) => ({ key, label }));
  if (present.has(OTHER_PURPOSE)) choices.push({ key: OTHER_PURPOSE, label: OTHER_PURPOSE_LABEL });
  return choices;
}
