/**
 * The catalog page's filter: shows the rows matching the controls, sorts
 * them, keeps the state in the URL and copies image IDs. Data only ever goes
 * into the page as text.
 *
 * Rows come from `/catalog/index.json` (one `CatalogRowData` per image, the
 * same shape the server drew the table from). A row already in the page is
 * used as it is; any other is a clone of the server-rendered
 * `<template data-catalog-row>` filled by `fillRow` (see CatalogRow.astro), so
 * the row's markup exists once.
 *
 * Two modes (src/lib/catalog/scale.ts): in an `inline` catalog every row is in
 * the page and the filter hides and shows them; in a `paged` one the page holds
 * each distribution's newest rows only, and the script draws at most `step`
 * matching rows per distribution, more on "Show more".
 */
import {
  countText,
  matchesPrepared,
  parseState,
  queryWords,
  rowHaystack,
  serialiseState,
  toggleSort,
  type FilterState,
} from '../lib/catalog/filter.ts';
import type { CatalogIndex, CatalogRowData } from '../lib/catalog/row.ts';
import { fillTemplate } from '../lib/catalog/row-fill.ts';
import { compareBy, type SortKey } from '../lib/catalog/sort.ts';
import { wireCopyButtons } from './copy-buttons.ts';
import { regionControl } from './region-choice.ts';

interface Row {
  data: CatalogRowData & { haystack: string };
  /** The row's element: in the page, or built when first shown. */
  el: HTMLTableRowElement | null;
  index: number;
  group: number;
  key: { name: string; id: string; updated: number | null };
}

interface Group {
  key: string;
  section: HTMLElement;
  body: HTMLTableSectionElement;
  moreText: HTMLElement | null;
  moreButton: HTMLButtonElement | null;
  /** "Show more" presses since the filter last changed. */
  more: number;
}

