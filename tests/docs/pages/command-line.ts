import type { PageMap } from '../lib/types.ts';

/** command-line.mdx: the reader starts unconnected; the page's own blocks load the openrc and clouds.yaml. */
export default {
  connected: false,
  placeholders: {
    '<image name>': 'NeCTAR Ubuntu 14.04 (Trusty) amd64',
    '<image id>': (cloud) => cloud.officialImages.find((image) => image.name === 'NeCTAR Ubuntu 14.04 (Trusty) amd64')!.id,
  },
  blocks: [
    // The dashboard's openrc asks for the password; the reader types it.
    { match: 'source ./myproject-openrc.sh', stdin: (cloud) => `${cloud.parties.reader.password}\n` },
    // The example output's image is one of the seeded official ones.
    { match: 'openstack image list --name', expect: /^[0-9a-f-]{36}\n$/ },
    // Today's ID of a line, from the catalog site's stable address (a local build of this site).
    { match: '/catalog/latest/ubuntu-24-04-lts-noble-amd64.json | jq -r .id', expect: /^[0-9a-f-]{36}\n$/ },
  ],
} satisfies PageMap;
