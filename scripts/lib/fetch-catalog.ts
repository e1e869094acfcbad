/**
 * One catalog fetch, start to finish: the sources the configuration names (one cloud of one region, every
 * region of a cloud, every member cloud of a federation), each listed concurrently with a bound
 * (fetch-source.ts), and their snapshot and history writes. Nothing is written unless everything before the
 * write succeeded; a source that fails keeps its last good files (or, with --strict, fails the fetch).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { readDistributionsFileSync } from '../../src/lib/catalog/distributions-file.ts';
import type { Distribution } from '../../src/schemas/distributions.ts';
import { cloudConfig, type CloudConfig as SiteConfig } from '../../src/lib/cloud-config.ts';
import { sourceSnapshotPathFor } from '../../src/lib/catalog/source-paths.ts';
import type { FetchOptions } from './cli-args.ts';
import { ConfigError, UsageError, oneLine } from './errors.ts';
import { checkOwner, fetchSource, type SourceOutcome, type SourceRequest } from './fetch-source.ts';
import type { ConfigLocations } from './openstack/config.ts';
import { Logins, inSource, mapBounded, mayBeSeveral, planMembers, resolveMember, sourceLabel, type MemberPlan, type PlannedSource, type ResolveContext } from './fetch-plan.ts';
import { historyPathFor } from './history.ts';
import type { HttpClient } from './openstack/http.ts';
import { labelled, type Progress, type ProgressSink } from './progress.ts';
import { redact } from './redact.ts';
import { readPreviousOne, readPreviousSources, readSourcesIndex, repairSources, writeOneSource, writeSources, type PreviousFiles, type SourceWrite } from './source-files.ts';

export interface FetchRequest {
  options: FetchOptions;
  /** Absolute snapshot path. */
  out: string;
  /** Absolute path of content/data/distributions.yaml. */
  distributionsFile: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  now?: () => Date;
  /** The site's configuration (default: cloud.config.yaml's, or CATALOG_CONFIG's). */
  site?: Pick<SiteConfig, 'members' | 'federation'>;
  /** Where clouds.yaml is looked for (tests). */
  where?: Partial<ConfigLocations>;
}

/** One source's part of a fetch of several. */
export interface SourceResult {
  member: string;
  region: string | null;
  label: string;
  /** false: this fetch failed for the source, which keeps its last good data (`error` says why). */
  ok: boolean;
  error: string | null;
  /** When the data the pages show was fetched (its last good fetch when this one failed). */
  fetchedAt: string | null;
  out: string;
  images: number;
  archived: number;
  added: number;
  movedToArchive: number;
  removed: number;
  updated: number;
  changed: boolean;
  imageEndpoint: string | null;
  owner: string;
  pages: number;
}

export interface FetchResult {
  /** The snapshot written, or for several sources the index (sources.json). */
  out: string;
  historyPath: string;
  images: number;
  /** Archived builds written: the archive project's (0 with --no-archive) and, with --hidden-builds, the hidden ones. */
  archived: number;
  /** Of those, the official project's hidden images (0 without --hidden-builds). */
  hiddenBuilds: number;
  /** The archive project listed, or null with --no-archive. */
  archiveOwner: string | null;
  added: number;
  /** Current builds this fetch found moved to the archive (recorded as "archived", not removed). */
  movedToArchive: number;
  removed: number;
  updated: number;
  /** Whether the images changed (a history entry was recorded). */
  changed: boolean;
  /** Images whose own login user (e.g. `image_original_user`) is not an account name (shown as "login user not known"), by id. */
  badLoginUsers: string[];
  fetchedAt: string;
  imageEndpoint: string;
  region: string | null;
  owner: string;
  pages: number;
  /** Each source, for a catalog of several; absent for one. */
  sources?: SourceResult[];
}

/**
 * `--out` must name a file whose nearest existing ancestor is a directory:
 * checked before any network traffic, so "a path under a regular file" is one
 * clear line rather than an EEXIST from mkdir after the whole listing.
 */
