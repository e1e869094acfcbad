/**
 * npm run publish against a real Swift (scripts/test-cloud: keystoneauth,
 * staticweb) with a 1,000-image site, next to the swift CLI on the same
 * files: a first publish into an empty container vs `swift upload`, and an
 * unchanged republish vs `swift upload --changed --skip-identical`.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnv, ensureSnapshot } from './build.ts';
import { BENCH_DIR, dirSize, log, mb, measure, median, n, NODE, ROOT, sec, table } from './lib.ts';

export interface PublishFigures {
  images: number;
  files: number;
  bytes: number;
  firstMs: number[];
  unchangedMs: number[];
  cliFirstMs: number[];
  cliUnchangedMs: number[];
  uploadedOnRepublish: number;
}

async function projectIdOf(authUrl: string, admin: { username: string; password: string; projectName: string }): Promise<string> {
  const response = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: admin.username, domain: { name: 'Default' }, password: admin.password } } },
        scope: { project: { name: admin.projectName, domain: { name: 'Default' } } },
      },
    }),
  });
  const body = (await response.json()) as { token: { project: { id: string } } };
  return body.token.project.id;
}

export async function publishBench(images: number, runs: number): Promise<PublishFigures> {
  const state = join(BENCH_DIR, 'cloud-publish');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  log(`starting Keystone + Glance + Swift in ${state}`);
  const start = await measure('sh', [join(ROOT, 'scripts/test-cloud/start.sh'), '--state-dir', state]);
  if (start.code !== 0) throw new Error(`test cloud did not start:\n${start.stderr.slice(-3000)}`);
  try {
    const cloud = JSON.parse(readFileSync(join(state, 'cloud.json'), 'utf8')) as {
      authUrl: string;
      swiftEndpoint: string;
      admin: { username: string; password: string; projectName: string };
    };
    const project = await projectIdOf(cloud.authUrl, cloud.admin);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      OS_AUTH_URL: cloud.authUrl,
      OS_USERNAME: cloud.admin.username,
      OS_PASSWORD: cloud.admin.password,
      OS_PROJECT_NAME: cloud.admin.projectName,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_IDENTITY_API_VERSION: '3',
      OS_INTERFACE: 'public',
    };
    // One site per container address (the publish refuses a site built for another); the same files for the CLI.
    const site = join(BENCH_DIR, `publish-site-${images}`);
    rmSync(site, { recursive: true, force: true });
    const snapshot = await ensureSnapshot(images);
    const origin = new URL(cloud.swiftEndpoint).origin;
    log(`building ${n(images)} images for ${origin}/v1/AUTH_${project}/bench-ours/`);
    const built = await measure(NODE, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', site], {
      env: { ...buildEnv(snapshot), SITE_URL: origin, SITE_BASE: `/v1/AUTH_${project}/bench-ours/` },
    });
    if (built.code !== 0) throw new Error(`astro build failed:\n${built.stderr.slice(-3000)}`);
    const { files, bytes } = dirSize(site);

    const figures: PublishFigures = { images, files, bytes, firstMs: [], unchangedMs: [], cliFirstMs: [], cliUnchangedMs: [], uploadedOnRepublish: -1 };
    const ours = (extra: string[] = []) => measure(NODE, [join(ROOT, 'scripts/publish.ts'), '--container', 'bench-ours', '--dist', site, '--quiet', ...extra], { env });
    const cli = (container: string, extra: string[]) => measure('swift', ['upload', ...extra, container, '.'], { env, cwd: site });
    const empty = async (container: string) => {
      const deleted = await measure('swift', ['delete', container], { env });
      if (deleted.code !== 0 && !/not found/i.test(deleted.stderr)) throw new Error(`swift delete ${container} failed:\n${deleted.stderr}`);
    };
    for (let i = 0; i < runs; i++) {
      await empty('bench-ours');
      await empty('bench-cli');
      // Alternate, so a warm or busy moment favours neither.
      const first = await ours();
      if (first.code !== 0) throw new Error(`publish failed:\n${first.stderr}`);
      const cliFirst = await cli('bench-cli', []);
      if (cliFirst.code !== 0) throw new Error(`swift upload failed:\n${cliFirst.stderr.slice(-3000)}`);
      const again = await ours();
      if (again.code !== 0) throw new Error(`publish failed:\n${again.stderr}`);
      figures.uploadedOnRepublish = Number(/uploaded (\d+) files/.exec(again.stdout)?.[1] ?? -1);
      const cliAgain = await cli('bench-cli', ['--changed', '--skip-identical']);
      if (cliAgain.code !== 0) throw new Error(`swift upload --skip-identical failed:\n${cliAgain.stderr.slice(-3000)}`);
      figures.firstMs.push(first.ms);
      figures.cliFirstMs.push(cliFirst.ms);
      figures.unchangedMs.push(again.ms);
      figures.cliUnchangedMs.push(cliAgain.ms);
      log(`run ${i + 1}/${runs}: first ${sec(first.ms)} vs swift upload ${sec(cliFirst.ms)}; unchanged ${sec(again.ms)} vs --skip-identical ${sec(cliAgain.ms)}`);
    }
    return figures;
  } finally {
    log('stopping the test cloud');
    await measure('sh', [join(ROOT, 'scripts/test-cloud/stop.sh'), '--state-dir', state, '--purge']);
  }
}

export function publishReport(f: PublishFigures): string {
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  const all = (values: number[]) => values.map((ms) => sec(ms)).join(', ');
  return [
    table(
      ['Publish', `Median of ${f.firstMs.length} runs`, 'All runs', 'Ratio (ours ÷ CLI)'],
      [
        ['first: `npm run publish` into an empty container', sec(median(f.firstMs)), all(f.firstMs), `**${ratio(f.firstMs, f.cliFirstMs)}**`],
        ['first: `swift upload CONTAINER .`', sec(median(f.cliFirstMs)), all(f.cliFirstMs), ''],
        ['unchanged: `npm run publish` again', sec(median(f.unchangedMs)), all(f.unchangedMs), `**${ratio(f.unchangedMs, f.cliUnchangedMs)}**`],
        ['unchanged: `swift upload --changed --skip-identical CONTAINER .`', sec(median(f.cliUnchangedMs)), all(f.cliUnchangedMs), ''],
      ],
    ),
    '',
    `A site built from ${n(f.images)} generated images: ${n(f.files)} files, ${mb(f.bytes)}. The unchanged republish uploaded ${n(f.uploadedOnRepublish)} files. ` +
      'Loopback Swift 2.30 (one replica, keystoneauth, staticweb) from scripts/test-cloud; each command is a fresh process (Keystone login included). ' +
      '`npm run publish` (16 parallel uploads, from memory: each file is read once) also sets the staticweb metadata, Content-Type and Cache-Control per file, takes the container\'s lease, writes its manifest, orders pages by their links and reads the site back; `swift upload` (its default 10 object threads) ' +
      'guesses types from the extension and sets no Cache-Control. An unchanged publish compares MD5s with one paged listing; ' +
      '`--skip-identical` sends a HEAD per object. Aims: first publish at most 0.5× `swift upload`, unchanged publish under 0.5× the CLI.',
  ].join('\n');
}
