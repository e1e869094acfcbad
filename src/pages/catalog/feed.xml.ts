import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { cloudConfig } from '../../lib/cloud-config.ts';
import { sitePath } from '../../lib/site-path.ts';
import { changeEntries, changeSummary, xmlEscape } from '../../lib/catalog/changes.ts';
import { displayName, safeText } from '../../lib/catalog/safe-text.ts';
import { feedSubtitle, feedTitle, siteTitle } from '../../lib/catalog/site-text.ts';

/** The catalog's "What changed" as an Atom feed, one entry per fetch that changed something. */
export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://localhost:4321');
  const catalog = await getCatalog();
  const entries = changeEntries(catalog.histories, cloudConfig().federation).slice(0, 50);
  const changesUrl = new URL(sitePath('/catalog/changes/'), base).href;
  const feedUrl = new URL(sitePath('/catalog/feed.xml'), base).href;
  const updated = new Date(entries[0]?.fetchedAt ?? catalog.snapshot.fetchedAt).toISOString();
  const line = (verb: string, item: { id: string; name: string }) => {
    const view = catalog.byId.get(item.id);
    // History text may be hand-edited: cleaned here so the feed stays valid XML with no control characters.
    return `${verb}: ${displayName(item)} (${safeText(item.id)})${view ? ` ${new URL(view.path, base).href}` : ''}`;
  };
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xmlEscape(feedTitle())}</title>`,
    `  <subtitle>${xmlEscape(feedSubtitle())}</subtitle>`,
    `  <id>${xmlEscape(changesUrl)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(changesUrl)}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xmlEscape(siteTitle())}</name></author>`,
    ...entries.map((entry) => {
      const when = new Date(entry.fetchedAt).toISOString();
      const link = `${changesUrl}#${entry.anchor}`;
      // Several sources: "Added in RegionTwo: …", and the title names the region.
      const where = entry.where ? ` in ${entry.where}` : '';
      const lines = [
        ...entry.added.map((item) => line(`Added${where}`, item)),
        ...(entry.archived ?? []).map((item) => line(`Archived${where}`, item)),
        ...entry.removed.map((item) => line(`Removed${where}`, item)),
        ...entry.updated.map((item) => `${line(`Updated${where}`, item)}${item.fields.length ? ` — ${item.fields.map((field) => safeText(field)).join(', ')}` : ''}`),
      ];
      return [
        '  <entry>',
        `    <title>${xmlEscape(`${when.slice(0, 10)}: ${entry.where ? `${entry.where}: ` : ''}${changeSummary(entry)}`)}</title>`,
        `    <id>${xmlEscape(link)}</id>`,
        `    <link rel="alternate" type="text/html" href="${xmlEscape(link)}"/>`,
        `    <updated>${when}</updated>`,
        `    <summary type="text">${xmlEscape(lines.join('\n') || 'No changes')}</summary>`,
        '  </entry>',
      ].join('\n');
    }),
    '</feed>',
    '',
  ].join('\n');
  return new Response(xml, { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
};
