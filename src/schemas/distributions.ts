import { z } from 'astro/zod';
import { flagRepeats } from './repeats.ts';

/**
 * One operating-system family the cloud publishes official images of, and how
 * to log in to an instance booted from one. `content/data/distributions.yaml`
 * holds the list; the guide's login table, the fetch script's login-user
 * defaults and the catalog's login notes all read it.
 */
export const distributionSchema = z
  .object({
    /** Short lowercase key, as Glance's `os_distro` property spells it. */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use a lowercase key such as "ubuntu"'),
    /** The name people know it by. */
    name: z.string().min(1),
    /** Other `os_distro` values that mean this distribution. */
    osDistro: z.array(z.string()).default([]),
    /** How the distribution is spelled in image names ("Scientific Linux"). */
    nameAliases: z.array(z.string()).min(1),
    /** The account to log in with; `null` where there is no fixed one. */
    loginUser: z.string().min(1).nullable(),
    /** How people reach an instance of it. */
    access: z.enum(['ssh', 'rdp', 'console']),
    /** Whether the login user may use sudo without a password. */
    sudo: z.boolean(),
    /** One or two sentences a user needs beyond the user name. */
    note: z.string().default(''),
  })
  .strict();

export const distributionsSchema = z
  .array(distributionSchema)
  .min(1)
  .superRefine((list, ctx) =>
    flagRepeats(ctx, list, (distro) => [distro.id, ...distro.osDistro], (key, index) => ({ path: [index, 'id'], message: `"${key}" names two distributions` })),
  );

export type Distribution = z.infer<typeof distributionSchema>;
