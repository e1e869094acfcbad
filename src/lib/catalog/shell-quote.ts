/**
 * The one quoting function for every value placed in a copy-ready command
 * (`ssh`, `openstack server create`, `openstack image show`); Terraform and
 * Heat snippets quote in their own languages (iac.ts) over the same `cleanText`. Hand-written (a dozen lines) rather than a dependency: the
 * only rule needed is POSIX single quoting.
 *
 * Expressive Code keeps a code block's line breaks as U+007F in its copy
 * data, so a command must never hold a DEL, a line break or a separator:
 * `shellQuote` cleans its value first (the same `cleanText` normalising
 * uses), so even a value that skipped normalising cannot add a line.
 */
import { cleanText } from './safe-text.ts';

/** Characters a shell word may hold unquoted. */
const PLAIN = /^[A-Za-z0-9._:/@%+=,-]+$/;

/** A word safe to paste into a POSIX shell: as it is when plain, else single-quoted (`'it'\''s'`). */
export function shellQuote(value: string): string {
  const text = cleanText(value);
  return PLAIN.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
