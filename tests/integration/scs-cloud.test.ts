/**
 * The proof that the catalog is a generator (issue 15): a second cloud, one that
 * follows SCS-0102 (Sovereign Cloud Stack image metadata) and has no Nectar
 * property at all, seeded beside the Nectar one by scripts/test-cloud/seed_scs.py.
 * From its own config file (tests/fixtures/scs/cloud.config.yaml, through
 * CATALOG_CONFIG) and a reader's credentials alone, no --owner flag, the catalog
 * is fetched and built; the built site is read as files, then in Chromium.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { parseDocument } from 'yaml';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from '../e2e/support/browser.ts';
import { serveStatic } from '../e2e/support/static-server.ts';
import { allFiles, readableText, visibleText } from './support/built-site.ts';
import { cleanEnv, explain, readJson, removeTempDirs, root, run, tempDir, type RunResult } from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');

if (!testCloud) {
  describe('a second cloud that follows SCS-0102', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

/** What seed_scs.py wrote to scs/scs.json (the parts read here). */
interface ScsCurrent {
  id: string;
  name: string;
  line: string;
  architecture: string;
  minDisk: number;
  minRam: number;
  properties: Record<string, string>;
  /** The login user a reader must be shown; null: the image has none (image_original_user `none`). */
  loginUser: string | null;
}
interface ScsHidden {
  id: string;
  name: string;
  line: string;
  successor: string;
  architecture: string;
  rename: 'suffix' | 'parenthesised' | 'image_name';
  idMayNoLongerWork: boolean;
  properties: Record<string, string>;
}
interface ScsTrap {
  id: string;
  name: string;
  kind: string;
  owner: string;
  marker: string;
}
interface ScsSeed {
  owner: { id: string; name: string };
  users: Record<'publisher' | 'reader', { username: string; password: string }>;
  images: { current: ScsCurrent[]; hidden: ScsHidden[]; traps: ScsTrap[] };
  files: { env: { reader: Record<string, string> } };
}

const SITE_TITLE = 'Example Cloud Images';
const CLOUD_NAME = 'Example Research Cloud';
const SITE_URL = 'https://images.example.org';
const DASHBOARD = 'https://dashboard.example.org';
const node = join(root, 'node_modules/.bin/node');

/** The text around each match, so a failure says where. */
function around(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(new RegExp(pattern.source, 'gi'))].slice(0, 3).map((m) => text.slice(Math.max(0, m.index - 80), m.index + 80));
}

const date = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
};
/** `8 GB`, `8 GiB`; for RAM also `4 GB` for 4096 MB. */
const diskPattern = (gib: number) => new RegExp(`\\b${gib}\\s*Gi?B\\b`);
const ramPattern = (mib: number) =>
  new RegExp(`\\b(${mib.toLocaleString('en').replace(',', ',?')}\\s*Mi?B${mib % 1024 === 0 ? `|${mib / 1024}\\s*Gi?B` : ''})\\b`);

