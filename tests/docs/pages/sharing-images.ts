import type { PageMap } from '../lib/types.ts';

/**
 * sharing-images.mdx, run by two parties: the reader owns the example snapshots
 * (8c43f74e-…, seeded with the guide's ids) and offers one to the collaborator's
 * project; the collaborator accepts it and lists what is pending; then the reader's
 * member list must show the membership `accepted`.
 */
export default {
  placeholders: {
    '<their project id>': (cloud) => cloud.parties.collaborator.projectId,
    '<image id>': (cloud) => cloud.snapshots[0]!.id,
  },
  blocks: [
    { match: 'openstack image show 8c43f74e-caf3-405c-aaae-efb14603947a -c visibility', expect: /\bprivate\b/ },
    { match: 'openstack image set --accept', as: 'collaborator' },
    // seed_docs.py leaves the second example snapshot offered to the collaborator, unanswered.
    { match: 'openstack image list --shared --member-status pending', as: 'collaborator', expect: /936ccc3f-6bdf-fd28-98e9-78d00618c13f/ },
    { match: 'openstack image member list', expect: /\baccepted\b/ },
    { match: 'glance member-update', as: 'collaborator', expect: /\baccepted\b/ },
  ],
} satisfies PageMap;
