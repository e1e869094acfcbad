import type { Distribution } from '../../schemas/distributions.ts';
import { shellQuote } from './shell-quote.ts';
import { loginUserOf, type LoginUser } from './login.ts';

/** How to get into an instance of a distribution, in words a user can act on. */
export interface LoginNote {
  /**
   * `ssh` (key login), `windows` (RDP), `cirros` (test image), `console` (no fixed user), `unknown` (not listed),
   * `none` (the image says it has no login user: SCS-0102's `none`).
   */
  kind: 'ssh' | 'windows' | 'cirros' | 'console' | 'unknown' | 'none';
  /** The distribution's name, when listed. */
  distributionName: string | null;
  /** Account to log in with, or `null` when not known. */
  user: string | null;
  /** `ssh ubuntu@<ip>` for key logins with a known user; `null` otherwise. */
  sshCommand: string | null;
  /** Whether the user may run sudo without a password. */
  sudo: boolean;
  /** One sentence saying how to log in; may hold `code` spans. */
  summary: string;
  /** What else to know, from distributions.yaml; may hold `code` spans; may be empty. */
  detail: string;
}

/** The placeholder for an instance's address in copy-ready commands. */
export const IP_PLACEHOLDER = '<ip>';

/** What an image page, a row and a group note call an image whose metadata says it has no login user. */
export const NO_LOGIN_USER = 'No login user';

export const NO_LOGIN_SUMMARY =
  'No login user: the image says it has no account to log in with (its login user is `none`), so there is no SSH command. Read the image’s description for how to reach an instance of it.';

export const UNKNOWN_LOGIN_SUMMARY =
  'Login user not known: this distribution is not in the catalog’s list. Check the image’s properties or its documentation, or read the instance’s console log for the account cloud-init created.';

/**
 * The login note for a distribution from distributions.yaml (its group note),
 * or for one image of it when `login` (the image's `loginUserOf`, or just its
 * user) is given. An unlisted distribution gets "login user not known" rather
 * than a guess; an image with no login user (`none`) says so, with no command.
 */
export function loginNote(
  distribution: Distribution | undefined,
  login: LoginUser | string | null = loginUserOf({ defaultUser: null }, distribution),
): LoginNote {
  const user = typeof login === 'object' && login !== null ? login.user : login;
  if (typeof login === 'object' && login?.none) {
    return {
      kind: 'none',
      distributionName: distribution?.name ?? null,
      user: null,
      sshCommand: null,
      sudo: false,
      summary: NO_LOGIN_SUMMARY,
      detail: distribution?.note ?? '',
    };
  }
  if (!distribution) {
    const known = user;
    return {
      kind: known ? 'ssh' : 'unknown',
      distributionName: null,
      user: known,
      sshCommand: known ? `ssh ${shellQuote(known)}@${IP_PLACEHOLDER}` : null,
      sudo: false,
      summary: known
        ? `Log in as \`${known}\` with the SSH key pair you chose at launch (the image names this user; its distribution is not in the catalog’s list).`
        : UNKNOWN_LOGIN_SUMMARY,
      detail: '',
    };
  }
  const account = user;
  const base = { distributionName: distribution.name, user: account, sudo: distribution.sudo, detail: distribution.note };
  if (distribution.access === 'rdp' || distribution.id === 'windows') {
    return {
      ...base,
      kind: 'windows',
      sshCommand: null,
      summary: account
        ? `Connect with Remote Desktop (RDP) as \`${account}\`; there is no SSH login.`
        : 'Connect with Remote Desktop (RDP); there is no SSH login.',
    };
  }
  if (account === null || distribution.access === 'console') {
    return {
      ...base,
      kind: account === null ? 'unknown' : 'console',
      sshCommand: null,
      summary: account === null ? UNKNOWN_LOGIN_SUMMARY : `Log in as \`${account}\` on the instance’s console.`,
    };
  }
  const sudo = distribution.sudo ? ' It may use `sudo` without a password.' : '';
  return {
    ...base,
    kind: distribution.id === 'cirros' ? 'cirros' : 'ssh',
    sshCommand: `ssh ${shellQuote(account)}@${IP_PLACEHOLDER}`,
    summary:
      distribution.id === 'cirros'
        ? `Log in as \`${account}\`; CirrOS is a tiny test image, not for real work.${sudo}`
        : `Log in as \`${account}\`.${sudo}`,
  };
}

/** Splits text with `code` spans into pieces, so a page can render them as `<code>` text without HTML. */
export function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const pieces: { code: boolean; text: string }[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) pieces.push({ code: false, text: text.slice(last, match.index) });
    pieces.push({ code: true, text: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ code: false, text: text.slice(last) });
  return pieces;
}
