/**
 * The catalog page's filter: reads rows from the table's data attributes,
 * shows the ones matching the controls, sorts them, keeps the state in the URL
 * and copies image IDs. Data only ever goes into the page as text.
 */
import {
  countText,
  matchesState,
  parseState,
  serialiseState,
  toggleSort,
  type FilterRow,
  type FilterState,
} from '../lib/catalog/filter.ts';
import { compareBy, type SortKey } from '../lib/catalog/sort.ts';

interface Row extends FilterRow {
  el: HTMLTableRowElement;
  index: number;
  updated: number | null;
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
  const groups = [...root.querySelectorAll<HTMLElement>('[data-group]')];
  const rows: Row[] = [...root.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')].map((el, index) => {
    const d = el.dataset;
    const updated = d.updated ? Date.parse(d.updated) : NaN;
    return {
      el,
      index,
      id: d.id ?? '',
      name: d.name ?? '',
      version: d.version ?? '',
      codename: d.codename ?? '',
      distro: d.distro ?? '',
      eol: d.eol === 'true',
      updated: Number.isNaN(updated) ? null : updated,
    };
  });

  let state: FilterState = parseState(location.search, distros);
  let lastPush = 0;

  function render(): void {
    if (q.value !== state.q) q.value = state.q;
    distro.value = state.distro;
    hideEol.checked = state.hideEol;
    let shown = 0;
    for (const row of rows) {
      const match = matchesState(row, state);
      row.el.hidden = !match;
      if (match) shown++;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector('tbody tr:not([hidden])');
    }
    if (empty) empty.hidden = shown > 0;
    const text = countText(shown, rows.length);
    if (count.textContent !== text) count.textContent = text;
    sortRows();
  }

  function sortRows(): void {
    const compare = state.sort ? compareBy<Row>(state.sort, state.order) : (a: Row, b: Row) => a.index - b.index;
    for (const body of root!.querySelectorAll('tbody')) {
      const own = rows.filter((row) => row.el.parentElement === body).sort(compare);
      for (const row of own) body.appendChild(row.el);
    }
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

  function update(next: FilterState, push: boolean): void {
    state = next;
    render();
    commit(push);
  }

  q.addEventListener('input', () => {
    // One history entry per burst of typing, so Back returns to the view before it.
    const now = Date.now();
    const push = now - lastPush > 1500;
    lastPush = now;
    update({ ...state, q: q.value }, push);
  });
  distro.addEventListener('change', () => update({ ...state, distro: distro.value }, true));
  hideEol.addEventListener('change', () => update({ ...state, hideEol: hideEol.checked }, true));
  form.addEventListener('submit', (event) => event.preventDefault());
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-sort]')) {
    button.disabled = false;
    button.addEventListener('click', () => update(toggleSort(state, button.dataset.sort as SortKey), true));
  }
  window.addEventListener('popstate', () => {
    state = parseState(location.search, distros);
    lastPush = 0;
    render();
  });

  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.disabled = !navigator.clipboard;
    button.addEventListener('click', async () => {
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
  }

  q.disabled = distro.disabled = hideEol.disabled = false;
  render();
}

start();
