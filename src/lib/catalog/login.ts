/**
 * The one rule for an image's login user, decided at build time: the image's
 * own login user (the cloud's login-user properties, then SCS-0102's
 * `image_original_user`, else the snapshot's `defaultUser`, which the fetch
 * read by the same rule), else its distribution's `loginUser` from
 * `content/data/distributions.yaml`, else unknown (`null`). The value `none`
 * (SCS-0102) means the image has no login user: a state of its own, shown as
 * "No login user" and never as an ssh command. An own value that is not an
 * account name (`isAccountName`: `ubuntu$(id)`, a space) is never used: the
 * user shows as unknown (the fetch warned). Rows, group notes, image pages,
 * `/catalog.json` and `/catalog/index.json` all show this value.
 */
import type { Distribution } from '../../schemas/distributions.ts';
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { isAccountName } from './account-name.ts';
import { SCS_PROPERTIES, STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { firstProperty } from './read-properties.ts';

export type LoginUser =
  | {
      /** The account to log in with, or `null` when not known. */
      user: string | null;
      /**
       * The image names a different account from its distribution's (the group
       * note): Fedora images before 24 used `ec2-user`, not `fedora`.
       */
      differsFromGroup: boolean;
      none?: undefined;
    }
  | {
      /** The image says it has no login user (`none`): nothing to log in as, no ssh command. */
      none: true;
      user: null;
      differsFromGroup: boolean;
    };

/** The value SCS-0102 gives `image_original_user` when an image has no login user (any case). */
export function meansNoLoginUser(value: string): boolean {
  return /^none$/i.test(value.trim());
}

/** The image's own login user as given, or `null`: the cloud's properties, then `image_original_user`, then the snapshot's `defaultUser`. */
export function ownLoginUser(
  image: Pick<CatalogImage, 'defaultUser'> & Partial<Pick<CatalogImage, 'properties'>>,
  conventions: Pick<ImageConventions, 'loginUserProperties'> = STANDARD_CONVENTIONS,
): string | null {
  const fromProperties = image.properties ? firstProperty(image.properties, [...conventions.loginUserProperties, SCS_PROPERTIES.loginUser]) : null;
  return fromProperties ?? (image.defaultUser?.trim() || null);
}

/** The login user of `image`, given its listed distribution (or none). Pure. */
export function loginUserOf(
  image: Pick<CatalogImage, 'defaultUser'> & Partial<Pick<CatalogImage, 'properties'>>,
  distribution: Pick<Distribution, 'loginUser'> | undefined,
  conventions: Pick<ImageConventions, 'loginUserProperties'> = STANDARD_CONVENTIONS,
): LoginUser {
  const given = ownLoginUser(image, conventions);
  const groupUser = distribution?.loginUser ?? null;
  if (given !== null && meansNoLoginUser(given)) {
    return { none: true, user: null, differsFromGroup: distribution !== undefined && groupUser !== null };
  }
  if (given !== null && !isAccountName(given, distribution ? [distribution] : [])) {
    return { user: null, differsFromGroup: distribution !== undefined && groupUser !== null };
  }
  const user = given ?? groupUser;
  return { user, differsFromGroup: distribution !== undefined && user !== groupUser };
}
