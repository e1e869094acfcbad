/**
 * The one rule for an image's login user, decided at build time: the image's
 * own `default_user` property (Glance's, kept as `defaultUser` in the
 * snapshot), else its distribution's `loginUser` from
 * `content/data/distributions.yaml`, else unknown (`null`). An own value that
 * is not an account name (`isAccountName`: `ubuntu$(id)`, a space) is never
 * used: the user shows as unknown (the fetch warned). Rows, group notes,
 * image pages, `/catalog.json` and `/catalog/index.json` all show this value.
 */
import type { Distribution } from '../../schemas/distributions.ts';
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { isAccountName } from './account-name.ts';

export interface LoginUser {
  /** The account to log in with, or `null` when not known. */
  user: string | null;
  /**
   * The image names a different account from its distribution's (the group
   * note): Fedora images before 24 used `ec2-user`, not `fedora`.
   */
  differsFromGroup: boolean;
}

/** The login user of `image`, given its listed distribution (or none). Pure. */
export function loginUserOf(
  image: Pick<CatalogImage, 'defaultUser'>,
  distribution: Pick<Distribution, 'loginUser'> | undefined,
): LoginUser {
  const given = image.defaultUser?.trim() || null;
  const groupUser = distribution?.loginUser ?? null;
  if (given !== null && !isAccountName(given, distribution ? [distribution] : [])) {
    return { user: null, differsFromGroup: distribution !== undefined && groupUser !== null };
  }
  const user = given ?? groupUser;
  return { user, differsFromGroup: distribution !== undefined && user !== groupUser };
}
