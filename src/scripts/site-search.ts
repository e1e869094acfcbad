/**
 * The site search dialog: Starlight's own `<site-search>` behaviour (open and
 * close, Ctrl/⌘ K, close on a link or outside click) with Pagefind UI tuned for
 * time to the first result (figures in BENCHMARKS.md, "Site search"):
 *
 * - no 300 ms debounce: Pagefind answers a query in a few milliseconds once its
 *   index chunks are in, so each keystroke searches at once (a newer query
 *   simply supersedes an older one in Pagefind UI);
 * - each keystroke also asks Pagefind to preload the query's index chunks, as
 *   Pagefind UI does only while it debounces: a search waits for the filter
 *   index, a preload does not, so the chunks download meanwhile;
 * - Pagefind (its JS, WebAssembly and filter index) starts loading when the
 *   pointer or focus reaches the search button, and at the latest when the
 *   dialog opens, instead of when the first key is typed;
 * - three results a page instead of five, so the first results wait for three
 *   fragment files, not five ("Load more results" shows the rest).
 *
 * Replaces Starlight's script, which Search.astro leaves out of the page.
 */
import { pagefindUserConfig } from 'virtual:starlight/pagefind-config';

const BASE = import.meta.env.BASE_URL;
const BUNDLE = `${BASE.replace(/\/$/, '')}/pagefind/`;
/** Milliseconds Pagefind UI waits after a keystroke before searching (its default is 300). */
export const DEBOUNCE_MS = 0;
/** Results a page (Pagefind UI's default is 5): each shown result loads one fragment file. */
export const PAGE_SIZE = 3;

interface Pagefind {
  init: () => Promise<void>;
  preload: (term: string) => Promise<void>;
}
let loading: Promise<Pagefind | null> | null = null;
/** Pagefind's module, loaded once; Pagefind UI's own import of the same URL gets the same instance. */
function pagefind(): Promise<Pagefind | null> {
  loading ??= import(/* @vite-ignore */ `${BUNDLE}pagefind.js`).then(
    async (module: Pagefind) => {
      await module.init();
      return module;
    },
    () => null,
  );
  return loading;
}
function warmUp(): void {
  void pagefind();
}

class SiteSearch extends HTMLElement {
  constructor() {
    super();
    const openBtn = this.querySelector<HTMLButtonElement>('button[data-open-modal]')!;
    const closeBtn = this.querySelector<HTMLButtonElement>('button[data-close-modal]')!;
    const dialog = this.querySelector('dialog')!;
    const dialogFrame = this.querySelector('.dialog-frame')!;

    /** Close the dialog when a link or anything outside it is clicked. */
    const onClick = (event: MouseEvent) => {
      const isLink = 'href' in (event.target || {});
      if (isLink || (document.body.contains(event.target as Node) && !dialogFrame.contains(event.target as Node))) closeModal();
    };
    const openModal = (event?: MouseEvent) => {
      warmUp();
      dialog.showModal();
      document.body.toggleAttribute('data-search-modal-open', true);
      this.querySelector('input')?.focus();
      event?.stopPropagation();
      window.addEventListener('click', onClick);
    };
    const closeModal = () => dialog.close();

    openBtn.addEventListener('click', openModal);
    for (const type of ['pointerenter', 'focus', 'touchstart'] as const) openBtn.addEventListener(type, warmUp, { once: true, passive: true });
    openBtn.disabled = false;
    closeBtn.addEventListener('click', closeModal);
    this.addEventListener('input', (event) => {
      const term = (event.target as HTMLInputElement | null)?.value?.trim();
      if (term) void pagefind().then((module) => module?.preload(term).catch(() => undefined));
    });
    dialog.addEventListener('close', () => {
      document.body.toggleAttribute('data-search-modal-open', false);
      window.removeEventListener('click', onClick);
    });
    window.addEventListener('keydown', (e) => {
      if ((e.metaKey === true || e.ctrlKey === true) && e.key === 'k') {
        if (dialog.open) closeModal();
        else openModal();
        e.preventDefault();
      }
    });

    let translations = {};
    try {
      translations = JSON.parse(this.dataset.translations || '{}');
    } catch {
      // Keep Pagefind UI's English defaults.
    }
    const shouldStrip = this.dataset.stripTrailingSlash !== undefined;
    const formatURL = (path: string) => (shouldStrip ? path.replace(/(.)\/(#.*)?$/, '$1$2') : path);

    window.addEventListener('DOMContentLoaded', () => {
      if (import.meta.env.DEV) return;
      const onIdle = window.requestIdleCallback || ((cb: () => void) => setTimeout(cb, 1));
      onIdle(async () => {
        // @ts-expect-error — @pagefind/default-ui ships no types (Starlight imports it the same way).
        const { PagefindUI } = await import('@pagefind/default-ui');
        new PagefindUI({
          ...pagefindUserConfig,
          element: '#starlight__search',
          baseUrl: BASE,
          bundlePath: BUNDLE,
          showImages: false,
          translations,
          showSubResults: true,
          debounceTimeoutMs: DEBOUNCE_MS,
          pageSize: PAGE_SIZE,
          processResult: (result: { url: string; sub_results: Array<{ url: string }> }) => {
            result.url = formatURL(result.url);
            result.sub_results = result.sub_results.map((sub) => ({ ...sub, url: formatURL(sub.url) }));
          },
        });
      });
    });
  }
}
customElements.define('site-search', SiteSearch);
