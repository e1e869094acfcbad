import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { STANDARD_IDS } from '../../src/lib/scs/standards.ts';

export interface ConformanceOptions {
  help: boolean;
  json: boolean;
  /** Standard versions that must hold (`--level`, repeatable); none: report only. */
  levels: string[];
  /** Snapshot path as given, or null for the build's (CATALOG_SNAPSHOT, else the committed one). */
  snapshot: string | null;
}

/** Exit codes of `npm run catalog:conformance`. */
export const CONFORMANCE_EXIT = { ok: 0, fails: 1, usage: 2, data: 5, unexpected: 10 } as const;

export const conformanceHelpText = `Usage: npm run catalog:conformance -- [options]
       node scripts/catalog-conformance.ts [options]

Print SCS's verdicts (SCS-0102 image metadata v1/v2, SCS-0104 standard
images) over the official images of the last fetched snapshot, as SCS's own
test suite gives them, as of the fetch: per standard version whether the
catalog conforms, each failing image once with every test case it fails (the
value found, and what would pass), and the SCS-0104 images missing. The same
verdicts as /catalog/conformance/ and /catalog/conformance.json. With several
sources (sources.json), each region is checked on its own and each image
says where it is listed.

Options:
      --level ID      a standard version that must hold; repeatable. One of:
                      ${STANDARD_IDS.join(', ')}
      --json          print the report as JSON (/catalog/conformance.json's shape)
      --snapshot FILE the snapshot to read (default $CATALOG_SNAPSHOT, else
                      content/catalog/snapshot.json; its sources.json when there is one)
  -h, --help          show this help

Exit codes:
  0   every --level holds (or none was asked for)
  1   a --level does not hold (the report says why)
  2   bad command line (an unknown --level or option)
  5   the snapshot (or sources.json) is missing or invalid: run npm run catalog:fetch
  10  unexpected error
`;

export function parseConformanceArgs(argv: string[]): ConformanceOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        json: { type: 'boolean', default: false },
        level: { type: 'string', multiple: true, default: [] },
        snapshot: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!, 'see npm run catalog:conformance -- --help');
  }
  const { help, json, level, snapshot } = parsed.values;
  for (const id of level) {
    if (!STANDARD_IDS.includes(id)) throw new UsageError(`unknown --level ${JSON.stringify(id)}`, `use one of ${STANDARD_IDS.join(', ')}`);
  }
  return { help, json, levels: level, snapshot: snapshot ?? null };
}
