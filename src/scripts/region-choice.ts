/**
 * The catalog's region (and member) choice, for a catalog of several sources: the `#catalog-region` select
 * (RegionChoice.astro) read into and out of the filter's state, remembered in localStorage for the next visit.
 * A choice in the URL wins over the remembered one. The Start here list follows it (its items carry
 * `data-region` and `data-member`). Nothing happens on a one-source page: it has no such select.
 */
import type { FilterState } from '../lib/catalog/filter.ts';

const STORAGE_KEY = 'catalog-region';

type Choice = Pick<FilterState, 'region' | 'member'>;

export interface RegionControl {
  select: HTMLSelectElement;
  /** The state with the select's choice in it. */
  read(state: FilterState): FilterState;
  /** Shows the state's choice in the select and the Start here list, and remembers it. */
  write(state: FilterState): void;
  /** The state with the remembered choice in it, when the URL gave none and one is remembered (and still offered). */
  recall(state: FilterState): FilterState;
}

const optionChoice = (option: HTMLOptionElement): Choice => ({ region: option.dataset.region ?? '', member: option.dataset.member ?? '' });

/** The region control in `controls`, or null when the catalog has one source. */
export function regionControl(controls: HTMLElement, root: HTMLElement): RegionControl | null {
  const select = controls.querySelector<HTMLSelectElement>('#catalog-region');
  if (!select) return null;
  const options = [...select.options];
  const find = (choice: Choice) => options.find((option) => optionChoice(option).region === choice.region && optionChoice(option).member === choice.member);
  const startItems = [...root.querySelectorAll<HTMLElement>('[data-start-here] [data-recommended]')];
  const storage = (): Storage | null => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  };
  return {
    select,
    read: (state) => ({ ...state, ...optionChoice(select.selectedOptions[0] ?? options[0]!) }),
    write(state) {
      const option = find(state) ?? options[0]!;
      select.value = option.value;
      for (const item of startItems) {
        item.hidden = (state.region !== '' && item.dataset.region !== state.region) || (state.member !== '' && item.dataset.member !== state.member);
      }
      try {
        storage()?.setItem(STORAGE_KEY, JSON.stringify({ region: state.region, member: state.member }));
      } catch {
        // Storage full or refused: the choice still works for this visit, and stays in the URL.
      }
    },
    recall(state) {
      if (state.region || state.member) return state;
      try {
        const saved = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? 'null') as Partial<Choice> | null;
        const choice = { region: String(saved?.region ?? ''), member: String(saved?.member ?? '') };
        return find(choice) ? { ...state, ...choice } : state;
      } catch {
        return state;
      }
    },
  };
}
