/**
 * The catalog's browser scripts run in the reader's browser: nothing they
 * import, however indirectly, may need Node (`node:` modules, or the config
 * reader). A slip here passes the build and crashes the filter in the browser
 * with "fileURLToPath is not a function", so the static import graph is checked.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const scripts = readdirSync(join(root, 'src/scripts')).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));

/** Every module reachable from `entry` through static relative imports (`import type` excluded: it is erased). */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    graph.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
  };
  visit(entry);
  return graph;
}

describe('browser scripts', () => {
  it.each(scripts)('%s reaches no Node-only module', (name) => {
    const offending: string[] = [];
    for (const [file, specifiers] of importGraph(join(root, 'src/scripts', name))) {
      for (const specifier of specifiers) {
        if (specifier.startsWith('node:') || /cloud-config(\.ts)?$/.test(specifier)) offending.push(`${file.slice(root.length + 1)} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
