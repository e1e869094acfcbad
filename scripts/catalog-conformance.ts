/**
 * npm run catalog:conformance — SCS's verdicts over the last fetched snapshot,
 * for the CI of an image pipeline. See --help (exit codes there).
 */
import { resolve } from 'node:path';
import { CONFORMANCE_EXIT, conformanceHelpText, parseConformanceArgs } from './lib/conformance-args.ts';
import { CatalogError, oneLine } from './lib/errors.ts';
import { DataFileError } from '../src/lib/json-file.ts';
import { CloudConfigError } from '../src/lib/cloud-config.ts';
import { readSources, snapshotPath } from '../src/lib/catalog/load.ts';
import { combineReports, conformanceOfSnapshot } from '../src/lib/scs/report.ts';
import { reportText } from '../src/lib/scs/report-text.ts';

async function main(argv: string[]): Promise<number> {
  try {
    const options = parseConformanceArgs(argv);
    if (options.help) {
      process.stdout.write(conformanceHelpText);
      return CONFORMANCE_EXIT.ok;
    }
    const file = options.snapshot === null ? snapshotPath() : resolve(process.cwd(), options.snapshot);
    const sources = await readSources(file);
    const report = combineReports(
      sources.map(({ member, snapshot }) => ({ member: member.key, region: snapshot.source.region, report: conformanceOfSnapshot(snapshot) })),
    );
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report, options.levels));
    const unmet = options.levels.filter((level) => !report.standards[level]!.conforms);
    if (unmet.length > 0) {
      process.stderr.write(`catalog:conformance: ${unmet.join(', ')} not met\n`);
      return CONFORMANCE_EXIT.fails;
    }
    return CONFORMANCE_EXIT.ok;
  } catch (error) {
    if (error instanceof CatalogError && error.kind === 'usage') {
      process.stderr.write(`catalog:conformance: error: ${oneLine(error.message)}\n`);
      return CONFORMANCE_EXIT.usage;
    }
    if (error instanceof DataFileError || error instanceof CloudConfigError) {
      process.stderr.write(`catalog:conformance: error: ${oneLine(error.message)}\n`);
      return CONFORMANCE_EXIT.data;
    }
    process.stderr.write(`catalog:conformance: error: unexpected error (${oneLine(String(error))}); please report this\n`);
    return CONFORMANCE_EXIT.unexpected;
  }
}

process.exitCode = await main(process.argv.slice(2));
