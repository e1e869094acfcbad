import type { PageMap } from '../lib/types.ts';

/** creating-images.mdx: the reader uploads a real (small) qcow2, downloaded from a local server. */
export default {
  downloads: ['https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img'],
  // "Supplying the data later": the reader has the file the glance client uploads.
  qcow2Files: ['my-image.qcow2'],
  placeholders: {
    // The queued image the page created just before.
    '<image id>': { run: 'openstack image list --name "My image" -c ID -f value' },
  },
  blocks: [
    {
      match: '--file cirros-0.6.2-x86_64-disk.img',
      expect: /\| id +\| [0-9a-f-]{36} /,
      check: { run: 'openstack image show "CirrOS 0.6.2" -c status -f value', expect: /^active$/m },
    },
    { match: 'qemu-img info', expect: /file format: qcow2/ },
    { match: 'jq \'{checksum', expect: /"os_hash_algo": "sha512"/ },
    // The record is queued until the data arrives, then active.
    {
      match: 'openstack image create --disk-format qcow2 --container-format bare "My image"',
      check: { run: 'openstack image show "My image" -c status -f value', expect: /^queued$/m },
    },
    { match: 'glance image-upload', check: { run: 'openstack image show "My image" -c status -f value', expect: /^active$/m } },
  ],
} satisfies PageMap;
