/**
 * node:util parseArgs's errors, reworded to name the flag and the fix in one
 * line: `-j -3` reads as "argument is ambiguous" there, "--jobs needs a
 * value …" here. A pure function.
 */
import { UsageError } from './errors.ts';

export function argsError(error: unknown, argv: readonly string[]): UsageError {
  const message = (error as Error).message ?? String(error);
  const first = message.split('\n')[0] ?? 'bad arguments';
  const option = /Option '(-\w|--[\w-]+)(?:, (--[\w-]+))?/.exec(first);
  if (option) {
    const given = option[1]!;
    // Node names only the flag as typed in an ambiguity; its hint ("use '--jobs=-XYZ'") gives the long name.
    const long = option[2] ?? (given.startsWith('--') ? given : (/'(--[\w-]+)=-XYZ'/.exec(message)?.[1] ?? given));
    const short = given.startsWith('--') ? undefined : given;
    const at = argv.findIndex((arg) => arg === long || (short !== undefined && arg === short));
    const next = at >= 0 ? argv[at + 1] : undefined;
    if (/ambiguous/.test(first) && next !== undefined) {
      return new UsageError(`${long} needs a value, and "${next}" looks like an option`, `write ${long}=${next} if that is the value (see --help)`);
    }
    return new UsageError(`${long} needs a value`, `give ${long} a value (see --help)`);
  }
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) return new UsageError(`Unknown option '${unknown[1]}'`, 'see --help for the options');
  const positional = /Unexpected argument '([^']+)'/.exec(first);
  if (positional) return new UsageError(`unexpected argument '${positional[1]}'`, 'options start with -- (see --help)');
  return new UsageError(first.replace(/\.$/, ''), 'see --help');
}

/** A word a POSIX shell reads back as itself, for the commands our messages print. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
