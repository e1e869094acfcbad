import { describe, expect, it } from 'vitest';
import { codeShape, placeholder } from '../../../src/lib/catalog/code-shape.ts';
import { heatSnippet, terraformById } from '../../../src/lib/catalog/iac.ts';

// A stand-in for Expressive Code's HTML: the code once as text and once as copy data, as a block carries it.
const html = (code: string) => `<pre><code>${code}</code></pre><button data-code="${code}">Copy</button>`;

describe('code shapes (one highlighting for every image page)', () => {
  const id = '3f2a9c1e-0b7d-4c55-9e21-7a1b2c3d4e5f';

  it('gives each page the HTML its own code would have', () => {
    const make = ([imageId, name]: readonly string[]) => heatSnippet(imageId!, name!, null);
    const values = [id, 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64'];
    const shape = codeShape(make, values, 'yaml')!;
    expect(shape.template).not.toContain(id);
    expect(shape.fill(html(shape.template))).toBe(html(make(values)));
  });

  it('shares one shape between images whose values have the same lengths, and keeps lines as long', () => {
    const make = ([imageId]: readonly string[]) => terraformById(imageId!, 'ubuntu_24_04', null);
    const a = codeShape(make, [id], 'hcl')!;
    const b = codeShape(make, ['0000aaaa-1111-2222-3333-444455556666'], 'hcl')!;
    expect(a.key).toBe(b.key);
    expect(a.template.length).toBe(make([id]).length);
    expect(codeShape(make, ['short-id'], 'hcl')!.key).not.toBe(a.key);
  });

  it('highlights a block on its own when a value would need escaping or quoting', () => {
    const make = ([name]: readonly string[]) => `# ${name}`;
    for (const name of ['a <b> & "c"', "it's", 'x${y}', 'tab\there', 'abc']) expect(codeShape(make, [name], 'sh')).toBeNull();
  });

  it('refuses a shape whose code changes the value on the way (cleaning, quoting)', () => {
    expect(codeShape(([v]) => `echo ${v!.toUpperCase()}`, ['hello world'], 'sh')).toBeNull();
  });

  it('refuses HTML that does not hold a placeholder whole (split by the highlighter)', () => {
    const shape = codeShape(([v]) => `show ${v}`, [id], 'sh')!;
    const holder = placeholder(0, id.length);
    const split = html(shape.template).replace(holder, `${holder.slice(0, 4)}</span><span>${holder.slice(4)}`);
    expect(shape.fill(split)).toBeNull();
  });

  it('keys the block options: another title or language is another shape', () => {
    const make = ([v]: readonly string[]) => `openstack image show ${v}`;
    expect(codeShape(make, [id], 'sh|Show')!.key).not.toBe(codeShape(make, [id], 'sh|Launch')!.key);
  });
});
