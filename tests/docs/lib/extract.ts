import { readFileSync } from 'node:fs';
import type { Code, Root } from 'mdast';
import { createProcessor } from '@mdx-js/mdx';
// Expressive Code's own parser for the text after the language on a fence: whatever it
// reads as an option (norun="…") is what the site reads too (Starlight re-exports it).
import { MetaOptions } from '@astrojs/starlight/expressive-code';
import { visit } from 'unist-util-visit';
import { cloudConfig } from '../../../src/lib/cloud-config.ts';
import { guidePageName } from './guide.ts';
import { guideTokens, substituteTokens, type GuideTokens } from '../../../src/lib/guide-tokens.ts';

/** Fence languages whose blocks are commands a reader runs. */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);
/** Fence languages whose blocks are a command's output. */
export const OUTPUT_LANGS = new Set(['console']);
/** The fence meta option that marks a block as not runnable here; its value is the reason. */
export const NORUN = 'norun';

export interface DocBlock {
  /** The page file's path under content/docs, e.g. `advanced-image-management/sharing-images.mdx`. */
  page: string;
  /** 1-based line of the opening fence in the page. */
  line: number;
  kind: 'shell' | 'output';
  lang: string;
  /** The block's text, as a reader copies it (fence indentation removed by the parser). */
  code: string;
  /** Why the block is not run (shell) or not compared (output), from `norun="…"`; null when it is. */
  norun: string | null;
  /** The heading the block sits under ('' before the first heading). */
  section: string;
}

/** A fence meta problem a guide writer must fix (an empty reason, a typo in the option). */
export class FenceMetaError extends Error {}

/**
 * Every shell and output block of one MDX page, in page order. Uses the MDX parser
 * (@mdx-js/mdx, which Astro's MDX integration runs), so blocks inside lists and asides
 * count, and a fence inside a JSX component is found too. The page's placeholders
 * (`%images.owner%`) are filled from cloud.config.yaml (or CATALOG_CONFIG's file) by
 * the site's own function first, so a block is run as the built page shows it.
 */
export function extractBlocks(source: string, page: string, tokens: GuideTokens = guideTokens(cloudConfig())): DocBlock[] {
  const tree = createProcessor().parse(substituteTokens(source, tokens, `content/docs/${page}`)) as Root;
  const blocks: DocBlock[] = [];
  let section = '';
  visit(tree, (node) => {
    if (node.type === 'heading') {
      section = headingText(node);
      return;
    }
    if (node.type !== 'code') return;
    const code = node as Code;
    const lang = (code.lang ?? '').toLowerCase();
    const kind = SHELL_LANGS.has(lang) ? 'shell' : OUTPUT_LANGS.has(lang) ? 'output' : null;
    if (!kind) return;
    const line = code.position?.start.line ?? 0;
    blocks.push({ page, line, kind, lang, code: code.value, norun: noRunReason(code.meta ?? '', page, line), section });
  });
  return blocks;
}

export function extractFile(path: string): DocBlock[] {
  return extractBlocks(readFileSync(path, 'utf8'), guidePageName(path));
}

function headingText(node: unknown): string {
  let text = '';
  visit(node as Root, (child) => {
    if (child.type === 'text' || child.type === 'inlineCode') text += (child as { value: string }).value;
  });
  // Without the fixed id a heading may carry (`## Upload it \\{#upload\\}`).
  return text.replace(/\s*\{#[^}]*\}\s*$/, '').trim();
}

/** The `norun` reason in a fence's meta, or null. An empty reason or a near-miss spelling is an error. */
export function noRunReason(meta: string, page: string, line: number): string | null {
  const options = new MetaOptions(meta);
  if (options.errors?.length) {
    throw new FenceMetaError(`${page}:${line}: the fence's meta does not parse (${options.errors.join('; ')})`);
  }
  for (const option of options.list()) {
    const key = option.key?.toLowerCase() ?? '';
    if (key !== NORUN && key.replace(/[-_]/g, '') === NORUN) {
      throw new FenceMetaError(`${page}:${line}: write the mark as ${NORUN}="reason", not ${option.key}`);
    }
  }
  const value = options.getString(NORUN);
  if (value === undefined) {
    if (options.getBoolean(NORUN) !== undefined) {
      throw new FenceMetaError(`${page}:${line}: ${NORUN} needs a reason: ${NORUN}="ssh into an instance"`);
    }
    return null;
  }
  if (!value.trim()) throw new FenceMetaError(`${page}:${line}: ${NORUN}="" needs a reason, e.g. ${NORUN}="ssh into an instance"`);
  return value.trim();
}
