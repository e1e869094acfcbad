/** Per-phase figures of one `astro build` run: where its time and memory went (pure: from a Measured run's stdout lines and RSS samples). */
import type { Measured } from './lib.ts';

export interface Phase {
  name: string;
  /** Wall time, ms. */
  ms: number;
  /** Peak RSS of the rest of the tree (node, which names its main thread "MainThread", and esbuild) during the phase, bytes. */
  nodeRss: number;
  /** Peak RSS of the pagefind binary during the phase, bytes (0: not running). */
  pagefindRss: number;
  /** Peak RSS of the whole tree during the phase, bytes. */
  treeRss: number;
}

/** Astro's and Starlight's log lines that open each phase, in order. */
const MARKS: { name: string; pattern: RegExp }[] = [
  { name: 'Start-up, content sync, Vite bundling', pattern: /./ },
  { name: 'Rendering pages', pattern: /generating static routes/ },
  { name: 'Search index (Pagefind)', pattern: /Building search index|pagefind|search index/i },
  { name: 'The rest (sitemap, end)', pattern: /Finished building search index|Wrote search index|sitemap|\[build\] \d+ page\(s\) built/ },
];

/** The pagefind binary's process name (/proc truncates it to 15 characters: "pagefind_extend"). */
export const isPagefind = (command: string) => command.startsWith('pagefind');

export function phases(run: Pick<Measured, 'ms' | 'lines' | 'samples'>): Phase[] {
  const starts: { name: string; ms: number }[] = [{ name: MARKS[0]!.name, ms: 0 }];
  let from = 0;
  for (const mark of MARKS.slice(1)) {
    const index = run.lines.findIndex((line, i) => i >= from && mark.pattern.test(line.text));
    if (index === -1) continue;
    starts.push({ name: mark.name, ms: run.lines[index]!.ms });
    from = index + 1;
  }
  return starts.map((start, i) => {
    const end = starts[i + 1]?.ms ?? run.ms;
    const inside = run.samples.filter((s) => s.ms >= start.ms && s.ms < end);
    const peak = (pick: (s: Record<string, number>) => number) => Math.max(0, ...inside.map((s) => pick(s.byCommand)));
    const sum = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
    const pagefind = (s: Record<string, number>) => Object.entries(s).reduce((a, [name, bytes]) => a + (isPagefind(name) ? bytes : 0), 0);
    return { name: start.name, ms: end - start.ms, nodeRss: peak((s) => sum(s) - pagefind(s)), pagefindRss: peak(pagefind), treeRss: peak(sum) };
  });
}
