/**
 * Links from untrusted Glance text (SCS-0102's `image_source` and
 * `image_description`): a value becomes a link only when it is one plain
 * http(s) URL; anything else (`private`, prose, `javascript:…`, a URL with a
 * user name or password in it) stays text. Pages render links with
 * `rel="noopener nofollow"`: the catalog does not vouch for them. Pure.
 */

export interface WebLink {
  /** The URL as the browser will follow it (parsed and re-serialised). */
  href: string;
  /** The value as given, to show. */
  text: string;
}

/** The `rel` every link from image metadata carries. */
export const UNTRUSTED_LINK_REL = 'noopener nofollow';

/** Longest value made a link; longer ones are shown as text. */
const MAX_URL = 2048;

/** `value` as a link when it is one http(s) URL with a host and no credentials; else `null`. */
export function webLink(value: string | null | undefined): WebLink | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length > MAX_URL || !/^https?:\/\/[^\s/?#]+\S*$/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return { href: url.href, text };
}

/** SCS-0102's `image_source` value for an image that cannot be freely downloaded. */
export function isPrivateSource(value: string): boolean {
  return /^private$/i.test(value.trim());
}
