/**
 * Which SCS test cases make up which standard version, as SCS's
 * Tests/scs-compatible-iaas.yaml (SovereignCloudStack/standards) declares
 * them: `main` targets of `scs-0102-v1`, `scs-0102-v2`, `scs-0104-v1-1` and
 * `scs-0104-v1-2`, and the `recommended` targets of their `-rec` modules.
 * The one source of these lists. Data, no logic.
 */
export interface StandardVersion {
  id: string;
  name: string;
  /** `main` (required) or `recommended`. */
  target: 'main' | 'recommended';
  tests: readonly string[];
}

export const STANDARD_VERSIONS: readonly StandardVersion[] = [
  {
    id: 'scs-0102-v1',
    name: 'Image metadata v1',
    target: 'main',
    tests: [
      'scs-0102-prop-architecture', 'scs-0102-prop-min_disk', 'scs-0102-prop-min_ram', 'scs-0102-prop-os_version',
      'scs-0102-prop-os_distro', 'scs-0102-prop-hw_disk_bus', 'scs-0102-prop-image_build_date', 'scs-0102-prop-image_original_user',
      'scs-0102-prop-image_source', 'scs-0102-prop-image_description', 'scs-0102-prop-replace_frequency', 'scs-0102-prop-provided_until',
      'scs-0102-prop-uuid_validity', 'scs-0102-image-recency',
    ],
  },
  {
    id: 'scs-0102-v1-rec',
    name: 'Image metadata v1 (recommended)',
    target: 'recommended',
    tests: [
      'scs-0102-prop-hash_algo', 'scs-0102-prop-os_purpose', 'scs-0102-os_purpose-uniqueness', 'scs-0102-prop-hypervisor_type',
      'scs-0102-prop-hw_rng_model', 'scs-0102-prop-hotfix_hours',
    ],
  },
  {
    id: 'scs-0102-v2',
    name: 'Image metadata v2',
    target: 'main',
    tests: [
      'scs-0102-prop-architecture', 'scs-0102-prop-min_disk', 'scs-0102-prop-min_ram', 'scs-0102-prop-os_version',
      'scs-0102-prop-os_distro', 'scs-0102-prop-os_purpose', 'scs-0102-prop-hw_disk_bus', 'scs-0102-prop-image_build_date',
      'scs-0102-prop-image_original_user', 'scs-0102-prop-image_source', 'scs-0102-prop-image_description',
      'scs-0102-prop-replace_frequency', 'scs-0102-prop-provided_until', 'scs-0102-prop-uuid_validity', 'scs-0102-image-recency',
      'scs-0102-os_purpose-uniqueness',
    ],
  },
  {
    id: 'scs-0102-v2-rec',
    name: 'Image metadata v2 (recommended)',
    target: 'recommended',
    tests: ['scs-0102-prop-hash_algo', 'scs-0102-prop-hypervisor_type', 'scs-0102-prop-hw_rng_model', 'scs-0102-prop-hotfix_hours'],
  },
  {
    id: 'scs-0104-v1-1',
    name: 'Standard images v1 (scs-0104-v1-1)',
    target: 'main',
    tests: [
      'scs-0104-source-capi-1', 'scs-0104-source-ubuntu-2204', 'scs-0104-source-ubuntu-2004', 'scs-0104-source-debian-12',
      'scs-0104-source-debian-11', 'scs-0104-image-ubuntu-2204',
    ],
  },
  { id: 'scs-0104-v1-1-rec', name: 'Standard images v1 (scs-0104-v1-1, recommended)', target: 'recommended', tests: ['scs-0104-image-capi-1'] },
  {
    id: 'scs-0104-v1-2',
    name: 'Standard images v1 (scs-0104-v1-2)',
    target: 'main',
    tests: [
      'scs-0104-source-capi-1', 'scs-0104-source-capi-2', 'scs-0104-source-ubuntu-2404', 'scs-0104-source-ubuntu-2204',
      'scs-0104-source-ubuntu-2004', 'scs-0104-source-debian-13', 'scs-0104-source-debian-12', 'scs-0104-source-debian-11',
      'scs-0104-image-ubuntu-2404',
    ],
  },
  {
    id: 'scs-0104-v1-2-rec',
    name: 'Standard images v1 (scs-0104-v1-2, recommended)',
    target: 'recommended',
    tests: ['scs-0104-image-capi-2', 'scs-0104-image-debian-12'],
  },
];

/** The standard versions' ids, for `--level`. */
export const STANDARD_IDS: readonly string[] = STANDARD_VERSIONS.map((version) => version.id);
