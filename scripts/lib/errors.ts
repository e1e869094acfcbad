/**
 * Typed errors for the catalog fetch. Every fault the CLI reports is one of
 * these: one line naming the cause and the fix, and an exit code by kind.
 */

export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  config: 2,
  auth: 3,
  network: 4,
  data: 5,
  /** Another run holds the checkout's lock or the container's lease. */
  busy: 6,
} as const;

export type ErrorKind = 'usage' | 'config' | 'auth' | 'network' | 'data' | 'busy';

export class CatalogError extends Error {
  readonly kind: ErrorKind;
  readonly exitCode: number;
  /** What went wrong, without the fix. */
  readonly reason: string;
  /** What the user can do about it. */
  readonly fix: string;

  constructor(kind: ErrorKind, cause: string, fix: string) {
    super(fix ? `${cause}; ${fix}` : cause);
    this.name = 'CatalogError';
    this.kind = kind;
    this.exitCode = EXIT_CODES[kind];
    this.reason = cause;
    this.fix = fix;
  }
}

/** Bad command line or environment. */
export class UsageError extends CatalogError {
  constructor(cause: string, fix: string) {
    super('usage', cause, fix);
    this.name = 'UsageError';
  }
}

/** Missing or broken credentials / clouds.yaml / endpoint choice. */
export class ConfigError extends CatalogError {
  constructor(cause: string, fix: string) {
    super('config', cause, fix);
    this.name = 'ConfigError';
  }
}

/** Keystone or Glance refused us (401, 403, no project scope). */
export class AuthError extends CatalogError {
  constructor(cause: string, fix: string) {
    super('auth', cause, fix);
    this.name = 'AuthError';
  }
}

/** Could not talk to the service: refused, timeout, TLS, 5xx after retries. */
export class NetworkError extends CatalogError {
  /** Whether trying again might help (connection refused, reset, timeout). */
  readonly retryable: boolean;

  constructor(cause: string, fix: string, retryable = false) {
    super('network', cause, fix);
    this.name = 'NetworkError';
    this.retryable = retryable;
  }
}

/** The service answered with something we cannot use. */
export class DataError extends CatalogError {
  constructor(cause: string, fix: string) {
    super('data', cause, fix);
    this.name = 'DataError';
  }
}

/** Another run holds the lock (this checkout) or the lease (the container): try again when it is done. */
export class BusyError extends CatalogError {
  constructor(cause: string, fix: string) {
    super('busy', cause, fix);
    this.name = 'BusyError';
  }
}

/** Collapses any text to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
