import { describe, expect, it } from 'vitest';
import { createRenderer } from '@astrojs/starlight/expressive-code';
import { toHtml } from '@astrojs/starlight/expressive-code/hast';

/**
 * The norun mark lives in the fence meta, which Expressive Code (the site's code
 * block renderer) parses too: it must render a marked block exactly like an
 * unmarked one, without showing the reason or warning about the option.
 */
describe('the norun fence mark under Expressive Code', () => {
  it('renders a marked block like an unmarked one, reason unseen, no warning', async () => {
    const messages: string[] = [];
    const collect = (message: string) => void messages.push(message);
    const { ec } = await createRenderer({
      themes: ['github-dark', 'github-light'],
      logger: { label: 'test', debug: () => undefined, info: () => undefined, warn: collect, error: collect },
    });
    const render = async (meta: string) =>
      toHtml((await ec.render({ code: 'ssh -i ~/.ssh/key ubuntu@<instance IP>', language: 'sh', meta })).renderedGroupAst);
    const marked = await render('norun="ssh into an instance"');
    const unmarked = await render('');
    expect(marked).toBe(unmarked);
    expect(marked).not.toMatch(/norun|into an instance/);
    expect(messages).toEqual([]);
    // The same mark next to an option Expressive Code knows leaves that option working.
    expect(await render('norun="ssh into an instance" title="On your instance"')).toContain('On your instance');
  });
});