/** A copy of the template row with `data`'s values put in as text and attributes (the rules are in CatalogRow.astro). */
export function fillRow(template: HTMLTemplateElement, data: CatalogRowData, canCopy: boolean): HTMLTableRowElement {
  const tr = template.content.firstElementChild!.cloneNode(true) as HTMLTableRowElement;
  const value = (field: string | undefined) => (field ? data[field as keyof CatalogRowData] : '');
  for (const node of [tr, ...tr.querySelectorAll<HTMLElement>('*')]) {
    const { text, empty, show, hide } = node.dataset;
    if (text) node.textContent = String(value(text) || empty || '');
    if (show) node.hidden = !value(show);
    if (hide) node.hidden = Boolean(value(hide));
    for (const { name, value: template } of [...node.attributes]) {
      if (name.startsWith('data-attr-')) node.setAttribute(name.slice('data-attr-'.length), fillTemplate(template, data));
    }
    if (node instanceof HTMLButtonElement && node.dataset.copy !== undefined) node.disabled = !canCopy;
  }
  return tr;
}

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-catalog]');
  const controls = document.querySelector<HTMLElement>('[data-catalog-filters]');
  const found = document.querySelector<HTMLTemplateElement>('template[data-catalog-row]');
  if (!root || !controls || !found) return;
  const template: HTMLTemplateElement = found;
  const form = controls.querySelector('form')!;
  const q = controls.querySelector<HTMLInputElement>('#catalog-q')!;
  const distro = controls.querySelector<HTMLSelectElement>('#catalog-distro')!;
  const variant = controls.querySelector<HTMLSelectElement>('#catalog-variant');
  const purpose = controls.querySelector<HTMLSelectElement>('#catalog-purpose');
  const hideEol = controls.querySelector<HTMLInputElement>('#catalog-hide-eol')!;
  const regions = regionControl(controls, root);
  const inputs = [q, distro, hideEol, ...(variant ? [variant] : []), ...(purpose ? [purpose] : []), ...(regions ? [regions.select] : [])];
  const count = controls.querySelector<HTMLElement>('[data-catalog-count]')!;
  const announce = controls.querySelector<HTMLElement>('[data-catalog-announce]')!;
  const empty = root.querySelector<HTMLElement>('[data-catalog-empty]');
  const distros = [...distro.options].map((option) => option.value).filter(Boolean);
  const paged = root.dataset.catalogMode === 'paged';
  const step = Number(root.dataset.catalogStep) || 25;
  const canCopy = Boolean(navigator.clipboard);
  const groups: Group[] = [...root.querySelectorAll<HTMLElement>('[data-group]')].map((section) => ({
    key: section.dataset.group ?? '',
    section,
    body: section.querySelector('tbody')!,
    moreText: section.querySelector('[data-group-more-text]'),
    moreButton: section.querySelector('[data-group-more-button]'),
    more: 0,
  }));
  const inPage = new Map<string, HTMLTableRowElement>();
  for (const tr of root.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')) inPage.set(tr.dataset.id!, tr);

  let rows: Row[] = [];
  /** The index, loaded once: at start in an inline catalog, on first need (a filtered URL, a touched control) in a paged one. */
  let loading: Promise<boolean> | null = null;
  let loaded = false;
  function load(): Promise<boolean> {
    loading ??= (async () => {
      let index: CatalogIndex;
      try {
        const response = await fetch(root!.dataset.catalogIndex!);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        index = (await response.json()) as CatalogIndex;
      } catch {
        count.textContent = paged
          ? 'Filtering is unavailable (the catalog index did not load); each distribution below links to all its images.'
          : 'Filtering is unavailable (the catalog index did not load); every image is listed below.';
        for (const input of inputs) input.disabled = true;
        return false;
      }
      const groupOf = new Map(groups.map((group, i) => [group.key, i]));
      rows = index.rows.map((data, index) => {
        const updated = data.updated ? Date.parse(data.updated) : NaN;
        return {
          data: { ...data, haystack: rowHaystack(data) },
          el: inPage.get(data.id) ?? null,
          index,
          group: groupOf.get(data.group) ?? -1,
          key: { name: data.name, id: data.id, updated: Number.isNaN(updated) ? null : updated },
        };
      });
      loaded = true;
      return true;
    })();
    return loading;
  }

  /** Renders now, or once the index has loaded. */
  function show(): void {
    if (loaded) render();
    else void load().then((ok) => ok && render());
  }

  // A region chosen on an earlier visit applies when the URL names none (a link's ?region= wins).
  let state: FilterState = regions ? regions.recall(parseState(location.search, distros)) : parseState(location.search, distros);
  let lastPush = 0;
  let sortedBy = '';

  function compare(): (a: Row, b: Row) => number {
    if (!state.sort) return (a, b) => a.index - b.index;
    const by = compareBy<Row['key']>(state.sort, state.order);
    return (a, b) => by(a.key, b.key);
  }

  function render(): void {
    if (!loaded) return;
    if (q.value !== state.q) q.value = state.q;
    distro.value = state.distro;
    if (variant) variant.value = state.variant;
    if (purpose) purpose.value = state.purpose;
    hideEol.checked = state.hideEol;
    regions?.write(state);
    const words = queryWords(state.q);
    let shown = 0;
    if (paged) {
      const matching: Row[][] = groups.map(() => []);
      for (const row of rows) {
        if (row.group >= 0 && matchesPrepared(row.data, state, words)) {
          matching[row.group]!.push(row);
          shown++;
        }
      }
      const order = state.sort ? compare() : null;
      groups.forEach((group, i) => {
        const list = matching[i]!;
        if (order) list.sort(order);
        const visible = Math.min(list.length, step * (1 + group.more));
        const fragment = document.createDocumentFragment();
        for (let j = 0; j < visible; j++) {
          const row = list[j]!;
          row.el ??= fillRow(template, row.data, canCopy);
          fragment.append(row.el);
        }
        group.body.replaceChildren(fragment);
        group.section.hidden = list.length === 0;
        const total = list.length.toLocaleString('en');
        if (group.moreText) {
          group.moreText.textContent =
            visible >= list.length ? `Showing all ${total} matching images.` : `Showing ${visible.toLocaleString('en')} of ${total} matching images.`;
        }
        if (group.moreButton) {
          group.moreButton.hidden = visible >= list.length;
          group.moreButton.disabled = false;
          group.moreButton.textContent = `Show ${Math.min(step, list.length - visible).toLocaleString('en')} more`;
        }
      });
    } else {
      for (const row of rows) {
        row.el ??= fillRow(template, row.data, canCopy);
        const match = matchesPrepared(row.data, state, words);
        if (row.el.hidden === match) row.el.hidden = !match;
        if (match) shown++;
      }
      for (const group of groups) {
        group.section.hidden = !group.body.querySelector('tr:not([hidden])');
      }
      // Reorder only when the sort changed: moving every row on each keystroke is the slow part.
      const by = `${state.sort}:${state.order}`;
      if (by !== sortedBy) {
        sortedBy = by;
        const order = compare();
        groups.forEach((group, i) => {
          for (const row of rows.filter((r) => r.group === i).sort(order)) group.body.appendChild(row.el!);
        });
      }
    }
    if (empty) empty.hidden = shown > 0;
    const text = countText(shown, rows.length);
    if (count.textContent !== text) count.textContent = text;
    for (const header of root!.querySelectorAll<HTMLElement>('th[data-sort-header]')) {
      const key = header.dataset.sortHeader;
      if (state.sort && key === state.sort) header.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
      else header.removeAttribute('aria-sort');
    }
  }

  /** Puts the state in the URL: a new history entry for a deliberate change, the same one while typing. */
  function commit(push: boolean): void {
    const url = `${location.pathname}${serialiseState(state)}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  // While typing, the URL is brought up to date just after the frame with the
  // new rows: a history update can take longer than the filtering itself. A new
  // history entry (the first key of a burst) is made at once, so Back stays in order.
  let pending = false;
  function flush(): void {
    if (!pending) return;
    pending = false;
    commit(false);
  }

  function update(next: FilterState, push: boolean, typing = false): void {
    if (!typing || push) flush();
    state = next;
    for (const group of groups) group.more = 0;
    show();
    if (typing && !push) {
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => setTimeout(flush, 0));
      }
    } else commit(push);
  }

  q.addEventListener('input', () => {
    // One history entry per burst of typing, so Back returns to the view before it.
    const now = Date.now();
    const push = now - lastPush > 1500;
    lastPush = now;
    update({ ...state, q: q.value }, push, true);
  });
  distro.addEventListener('change', () => update({ ...state, distro: distro.value }, true));
  variant?.addEventListener('change', () => update({ ...state, variant: variant.value }, true));
  purpose?.addEventListener('change', () => update({ ...state, purpose: purpose.value }, true));
  hideEol.addEventListener('change', () => update({ ...state, hideEol: hideEol.checked }, true));
  regions?.select.addEventListener('change', () => update(regions.read(state), true));
  form.addEventListener('submit', (event) => event.preventDefault());
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-sort]')) {
    button.disabled = false;
    button.addEventListener('click', () => update(toggleSort(state, button.dataset.sort as SortKey), true));
  }
  for (const group of groups) {
    if (!group.moreButton) continue;
    group.moreButton.disabled = false;
    group.moreButton.addEventListener('click', () => {
      group.more++;
      show();
    });
  }
  window.addEventListener('popstate', () => {
    pending = false;
    state = parseState(location.search, distros);
    lastPush = 0;
    for (const group of groups) group.more = 0;
    show();
  });

  wireCopyButtons(root, announce);
  // A remembered region goes into the URL too, so the address says what the table shows.
  if (regions) commit(false);

  const enable = () => {
    for (const input of inputs) input.disabled = false;
  };
  if (!paged) {
    // An inline catalog's index is small: load it now and enable the controls once filtering is instant.
    void load().then((ok) => {
      if (!ok) return;
      enable();
      render();
    });
  } else if (serialiseState(state)) {
    enable();
    show();
  } else {
    enable();
    // The page as served is the default view; fetch the index when a control is first touched.
    for (const type of ['focusin', 'pointerdown'] as const) form.addEventListener(type, () => void load(), { once: true });
  }
}

start();
