/** Who runs a block: the reader (their own project, `myproject`) or the collaborator they share with. */
export type PartyName = 'reader' | 'collaborator';

export interface DocsParty {
  projectId: string;
  projectName: string;
  username: string;
  userId: string;
  password: string;
}

/** What scripts/test-cloud/seed_docs.py wrote to DIR/docs/docs.json. */
export interface DocsCloud {
  authUrl: string;
  imageEndpoint: string;
  officialOwner: string;
  officialImages: { id: string; name: string; properties: Record<string, string> }[];
  snapshots: { id: string; name: string }[];
  /** The snapshot offered to the collaborator and left pending. */
  pendingForCollaborator: string;
  parties: Record<PartyName, DocsParty>;
  /** Each party's OS_* variables, as their openrc sets them (password included). */
  env: Record<PartyName, Record<string, string>>;
  files: { openrc: string; cloudsYaml: string };
}

/** A placeholder's value: fixed, read from the seeded cloud, or printed by a command run as the block's party just before it. */
export type PlaceholderValue = string | ((cloud: DocsCloud) => string) | { run: string };

/** Settings for the blocks whose text contains `match`. Every rule must match at least one block. */
export interface BlockRule {
  match: string;
  /** Run these blocks as this party. */
  as?: PartyName;
  /** Feed this to the block's standard input (e.g. the password an openrc asks for). */
  stdin?: (cloud: DocsCloud) => string;
  /** The block's standard output must match, e.g. the member list shows `accepted`. */
  expect?: RegExp;
  /** After the block, run this as the same party; its output must match `expect` (the block had the effect the page says). */
  check?: { run: string; expect: RegExp };
}

/** How to run one guide page; kept beside the test in tests/docs/pages/, never in the guide. */
export interface PageMap {
  /**
   * Whether the reader starts connected to their project (the openrc's variables
   * loaded), as a page that says "set the client up first" assumes. Default true.
   */
  connected?: boolean;
  /** `<image id>` and friends: filled in before a block runs. */
  placeholders?: Record<string, PlaceholderValue>;
  /** URLs the page downloads: served a small qcow2 (made with qemu-img) from a local HTTP server instead. */
  downloads?: string[];
  /** Files the reader already has in their working directory: a small qcow2 each. */
  qcow2Files?: string[];
  blocks?: BlockRule[];
}
