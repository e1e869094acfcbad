/**
 * The catalog page's filter: shows the rows matching the controls, sorts
 * them, keeps the state in the URL and copies image IDs. Data only ever goes
 * into the page as text.
 *
 * Two modes (src/lib/catalog/scale.ts): in an `inline` catalog every row is in
 * the page and the filter hides and shows them; in a `paged` one the page holds
 * each distribution's newest rows only, so the script loads
 * `/catalog/index.json` and builds at most `step` matching rows per
 * distribution, more on "Show more".
 */
import {
  countText,
  matchesPrepared,
  parseState,
  queryWords,
  rowHaystack,
  serialiseState,
  toggleSort,
  type FilterRow,
  type FilterState,
} from '../lib/catalog/filter.ts';
import { formatDate } from '../lib/catalog/format.ts';
import { sitePath } from '../lib/site-path.ts';
import { compareBy, type SortKey } from '../lib/catalog/sort.ts';
import type { IndexFile, IndexRow } from '../lib/catalog/scale.ts';

interface Row extends FilterRow {
  /** The row's element: in the page (inline), or built when first shown (paged). */
  el: HTMLTableRowElement | null;
  index: number;
  group: number;
  updated: number | null;
  haystack: string;
  data?: IndexRow;
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

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** The same row as ImageTable.astro renders, from an index row; text only. */
function rowElement(row: Row, distro: string, canCopy: boolean): HTMLTableRowElement {
  const [id, name, version, codename, , eolSince, updated, architecture, loginUser, size, slug] = row.data!;
  const updatedText = updated ? formatDate(updated) : '';
  const tr = el('tr');
  Object.assign(tr.dataset, { id, name, version, codename, distro, eol: String(eolSince !== ''), updated });
  const nameCell = el('td', undefined, 'catalog-table__name');
  const link = el('a', name || '(no name)');
  link.href = sitePath(`/catalog/${slug}/`);
  nameCell.append(link);
  if (eolSince) {
    const mark = el('span', 'End of life', 'catalog-mark catalog-mark--eol');
    mark.title = `End of life since ${eolSince}`;
    nameCell.append(' ', mark);
  }
  const versionCell = el('td', version || '—');
  if (codename) versionCell.append(el('span', ` (${codename})`, 'catalog-table__codename'));
  const userCell = el('td');
  userCell.append(loginUser ? el('code', loginUser) : el('span', 'Login user not known', 'catalog-mark catalog-mark--unknown'));
  const idCell = el('td', undefined, 'catalog-table__id');
  const copy = el('button', 'Copy', 'catalog-button catalog-copy');
  copy.type = 'button';
  copy.dataset.copy = id;
  copy.setAttribute('aria-label', `Copy image ID ${id}`);
  copy.disabled = !canCopy;
  idCell.append(el('code', id, 'catalog-id'), ' ', copy);
  const updatedCell = el('td');
  if (updatedText) {
    const time = el('time', updatedText);
    time.dateTime = updated;
    updatedCell.append(time);
  } else updatedCell.textContent = '—';
  tr.append(nameCell, versionCell, el('td', architecture || '—'), userCell, idCell, updatedCell, el('td', size, 'catalog-table__size'));
  return tr;
}

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-catalog]');
  const controls = document.querySelector<HTMLElement>('[data-catalog-filters]');
  if (!root || !controls) return;
  const form = controls.querySelector('form')!;
  const q = controls.querySelector<HTMLInputElement>('#catalog-q')!;
  const distro = controls.querySelector<HTMLSelectElement>('#catalog-distro')!;
  const hideEol = controls.querySelector<HTMLInputElement>('#catalog-hide-eol')!;
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

  let rows: Row[] = [];
  /** Paged mode: the index, loaded on first need (a filtered URL, or the first touch of a control). */
  let loading: Promise<boolean> | null = null;
  let loaded = !paged;
  function load(): Promise<boolean> {
    loading ??= (async () => {
      let index: IndexFile;
      try {
        const response = await fetch(root!.dataset.catalogIndex!);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        index = (await response.json()) as IndexFile;
      } catch {
        count.textContent = 'Filtering is unavailable (the catalog index did not load); each distribution below links to all its images.';
        q.disabled = distro.disabled = hideEol.disabled = true;
        return false;
      }
      const groupOf = new Map(groups.map((group, i) => [group.key, i]));
      rows = index.rows.map((data, i) => {
        const [id, name, version, codename, g, eolSince, updatedIso] = data;
        const updated = updatedIso ? Date.parse(updatedIso) : NaN;
        const key = index.groups[g] ?? '';
        const row: Row = { el: null, index: i, group: groupOf.get(key) ?? -1, id, name, version, codename, distro: key, eol: eolSince !== '', updated: Number.isNaN(updated) ? null : updated, haystack: '', data };
        row.haystack = rowHaystack(row);
        return row;
      });
      loaded = true;
      return true;
    })();
    return loading;
  }
  if (!paged) {
    rows = [...root.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')].map((el, index) => {
      const d = el.dataset;
      const updated = d.updated ? Date.parse(d.updated) : NaN;
      const row: Row = {
        el,
        index,
        group: groups.findIndex((group) => group.body === el.parentElement),
        id: d.id ?? '',
        name: d.name ?? '',
        version: d.version ?? '',
        codename: d.codename ?? '',
        distro: d.distro ?? '',
        eol: d.eol === 'true',
        updated: Number.isNaN(updated) ? null : updated,
        haystack: '',
      };
      row.haystack = rowHaystack(row);
      return row;
    });
  }

  /** Renders now, or once the index has loaded. */
  function show(): void {
    if (loaded) render();
    else void load().then((ok) => ok && render());
  }

  let state: FilterState = parseState(location.search, distros);
  let lastPush = 0;
  let sortedBy = '';

  function compare(): (a: Row, b: Row) => number {
    return state.sort ? compareBy<Row>(state.sort, state.order) : (a: Row, b: Row) => a.index - b.index;
  }

  function render(): void {
    if (!loaded) return;
    if (q.value !== state.q) q.value = state.q;
    distro.value = state.distro;
    hideEol.checked = state.hideEol;
    const words = queryWords(state.q);
    let shown = 0;
    if (paged) {
      const matching: Row[][] = groups.map(() => []);
      for (const row of rows) {
        if (row.group >= 0 && matchesPrepared(row, state, words)) {
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
          row.el ??= rowElement(row, group.key, canCopy);
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
        const match = matchesPrepared(row, state, words);
        if (row.el!.hidden === match) row.el!.hidden = !match;
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
        for (const group of groups) {
          const own = rows.filter((row) => row.el!.parentElement === group.body).sort(order);
          for (const row of own) group.body.appendChild(row.el!);
        }
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
  hideEol.addEventListener('change', () => update({ ...state, hideEol: hideEol.checked }, true));
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

  // One listener for every copy button, including rows built later.
  root.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest?.<HTMLButtonElement>('button[data-copy]');
    if (!button || button.disabled) return;
    const value = button.dataset.copy ?? '';
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = 'Copied';
      announce.textContent = `Copied image ID ${value}`;
    } catch {
      button.textContent = 'Copy failed';
      announce.textContent = 'Could not copy; select the ID and copy it by hand.';
    }
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  });
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) button.disabled = !canCopy;

  q.disabled = distro.disabled = hideEol.disabled = false;
  if (!paged) render();
  else if (serialiseState(state)) show();
  else {
    // The page as served is the default view; fetch the index when a control is first touched.
    for (const type of ['focusin', 'pointerdown'] as const) form.addEventListener(type, () => void load(), { once: true });
  }
}

void start();
