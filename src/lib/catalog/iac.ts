/**
 * Infrastructure-as-code snippets for an image page: Terraform (the
 * OpenStack provider's `openstack_images_image_v2` data source, by name with
 * `most_recent = true`, and pinned by ID) and Heat (`image:`). Pure; every
 * value from Glance goes through the target language's own quoting, after
 * the same `cleanText` as shell commands (no control character or line break
 * can reach a snippet's copy data).
 */
import { cleanText } from './safe-text.ts';

/**
 * A Terraform (HCL) quoted string. HCL's template sequences `${` and `%{`
 * are escaped as `$${` and `%%{`; JSON's escapes are HCL's for the rest
 * (no HCL writer package is in the project, and this is the whole rule).
 */
export function hclString(value: string): string {
  // Replacer functions: in a replacement string `$$` would mean a single `$`.
  return JSON.stringify(cleanText(value))
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** A YAML double-quoted scalar: JSON strings are valid YAML 1.2 flow scalars. */
export function yamlString(value: string): string {
  return JSON.stringify(cleanText(value));
}

/** A Terraform resource name from a slug: letters, digits, underscores, starting with a letter. */
export function terraformLabel(slug: string): string {
  const label = slug.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  return /^[A-Za-z]/.test(label) ? label : `image_${label}`;
}

/** The data source's `region` line, for a catalog of several regions (null: none, as one region's snippets have). */
function regionLines(region: string | null): string[] {
  return region === null ? [] : [`  region      = ${hclString(region)}`];
}

export function terraformByName(name: string, label: string, owner: string | null, region: string | null = null): string {
  return [
    `data "openstack_images_image_v2" ${hclString(label)} {`,
    ...regionLines(region),
    `  name        = ${hclString(name)}`,
    ...(owner ? [`  owner       = ${hclString(owner)}`] : []),
    `  visibility  = "public"`,
    `  most_recent = true`,
    `}`,
    ``,
    `# image_id = data.openstack_images_image_v2.${label}.id`,
  ].join('\n');
}

export function terraformById(id: string, label: string, region: string | null = null): string {
  return [
    `data "openstack_images_image_v2" ${hclString(label)} {`,
    ...regionLines(region),
    `  # Pinned: this exact build, even after a newer one is published.`,
    `  image_id = ${hclString(id)}`,
    `}`,
  ].join('\n');
}

export function heatSnippet(id: string, name: string, region: string | null = null): string {
  return [
    `heat_template_version: 2018-08-31`,
    // Heat stacks live in one region: the ID is that region's (openstack --os-region-name … stack create).
    ...(region === null ? [] : [`# region: ${cleanText(region)}`]),
    `parameters:`,
    `  flavor: { type: string }`,
    `  key_name: { type: string }`,
    `resources:`,
    `  server:`,
    `    type: OS::Nova::Server`,
    `    properties:`,
    `      # ${name.replace(/[\r\n]+/g, ' ')}`,
    `      image: ${yamlString(id)}`,
    `      flavor: { get_param: flavor }`,
    `      key_name: { get_param: key_name }`,
  ].join('\n');
}
