/**
 * The secrets of this run (password, token, application-credential secret),
 * so that nothing printed or written can carry one. Everything that reaches
 * stdout, stderr or an error line passes through `redact`.
 */

const secrets = new Set<string>();

/** Remembers a secret; values shorter than 4 characters are not worth masking (they would mangle ordinary text). */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= 4) {
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
    secrets.add(JSON.stringify(value).slice(1, -1));
  }
}

/** Replaces every known secret in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** A URL fit to print: no user info, no query string, no fragment. */
export function safeUrl(url: URL | string): string {
  try {
    const copy = new URL(String(url));
    copy.username = '';
    copy.password = '';
    copy.search = '';
    copy.hash = '';
    return copy.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** `scheme://host[:port]` of a URL, for messages. */
export function originOf(url: URL | string): string {
  try {
    return new URL(String(url)).origin;
  } catch {
    return '(invalid URL)';
  }
}
