/**
 * The build's conformance report: every source's snapshot (src/lib/catalog/load.ts), each checked on its own,
 * read once. The one place the page and /catalog/conformance.json get it from.
 */
import { loadSources } from '../catalog/load.ts';
import { combineReports, conformanceOfSnapshot, type ConformanceReport } from './report.ts';

let reportPromise: Promise<ReturnType<typeof combineReports>> | undefined;

export function getConformance(): Promise<ConformanceReport & { sources?: { member: string; region: string | null }[] }> {
  reportPromise ??= loadSources().then((sources) =>
    combineReports(sources.map(({ member, snapshot }) => ({ member: member.key, region: snapshot.source.region, report: conformanceOfSnapshot(snapshot) }))),
  );
  return reportPromise;
}
