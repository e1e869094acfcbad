/**
 * The order of a publish's changes, from the site's link graph, so that no
 * page a reader can load ever refers to an object that is not there:
 * - an object goes up only after every object it refers to that is not live
 *   yet (new pages first, then the lists, JSON and feeds that link to them);
 * - an object is deleted only after every page being deleted that refers to
 *   it (old pages that link to each other go referrers first).
 * Objects that refer to each other in a cycle form one wave (nothing can put
 * one before the other). Pure functions.
 */

/**
 * Splits `names` into waves: every name in `mustPrecede(name)` (restricted to
 * `names`) is in an earlier wave, except within a cycle. Each wave is sorted.
 */
export function waves(names: readonly string[], mustPrecede: (name: string) => Iterable<string>): string[][] {
  const members = new Set(names);
  const deps = new Map<string, string[]>();
  for (const name of members) deps.set(name, [...mustPrecede(name)].filter((other) => other !== name && members.has(other)));
  const component = stronglyConnected([...members].sort(), deps);
  // Longest path from a source, over the graph of components (a DAG).
  const level = new Map<number, number>();
  const byComponent = new Map<number, string[]>();
  for (const name of members) {
    const id = component.get(name)!;
    byComponent.set(id, [...(byComponent.get(id) ?? []), name]);
  }
  const levelOf = (id: number): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    // Components are numbered in reverse topological order by Tarjan: dependencies get lower ids, so recursion depth
    // is bounded by the chain length; an explicit stack keeps deep chains safe.
    const stack: number[] = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (level.has(top)) {
        stack.pop();
        continue;
      }
      let ready = true;
      let best = -1;
      for (const name of byComponent.get(top)!) {
        for (const dep of deps.get(name)!) {
          const depId = component.get(dep)!;
          if (depId === top) continue;
          const depLevel = level.get(depId);
          if (depLevel === undefined) {
            ready = false;
            stack.push(depId);
          } else best = Math.max(best, depLevel);
        }
      }
      if (ready) {
        level.set(top, best + 1);
        stack.pop();
      }
    }
    return level.get(id)!;
  };
  const out: string[][] = [];
  for (const id of byComponent.keys()) {
    const l = levelOf(id);
    (out[l] ??= []).push(...byComponent.get(id)!);
  }
  return out.filter((wave) => wave !== undefined && wave.length > 0).map((wave) => wave.sort());
}

/** Tarjan's algorithm, iterative: name → component id. */
function stronglyConnected(names: readonly string[], deps: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  for (const start of names) {
    if (index.has(start)) continue;
    const work: { name: string; next: number }[] = [{ name: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = deps.get(frame.name)!;
      if (frame.next < edges.length) {
        const dep = edges[frame.next++]!;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ name: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.name, Math.min(low.get(frame.name)!, index.get(dep)!));
        }
        continue;
      }
      if (low.get(frame.name) === index.get(frame.name)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.name);
        components += 1;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.name, Math.min(low.get(parent.name)!, low.get(frame.name)!));
    }
  }
  return component;
}

/**
 * Upload waves for pages: a page waits for the not-yet-live pages it refers
 * to. `refsOf` gives a page's references; `live` says whether an object is
 * already served (an old version of a page counts: its address works).
 */
export function uploadWaves(pages: readonly string[], refsOf: (name: string) => readonly string[], live: (name: string) => boolean): string[][] {
  return waves(pages, (name) => refsOf(name).filter((ref) => !live(ref)));
}

/**
 * Delete waves: an object goes only after every doomed page that refers to
 * it. `refsOf` gives the old content's references (empty for assets).
 */
export function deleteWaves(doomed: readonly string[], refsOf: (name: string) => readonly string[]): string[][] {
  const referrers = new Map<string, string[]>();
  for (const name of doomed) {
    for (const ref of refsOf(name)) referrers.set(ref, [...(referrers.get(ref) ?? []), name]);
  }
  return waves(doomed, (name) => referrers.get(name) ?? []);
}
