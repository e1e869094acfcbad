/**
 * Progress on stderr. On a terminal one line is rewritten as pages arrive;
 * elsewhere (CI, pipes) nothing is printed but the final summary or error
 * line, unless --verbose asks for notices (retries, re-authentication).
 * Warnings (a broken previous snapshot) are always printed. Everything
 * passes through `redact`.
 */
import { redact } from './redact.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class Progress {
  readonly stream: ProgressStream;
  readonly live: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** The command named at the start of notices and warnings. */
  readonly name: string;
  #lineOpen = false;

  constructor(stream: ProgressStream, options: { quiet: boolean; verbose?: boolean; name?: string }) {
    this.stream = stream;
    this.name = options.name ?? 'catalog:fetch';
    this.quiet = options.quiet;
    this.live = !options.quiet && stream.isTTY === true;
    this.verbose = !options.quiet && (this.live || options.verbose === true);
  }

  /** A status step ("Authenticating with …"), shown on a terminal only. */
  step(message: string): void {
    if (!this.live) return;
    this.#status(message);
  }

  page(pages: number, images: number): void {
    if (!this.live) return;
    this.#status(`Fetched page ${pages} (${images} image${images === 1 ? '' : 's'} so far)`);
  }

  /** A retry or a re-authentication: on a terminal, or with --verbose. */
  notice(message: string): void {
    if (!this.verbose) return;
    this.clear();
    this.stream.write(`${redact(`${this.name}: ${message}`)}\n`);
  }

  /** Something the user must see, whatever the mode. */
  warn(message: string): void {
    this.clear();
    this.stream.write(`${redact(`${this.name}: warning: ${message}`)}\n`);
  }

  clear(): void {
    if (this.#lineOpen) {
      this.stream.write('\r\x1b[2K');
      this.#lineOpen = false;
    }
  }

  #status(message: string): void {
    this.stream.write(`\r\x1b[2K${redact(message)}`);
    this.#lineOpen = true;
  }
}

/** What one source's fetch reports through: a Progress, or a labelled view of one. */
export type ProgressSink = Pick<Progress, 'step' | 'page' | 'notice' | 'warn' | 'clear'>;

/**
 * Progress for one of several sources fetched at once: every line names its source ("region RegionTwo: …"),
 * and the page counter, which would interleave between sources on one terminal line, is left out.
 */
export function labelled(progress: Progress, label: string): ProgressSink {
  return {
    step: (message) => progress.step(`${label}: ${message}`),
    page: () => {},
    notice: (message) => progress.notice(`${label}: ${message}`),
    warn: (message) => progress.warn(`${label}: ${message}`),
    clear: () => progress.clear(),
  };
}
