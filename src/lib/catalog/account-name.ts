/**
 * Whether a login user from Glance (a cloud's `default_user`, SCS-0102's
 * `image_original_user`) may be shown and put in
 * an `ssh` command: a POSIX-style account name (what `useradd` accepts by
 * default: a letter or underscore, then letters, digits, `_`, `.` or `-`, at
 * most 32 characters; never a leading `-`, which ssh would read as an
 * option; no trailing `$`, a machine account), or a login user the distributions file names
 * (e.g. Windows' `Administrator`). Anything else (`ubuntu$(id)`, a control
 * character, a space) is shown as "login user not known" with a fetch warning.
 */

/** POSIX portable user name, as useradd's default NAME_REGEX (without the trailing `$`). */
const ACCOUNT_NAME = /^[a-z_][a-z0-9_.-]{0,31}$/i;

export function isAccountName(value: string, distributions: ReadonlyArray<{ loginUser: string | null }>): boolean {
  if (ACCOUNT_NAME.test(value)) return true;
  return distributions.some((distro) => distro.loginUser !== null && distro.loginUser === value);
}
