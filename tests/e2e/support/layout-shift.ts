import type { Page } from 'playwright-core';

/** Layout shifts recorded from the start of the page: every entry, with what moved. */
export interface Shift {
  value: number;
  hadRecentInput: boolean;
  time: number;
  sources: string[];
}

/** Call before `goto`: records every layout shift of the page from its start. */
export async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: unknown[] = [];
    (window as unknown as { __shifts: unknown[] }).__shifts = shifts;
    const describe = (node: Node | null) => {
      if (!(node instanceof Element)) return node ? node.nodeName : '(gone)';
      const inControls = node.closest('[data-catalog-filters]') || node.querySelector?.('[data-catalog-filters]');
      return `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.split(' ')[0]}` : ''}${inControls ? ' [controls]' : ''}`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node: Node | null }[] })[]) {
        shifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput, time: entry.startTime, sources: (entry.sources ?? []).map((s) => describe(s.node)) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

export const shiftsOf = (page: Page) => page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);

/**
 * When the HTML had been parsed (DOMContentLoaded), in the page's time: shifts before it come from the
 * browser painting a document still arriving, which depends on how its parser yields on a busy machine; the
 * page's scripts (modules, deferred) run only after it.
 */
export const parsedAt = (page: Page) =>
  page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventStart ?? 0);
/** Cumulative layout shift, not counting shifts right after user input. */
export const cls = (shifts: Shift[]) => shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);