describe.skipIf(!testCloud)('a second cloud that follows SCS-0102, from its own config file alone', () => {
  let scs: ScsSeed;
  let configPath: string;
  let snapshotPath: string;
  let dist: string;
  let fetched: RunResult;
  let built: RunResult;
  let snapshot: { source: { owner: string }; images: { id: string }[]; archived?: { id: string }[] };
  /** Every built file's readable text. */
  let files: Map<string, string>;
  /** The page (index.html path) of each image id, from the id the page gives in its details. */
  const pages = new Map<string, string>();
  const html = (id: string): string => {
    const page = pages.get(id);
    if (!page) throw new Error(`no page in dist/ for image ${id}`);
    return files.get(page)!;
  };
  const textOf = (id: string) => visibleText(html(id));
  const current = (line: string) => scs.images.current.find((image) => image.line === line)!;
  const pathOf = (id: string) => {
    const page = pages.get(id);
    if (!page) throw new Error(`no page in dist/ for image ${id}`);
    return `/${page.slice(dist.length + 1).replace(/index\.html$/, '')}`;
  };

  beforeAll(async () => {
    scs = readJson<ScsSeed>(testCloud!.scsJson);
    // The config file as a cloud's operator would write it, with the seeded owner's (random) id.
    const configDir = tempDir('scs-config-');
    cpSync(join(root, 'tests/fixtures/scs'), configDir, { recursive: true });
    configPath = join(configDir, 'cloud.config.yaml');
    const config = parseDocument(readFileSync(configPath, 'utf8'));
    config.setIn(['images', 'owner'], scs.owner.id);
    writeFileSync(configPath, config.toString());

    const work = tempDir('scs-site-');
    snapshotPath = join(work, 'snapshot.json');
    // `npm run catalog:fetch -- --out …` with the reader's openrc variables and CATALOG_CONFIG: no --owner.
    fetched = await run(node, ['scripts/catalog-fetch.ts', '--out', snapshotPath, '--json'], cleanEnv({ ...scs.files.env.reader, CATALOG_CONFIG: configPath }));
    if (fetched.code !== 0) return;
    snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8'));

    dist = join(work, 'dist');
    built = await run(
      node,
      [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist],
      { ...cleanEnv({}), NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshotPath, CATALOG_CONFIG: configPath, SITE_URL },
      600_000,
    );
    if (built.code !== 0) return;
    files = new Map(allFiles(dist).flatMap((file) => {
      const text = readableText(file);
      return text === null ? [] : [[file, text] as const];
    }));
    for (const [file, text] of files) {
      if (!file.endsWith('.html')) continue;
      const id = /data-pagefind-meta="image_id"[^>]*>([^<]+)</.exec(text)?.[1];
      if (id) pages.set(id, file);
    }
  });

  afterAll(() => {
    if (process.env.TEST_CLOUD_KEEP !== '1') removeTempDirs();
  });

  describe('fetch and build', () => {
    it('fetches with the reader’s credentials and CATALOG_CONFIG alone: the current images, and the hidden earlier builds as archived', () => {
      expect(fetched.code, explain(fetched)).toBe(0);
      expect(snapshot.source.owner).toBe(scs.owner.id);
      expect(snapshot.images.map((image) => image.id).sort()).toEqual(scs.images.current.map((image) => image.id).sort());
      expect((snapshot.archived ?? []).map((image) => image.id).sort()).toEqual(scs.images.hidden.map((image) => image.id).sort());
      const text = readFileSync(snapshotPath, 'utf8');
      for (const trap of scs.images.traps) expect(text.includes(trap.id) || text.includes(trap.marker), `${trap.kind} in the snapshot`).toBe(false);
    });

    it('leaves the hidden builds out when the same config says hidden_builds: false (fail closed)', async () => {
      const strictConfig = join(configPath, '..', 'no-hidden.config.yaml');
      const config = parseDocument(readFileSync(configPath, 'utf8'));
      config.setIn(['images', 'hidden_builds'], false);
      writeFileSync(strictConfig, config.toString());
      const out = join(tempDir('scs-no-hidden-'), 'snapshot.json');
      const strict = await run(node, ['scripts/catalog-fetch.ts', '--out', out, '--json'], cleanEnv({ ...scs.files.env.reader, CATALOG_CONFIG: strictConfig }));
      expect(strict.code, explain(strict)).toBe(0);
      const text = readFileSync(out, 'utf8');
      const parsed = JSON.parse(text) as { images: { id: string }[]; archived?: { id: string }[] };
      expect(parsed.images.map((image) => image.id).sort()).toEqual(scs.images.current.map((image) => image.id).sort());
      expect(parsed.archived ?? []).toEqual([]);
      for (const image of [...scs.images.hidden, ...scs.images.traps]) expect(text, image.name).not.toContain(image.id);
    });

    it('builds the site from that snapshot and config', () => {
      expect(fetched.code, explain(fetched)).toBe(0);
      expect(built.code, explain(built)).toBe(0);
      for (const image of [...scs.images.current, ...scs.images.hidden]) expect(pages.has(image.id), `a page for ${image.name} ${image.architecture}`).toBe(true);
    });
  });

  describe('the built site (dist/)', () => {
    /** Every problem found, each saying what the page showed: one failing test lists them all. */
    let problems: string[];
    const check = (ok: boolean, problem: string) => {
      if (!ok) problems.push(problem);
    };
    /** `text` contains `needle`; else the problem quotes what the text has around `near`. */
    const shows = (text: string, needle: string | RegExp, label: string, near?: RegExp) => {
      const ok = typeof needle === 'string' ? text.includes(needle) : needle.test(text);
      const context = near ? around(text, near).join(' … ') : '';
      check(ok, `${label}: no ${String(needle)}${context ? ` (the page has: “${context}”)` : ''}`);
    };
    const showsNot = (text: string, needle: string | RegExp, label: string) => {
      const pattern = typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : needle;
      check(!pattern.test(text), `${label}: shows ${String(needle)}: “${around(text, pattern).join(' … ')}”`);
    };
    const titleOf = (page: string) => /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? '';
    const descriptionOf = (page: string) => /<meta name="description" content="([^"]*)"/.exec(page)?.[1] ?? '';

    beforeAll(() => {
      // Nothing to read when the fetch or build failed (the tests above say why).
      expect(built?.code, 'the site was not built').toBe(0);
    });
    beforeEach(() => {
      problems = [];
    });

    it('names that cloud in its titles, feed and JSON, and links its dashboard', () => {
      const home = files.get(join(dist, 'index.html'))!;
      const catalog = files.get(join(dist, 'catalog/index.html'))!;
      const page = html(current('ubuntu-24.04-x86_64').id);
      for (const [label, text] of [['/ <title>', titleOf(home)], ['/catalog/ <title>', titleOf(catalog)], ['image page <title>', titleOf(page)]] as const) {
        shows(text, SITE_TITLE, `${label} “${text}”`);
      }
      for (const [label, text] of [['/catalog/ description', descriptionOf(catalog)], ['image page description', descriptionOf(page)]] as const) {
        shows(text, CLOUD_NAME, `${label} “${text}”`);
      }
      const feed = files.get(join(dist, 'catalog/feed.xml'))!;
      shows(titleOf(feed), /Example/, `feed <title> “${titleOf(feed)}”`);
      shows(feed, SITE_TITLE, 'feed.xml', /<author>.{0,80}/);
      for (const image of scs.images.current) {
        const link = `href="${DASHBOARD}/project/images/${image.id}/"`;
        check(html(image.id).includes(link), `${image.name} ${image.architecture}: no link to ${DASHBOARD}/project/images/${image.id}/`);
      }
      const json = files.get(join(dist, 'catalog.json'))!;
      shows(json, new RegExp(`${CLOUD_NAME}|${SITE_TITLE}`), `catalog.json “${json.slice(0, 300).replace(/\s+/g, ' ')}…”`);
      expect(problems).toEqual([]);
    });

    /** The catalog's own files: dist/catalog/**, /catalog.json, and the search fragments of catalog pages. */
    const isCatalogFile = (file: string, text: string) => {
      const relative = file.slice(dist.length + 1);
      if (relative.startsWith('catalog/') || relative === 'catalog.json') return true;
      return relative.endsWith('.pf_fragment') && /"url":"\/catalog\//.test(text);
    };
    const sayingNectar = (which: (file: string, text: string) => boolean) =>
      [...files].flatMap(([file, text]) => (which(file, text) && /nectar/i.test(text) ? [`${file.slice(dist.length + 1)}: “${around(text, /nectar/).join(' … ')}”`] : []));

    it('never says Nectar in the catalog: its pages, feed, JSON and their search entries', () => {
      expect(sayingNectar(isCatalogFile)).toEqual([]);
      // The search entries of the image pages are among them.
      const fragments = [...files].filter(([file, text]) => file.endsWith('.pf_fragment') && isCatalogFile(file, text));
      expect(fragments.length).toBeGreaterThanOrEqual(scs.images.current.length + scs.images.hidden.length);
    });

    /**
     * What the committed guide (content/docs, Nectar's own pages, which a cloud replaces with its guide) may
     * still say of Nectar: the old article's addresses that support staff link to (`/categories/#nectar`),
     * the project that builds Nectar's images (a place to learn from), and an example listing of its images.
     * Everything that names the cloud in a sentence comes from cloud.config.yaml.
     */
    const NECTAR_GUIDE_CONTENT = [/#nectar\b/g, /\bid="nectar"/g, /"id":"nectar"/g, /"nectar":/g, /NeCTAR-RC\/nectar-images/g, /nectar-images project/g, /NeCTAR (?:CentOS|Debian|Fedora|Ubuntu)\b/g];
    const withoutGuideContent = (text: string) => NECTAR_GUIDE_CONTENT.reduce((rest, pattern) => rest.replace(pattern, ''), text);

    it('never names Nectar anywhere else either: the guide built from content/docs, the 404 page, the search fragments', () => {
      // Pagefind's binary index and metadata hold the words of the pages, checked here as the fragments' text.
      const isText = (file: string) => !/\.pf_(?:index|meta|filter)$/.test(file);
      expect(sayingNectar((file, text) => isText(file) && !isCatalogFile(file, text) && /nectar/i.test(withoutGuideContent(text)))).toEqual([]);
    });

    it('lists exactly the current images on /catalog/ and in /catalog.json, two lines for the two architectures of one release', () => {
      const catalog = files.get(join(dist, 'catalog/index.html'))!;
      const rows = selectAll('tr.catalog-row[data-id]', fromHtml(catalog)).map((row) => String(row.properties.dataId));
      expect(rows.sort()).toEqual(scs.images.current.map((image) => image.id).sort());

      const json = JSON.parse(files.get(join(dist, 'catalog.json'))!) as { images: { id: string; loginUser: string | null }[] };
      expect(json.images.map((image) => image.id).sort()).toEqual(scs.images.current.map((image) => image.id).sort());

      const latest = JSON.parse(files.get(join(dist, 'catalog/latest.json'))!) as {
        lineages: { key: string; current: { id: string } | null; archived: { id: string }[] }[];
      };
      const x86 = current('ubuntu-24.04-x86_64');
      const arm = current('ubuntu-24.04-aarch64');
      const lineOf = (id: string) => latest.lineages.find((line) => line.current?.id === id);
      expect(lineOf(x86.id), 'a line for Ubuntu 24.04 x86_64').toBeDefined();
      expect(lineOf(arm.id), 'a line for Ubuntu 24.04 aarch64').toBeDefined();
      expect(lineOf(x86.id)!.key).not.toBe(lineOf(arm.id)!.key);
      // Each current image heads its own line: seven current images, seven lines with a current build.
      expect(latest.lineages.filter((line) => line.current).length).toBe(scs.images.current.length);
      // Both rows say which architecture they are.
      const rowText = (id: string) => visibleText(catalog.slice(catalog.indexOf(`data-id="${id}"`), catalog.indexOf('</tr>', catalog.indexOf(`data-id="${id}"`))));
      expect(rowText(x86.id)).toContain('x86_64');
      expect(rowText(arm.id)).toContain('aarch64');
    });

    it('shows every login user from image_original_user, and for Windows (none) no login user and no ssh command', () => {
      const json = JSON.parse(files.get(join(dist, 'catalog.json'))!) as { images: { id: string; loginUser: string | null }[] };
      for (const image of scs.images.current) {
        const label = `${image.name} ${image.architecture}`;
        const entry = json.images.find((listed) => listed.id === image.id)!;
        check(entry.loginUser === image.loginUser, `${label}: /catalog.json loginUser is ${JSON.stringify(entry.loginUser)}, not ${JSON.stringify(image.loginUser)}`);
        const text = textOf(image.id);
        if (image.loginUser) {
          shows(text, `ssh ${image.loginUser}@`, label, /ssh \S+/);
        } else {
          // SCS-0102's `none`: known to have no login user (not "not known"), whatever distributions.yaml says.
          showsNot(text, /\bssh\s+\S+@/, label);
          showsNot(text, /login user not known/i, label);
          showsNot(text, /as Administrator/, label);
          shows(text, /no login user/i, label, /Log in .{0,200}/);
        }
      }
      expect(problems).toEqual([]);
    });

    it('archived (hidden) builds, renamed either way or named by image_name, lead to their line’s current build', () => {
      const latest = JSON.parse(files.get(join(dist, 'catalog/latest.json'))!) as {
        lineages: { key: string; current: { id: string } | null; archived: { id: string }[] }[];
      };
      expect(new Set(scs.images.hidden.map((image) => image.rename))).toEqual(new Set(['suffix', 'parenthesised', 'image_name']));
      for (const image of scs.images.hidden) {
        const label = `${image.name} (${image.architecture}, ${image.rename})`;
        if (!pages.has(image.id)) {
          problems.push(`${label}: no page`);
          continue;
        }
        const page = html(image.id);
        check(page.includes('data-catalog-lifecycle="archived"'), `${label}: no archived notice`);
        const successor = /<a href="([^"]+)" data-catalog-successor/.exec(page)?.[1];
        check(successor === pathOf(image.successor), `${label}: successor link ${successor ?? 'missing'}, not ${pathOf(image.successor)}`);
        const line = latest.lineages.find((entry) => entry.archived.some((archived) => archived.id === image.id));
        check(line?.current?.id === image.successor, `${label}: latest.json puts it in line ${line?.key ?? 'none'} whose current is ${line?.current?.id ?? 'none'}`);
      }
      expect(problems).toEqual([]);
    });

    it('shows the lifecycle promises in words, and which archived IDs may no longer work', () => {
      const near = /(Replaced|Updated until|This ID|keeps working)[^.]{0,80}/;
      const x86 = textOf(current('ubuntu-24.04-x86_64').id);
      for (const words of ['Replaced monthly', 'Updated until 30 Apr 2034', 'This ID keeps working for the last 3 builds']) shows(x86, words, 'Ubuntu 24.04 x86_64', near);
      const jammy = textOf(current('ubuntu-22.04-x86_64').id);
      for (const words of ['Replaced quarterly', 'Updated until 30 Apr 2032', 'This ID keeps working until 30 Jun 2036']) shows(jammy, words, 'Ubuntu 22.04', near);
      shows(textOf(current('debian-12-x86_64').id), 'Replaced weekly', 'Debian 12', near);

      for (const image of scs.images.hidden) {
        if (!pages.has(image.id)) {
          problems.push(`${image.name} (${image.architecture}): no page`);
          continue;
        }
        const text = textOf(image.id);
        if (image.idMayNoLongerWork) shows(text, /ID may no longer work/i, `${image.name} (past its uuid_validity)`, near);
        else showsNot(text, /may no longer work/i, `${image.name} (within its uuid_validity)`);
      }

      const json = JSON.parse(files.get(join(dist, 'catalog.json'))!) as { images: ({ id: string } & Record<string, unknown>)[] };
      const { properties: _properties, ...facts } = json.images.find((image) => image.id === current('ubuntu-24.04-x86_64').id)!;
      // The promise is given as its own fields (or words), not only as the raw properties.
      shows(JSON.stringify(facts), /last-3|last 3/, '/catalog.json Ubuntu 24.04 x86_64 outside `properties`');
      shows(JSON.stringify(facts), /monthly/, '/catalog.json Ubuntu 24.04 x86_64 outside `properties`');
      expect(problems).toEqual([]);
    });

    it('marks end of life from maintained_until when it is earlier than eol.yaml, and says where the date came from', () => {
      const near = /(end of life|End of life)[^.]{0,120}/;
      const bullseye = textOf(current('debian-11-x86_64').id);
      shows(bullseye, /past its end of life/i, 'Debian 11', near);
      shows(bullseye, date('2024-08-14'), 'Debian 11', near);
      shows(bullseye, /maintained_until/, 'Debian 11 (the source of the date)', /Source[^.]{0,120}/);
      // Debian 12: the cloud's eol.yaml (tests/fixtures/scs/eol.yaml: 2028-06-10, a date only that file has)
      // is earlier than the image's 2029-06-30.
      const bookworm = html(current('debian-12-x86_64').id);
      shows(visibleText(bookworm), date('2028-06-10'), 'Debian 12 (from the config’s eol.yaml)', near);
      showsNot(visibleText(bookworm), date('2029-06-30'), 'Debian 12 (the later maintained_until)');
      check(bookworm.includes('href="https://wiki.debian.org/LTS"'), 'Debian 12: no link to eol.yaml’s source https://wiki.debian.org/LTS');
      const json = JSON.parse(files.get(join(dist, 'catalog.json'))!) as { images: { id: string; endOfLife: { date: string; passed: boolean } | null }[] };
      const eol = json.images.find((image) => image.id === current('debian-11-x86_64').id)!.endOfLife;
      check(eol?.date === '2024-08-14' && eol.passed, `Debian 11: /catalog.json endOfLife is ${JSON.stringify(eol)}`);
      expect(problems).toEqual([]);
    });

    it('links image_source and image_description when they are URLs, and shows them as text when not', () => {
      for (const image of scs.images.current) {
        const page = html(image.id);
        for (const key of ['image_source', 'image_description'] as const) {
          const value = image.properties[key]!;
          const link = `href="${value.replaceAll('&', '&amp;')}"`;
          const label = `${image.name} ${image.architecture} ${key}`;
          if (/^https?:\/\//.test(value)) check(page.includes(link), `${label}: no link to ${value}`);
          else {
            check(!page.includes(link), `${label}: “${value}” is a link`);
            shows(visibleText(page), value, label);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('says what min_disk and min_ram mean for choosing a flavor', () => {
      for (const image of scs.images.current) {
        const sentences = textOf(image.id).split(/(?<=[.:;])\s/).filter((sentence) => /flavou?r/i.test(sentence) && !/openstack|<flavor>/.test(sentence));
        const label = `${image.name} ${image.architecture}`;
        const said = sentences.length ? `the page’s flavor sentences: “${sentences.join(' | ').slice(0, 300)}”` : 'no sentence about flavors beyond the launch command';
        check(sentences.some((sentence) => diskPattern(image.minDisk).test(sentence)), `${label}: no flavor sentence with ${image.minDisk} GB disk; ${said}`);
        check(sentences.some((sentence) => ramPattern(image.minRam).test(sentence)), `${label}: no flavor sentence with ${image.minRam} MB RAM; ${said}`);
      }
      expect(problems).toEqual([]);
    });

    it('has no password of the cloud in any file, nor in the snapshot', () => {
      const passwords = [scs.users.reader.password, scs.users.publisher.password];
      const found = [...files, [snapshotPath, readFileSync(snapshotPath, 'utf8')] as const].flatMap(([file, text]) =>
        passwords.some((password) => text.includes(password)) ? [file] : [],
      );
      expect(found).toEqual([]);
    });

    it('has no trap (the owner’s private, community and hidden private or deactivated images, another project’s images) in any file', () => {
      const found = [...files].flatMap(([file, text]) =>
        scs.images.traps.filter((trap) => text.includes(trap.id) || text.includes(trap.marker)).map((trap) => `${trap.kind} in ${file.slice(dist.length + 1)}`),
      );
      expect(found).toEqual([]);
    });
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let context: BrowserContext;
    let server: { url: string; close: () => Promise<void> };

    beforeAll(async () => {
      expect(built?.code, 'the site was not built').toBe(0);
      server = await serveStatic(dist);
      browser = await launchBrowser();
      context = await browser.newContext({ baseURL: server.url });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows the catalog of that cloud: its title, its seven current images, no earlier build, no Nectar', async () => {
      const { page, errors } = await openPage(context, '/catalog/');
      expect(await page.title()).toContain(SITE_TITLE);
      const rows = await page.locator('tr.catalog-row[data-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
      expect(rows.sort()).toEqual(scs.images.current.map((image) => image.id).sort());
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/nectar/i);
      for (const image of scs.images.hidden) expect(text).not.toContain(image.id);
      const windows = scs.images.current.find((image) => image.loginUser === null)!;
      expect(await page.locator(`tr.catalog-row[data-id="${windows.id}"] .catalog-row__login`).innerText()).not.toContain('Administrator');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('filters the catalog as a reader types: “24.04” leaves two rows, one per architecture', async () => {
      const { page } = await openPage(context, '/catalog/');
      // The filter script enables the box once it runs.
      await page.waitForSelector('#catalog-q:not([disabled])', { timeout: 10_000 });
      await page.fill('#catalog-q', '24.04');
      const visible = page.locator('[data-catalog] tbody tr[data-id]:not([hidden])');
      const shown = () => visible.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-id')} ${tr.querySelector('.catalog-row__arch')?.textContent?.trim()}`).sort());
      const x86 = current('ubuntu-24.04-x86_64');
      const arm = current('ubuntu-24.04-aarch64');
      await expect.poll(shown).toEqual([`${x86.id} x86_64`, `${arm.id} aarch64`].sort());
      await page.close();
    });

    it('shows an image page with its login, lifecycle promise and earlier builds', async () => {
      const image = current('ubuntu-24.04-x86_64');
      const { page, errors } = await openPage(context, pathOf(image.id));
      expect(await page.title()).toContain(SITE_TITLE);
      const text = await page.locator('main').innerText();
      expect(text).toContain(`ssh ${image.loginUser}@`);
      expect(text).toContain('Replaced monthly');
      expect(text).toContain('This ID keeps working for the last 3 builds');
      for (const earlier of scs.images.hidden.filter((hidden) => hidden.successor === image.id)) expect(text).toContain(earlier.name);
      expect(text).not.toMatch(/nectar/i);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('shows the Windows image (image_original_user none) with no login user and no ssh command', async () => {
      const windows = scs.images.current.find((image) => image.loginUser === null)!;
      const { page, errors } = await openPage(context, pathOf(windows.id));
      const login = await page.locator('main').innerText();
      expect(login).toMatch(/no login user/i);
      expect(login).not.toMatch(/login user not known/i);
      expect(await page.locator('main pre', { hasText: /^\s*ssh / }).count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('shows an archived build as archived and follows its link to the current build', async () => {
      const archived = scs.images.hidden.find((image) => image.rename === 'parenthesised' && !image.idMayNoLongerWork)!;
      const { page, errors } = await openPage(context, pathOf(archived.id));
      const text = await page.locator('main').innerText();
      expect(text).toMatch(/archived/i);
      expect(text).not.toMatch(/nectar/i);
      await Promise.all([page.waitForURL(`${server.url}${pathOf(archived.successor)}`), page.locator('a[data-catalog-successor]').first().click()]);
      expect(await page.locator('h1').innerText()).toBe('Ubuntu 22.04');
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