export function checkOutPath(out: string): void {
  try {
    if (statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a directory`, 'give --out a file path, e.g. content/catalog/snapshot.json');
    return;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  for (let dir = dirname(out); ; dir = dirname(dir)) {
    let isDir: boolean | null = null;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = null;
    }
    if (isDir === true) return;
    if (isDir === false) {
      throw new UsageError(`--out ${out} is under ${dir}, which is a file, not a directory`, 'give --out a path in a directory');
    }
    if (dirname(dir) === dir) return;
  }
}

/** Whether an error is the configuration's (wrong names, credentials, options): it fails the fetch, whatever the mode. */
function isConfigurationError(error: unknown): boolean {
  return error instanceof UsageError || error instanceof ConfigError;
}

export async function fetchCatalog(request: FetchRequest): Promise<FetchResult> {
  const { options, progress, env } = request;
  checkOutPath(request.out);
  const site = request.site ?? cloudConfig(env);
  const plans = planMembers(site, options, env, request.where);
  const distributions = readDistributionsFileSync(request.distributionsFile);
  const fetchedAt = (request.now?.() ?? new Date()).toISOString();

  // A kill during the last write left a journal: finish that write first, so its change is recorded.
  for (const file of await repairSources(request.out)) {
    progress.warn(`finished an interrupted write of ${file} and its history (a journal was left beside it)`);
  }
  const several = mayBeSeveral(plans);
  const logins = new Logins();
  const clients: HttpClient[] = [];
  const context = {
    federation: site.federation,
    several,
    options,
    logins,
    where: request.where,
    clients,
    onStep: (message: string) => progress.step(message),
    onNotice: (label: string, message: string) => progress.notice(label ? `${label}: ${message}` : message),
    onWarn: (message: string) => progress.warn(message),
  };
  try {
    if (!several) return await fetchOne(request, plans[0]!, context, distributions, fetchedAt);
    return await fetchSeveral(request, site, plans, context, distributions, fetchedAt);
  } finally {
    for (const http of clients) http.close();
  }
}

/** One cloud of one region: today's fetch, today's files and result. */
async function fetchOne(request: FetchRequest, plan: MemberPlan, context: ResolveContext, distributions: readonly Distribution[], fetchedAt: string): Promise<FetchResult> {
  const { options, progress } = request;
  // The owner guard needs no traffic: a wrong --owner is refused before logging in.
  const early = await readPreviousOne(request.out, { member: plan.member.key, region: plan.config.regionName });
  if (early.warning) progress.warn(early.warning);
  checkOwner(early.snapshot, plan.images.owner, options.ownerChange);
  const [source] = await resolveMember(plan, context);
  const planned = source!;
  const previous = planned.region === plan.config.regionName ? early : await readPreviousOne(request.out, { member: plan.member.key, region: planned.region });
  const outcome = await fetchSource(sourceRequest(planned, request, previous, distributions, fetchedAt, progress));
  await writeOneSource(request.out, outcome.snapshot, outcome.history);
  return {
    out: request.out,
    historyPath: historyPathFor(request.out),
    images: outcome.images,
    archived: outcome.archived,
    hiddenBuilds: outcome.hiddenBuilds,
    archiveOwner: planned.images.archiveOwner,
    added: outcome.added,
    movedToArchive: outcome.movedToArchive,
    removed: outcome.removed,
    updated: outcome.updated,
    changed: outcome.changed,
    badLoginUsers: outcome.badLoginUsers,
    fetchedAt,
    imageEndpoint: outcome.imageEndpoint,
    region: planned.region,
    owner: planned.images.owner,
    pages: outcome.pages,
  };
}

function sourceRequest(
  source: PlannedSource,
  request: FetchRequest,
  previous: PreviousFiles,
  distributions: readonly Distribution[],
  fetchedAt: string,
  progress: ProgressSink,
): SourceRequest {
  const { options } = request;
  return {
    http: source.http,
    endpoint: source.endpoint,
    region: source.region,
    auth: source.auth,
    images: source.images,
    limits: { allowEmpty: options.allowEmpty, ownerChange: options.ownerChange, allowShrink: options.allowShrink, pageSize: options.pageSize, maxPages: options.maxPages },
    distributions,
    previous,
    fetchedAt,
    progress,
  };
}

/** A source that failed, in one line (redacted), as sources.json and the pages keep it. */
function failureLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(oneLine(text)).slice(0, 500);
}

/**
 * Several sources: each member's login and regions, then every source listed concurrently (at most
 * `options.concurrency` at once), then one write of every source's files and the index.
 */
async function fetchSeveral(
  request: FetchRequest,
  site: Pick<SiteConfig, 'members' | 'federation'>,
  plans: MemberPlan[],
  context: ResolveContext,
  distributions: readonly Distribution[],
  fetchedAt: string,
): Promise<FetchResult> {
  const { options, progress } = request;
  const oldIndex = await readSourcesIndex(request.out);
  // Members log in side by side too; a member that cannot be reached keeps the sources it had.
  const resolved = await mapBounded(plans, options.concurrency, (plan) => resolveMember(plan, context));
  interface Slot {
    key: { member: string; region: string | null };
    label: string;
    owner: string;
    planned: PlannedSource | null;
    error: unknown;
  }
  const slots: Slot[] = [];
  resolved.forEach((result, position) => {
    const plan = plans[position]!;
    if (result.status === 'fulfilled') {
      for (const planned of result.value) slots.push({ key: { member: plan.member.key, region: planned.region }, label: planned.label, owner: planned.images.owner, planned, error: null });
      return;
    }
    if (isConfigurationError(result.reason) || options.strict) throw result.reason;
    const known = (oldIndex?.sources ?? []).filter((entry) => entry.member === plan.member.key);
    if (known.length === 0) throw result.reason;
    for (const entry of known) {
      slots.push({ key: { member: entry.member, region: entry.region }, label: sourceLabel(plan.member, entry.region, site.federation), owner: plan.images.owner, planned: null, error: result.reason });
    }
  });
  const previous = await readPreviousSources(request.out, slots.map((slot) => slot.key));
  previous.forEach((files, position) => {
    if (files.warning) progress.warn(`${slots[position]!.label}: ${files.warning}`);
    const slot = slots[position]!;
    if (slot.planned) {
      try {
        checkOwner(files.snapshot, slot.owner, options.ownerChange);
      } catch (error) {
        throw inSource(slot.label, error);
      }
    }
  });
  const outcomes = await mapBounded(slots, options.concurrency, async (slot, position): Promise<SourceOutcome> => {
    if (!slot.planned) throw slot.error;
    try {
      return await fetchSource(sourceRequest(slot.planned, request, previous[position]!, distributions, fetchedAt, labelled(progress, slot.label)));
    } catch (error) {
      throw inSource(slot.label, error);
    }
  });

  const failures = outcomes.flatMap((outcome, position) => (outcome.status === 'rejected' ? [{ position, error: outcome.reason as unknown }] : []));
  if (failures.length > 0) {
    if (options.strict) throw failures[0]!.error;
    if (failures.length === slots.length) throw failures[0]!.error;
    for (const { position, error } of failures) {
      if (!previous[position]!.snapshot) throw error;
    }
  }

  const writes: SourceWrite[] = [];
  const results: SourceResult[] = [];
  slots.forEach((slot, position) => {
    const outcome = outcomes[position]!;
    const files = previous[position]!;
    const out = sourceSnapshotPathFor(request.out, slot.key);
    if (outcome.status === 'fulfilled') {
      const value = outcome.value;
      // A history carried over from the one snapshot of before is written to the source's folder even when nothing changed.
      const history = value.history ?? (!existsSync(historyPathFor(out)) && files.history.entries.length > 0 ? files.history : null);
      writes.push({ key: slot.key, files: { snapshot: value.snapshot, history }, lastFailure: null });
      results.push({ member: slot.key.member, region: slot.key.region, label: slot.label, ok: true, error: null, fetchedAt, out, images: value.images, archived: value.archived, added: value.added, movedToArchive: value.movedToArchive, removed: value.removed, updated: value.updated, changed: value.changed, imageEndpoint: value.imageEndpoint, owner: slot.owner, pages: value.pages });
      return;
    }
    const error = failureLine(outcome.reason);
    const last = files.snapshot!;
    progress.warn(`${error}; its pages keep its last good data, fetched ${last.fetchedAt} (--strict makes this an error)`);
    // Carried over from the one snapshot of before: its files move to the source's folder.
    const carried = !existsSync(out);
    writes.push({ key: slot.key, files: carried ? { snapshot: last, history: files.history } : null, lastFailure: { at: fetchedAt, error } });
    results.push({ member: slot.key.member, region: slot.key.region, label: slot.label, ok: false, error, fetchedAt: last.fetchedAt, out, images: last.images.length, archived: last.archived.length, added: 0, movedToArchive: 0, removed: 0, updated: 0, changed: false, imageEndpoint: last.source.imageEndpoint, owner: slot.owner, pages: 0 });
  });
  const indexFile = await writeSources(request.out, writes);
  const fresh = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const sum = (pick: (result: SourceResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const first = results[0]!;
  return {
    out: indexFile,
    historyPath: historyPathFor(first.out),
    images: sum((result) => result.images),
    archived: sum((result) => result.archived),
    hiddenBuilds: fresh.reduce((total, outcome) => total + outcome.hiddenBuilds, 0),
    archiveOwner: site.federation ? null : (plans[0]!.images.archiveOwner ?? null),
    added: sum((result) => result.added),
    movedToArchive: sum((result) => result.movedToArchive),
    removed: sum((result) => result.removed),
    updated: sum((result) => result.updated),
    changed: results.some((result) => result.changed),
    badLoginUsers: fresh.flatMap((outcome) => outcome.badLoginUsers),
    fetchedAt,
    imageEndpoint: first.imageEndpoint ?? '',
    region: first.region,
    owner: first.owner,
    pages: sum((result) => result.pages),
    sources: results,
  };
}
