/**
 * Quotes one word for a POSIX shell. The one place this copy-ready
 * commands quote through (issue 12 brings the project's shell-quote function;
 * the lead points this at it on merge).
 */
import { shellWord } from './format.ts';

export function shellQuote(value: string): string {
  return shellWord(value);
}
