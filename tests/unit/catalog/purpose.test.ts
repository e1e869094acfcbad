/** SCS-0102 v2's os_purpose in reader words, and its maintenance facts (hotfix_hours, patchlevel, licence). */
import { describe, expect, it } from 'vitest';
import { isEarlierBuild, purposeChoices, purposeOf } from '../../../src/lib/catalog/purpose.ts';
import { hotfixPromise, licensingOf, maintenanceOf } from '../../../src/lib/catalog/maintenance.ts';
import { STANDARD_CONVENTIONS } from '../../../src/lib/catalog/conventions.ts';

describe('purposeOf', () => {
  it('says every value of the standard in reader words, oldgeneric as an earlier build', () => {
    const words = ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom'].map((value) => purposeOf({ os_purpose: value })?.label);
    expect(words).toEqual(['General purpose', 'Earlier build', 'Minimal', 'Kubernetes node', 'GPU', 'Network appliance', 'Custom']);
    expect(isEarlierBuild(purposeOf({ os_purpose: 'oldgeneric' }))).toBe(true);
    expect(isEarlierBuild(purposeOf({ os_purpose: 'generic' }))).toBe(false);
  });

  it('shows a value the standard does not define as given, shortened, under the key other; none when not stated', () => {
    expect(purposeOf({ os_purpose: ' Workstation ' })).toEqual({ key: 'other', label: 'Workstation', value: 'Workstation' });
    expect(purposeOf({ os_purpose: 'x'.repeat(100) })!.label).toBe(`${'x'.repeat(39)}…`);
    expect(purposeOf({})).toBeNull();
    expect(purposeOf({ os_purpose: '  ' })).toBeNull();
  });

  it('reads the cloud’s own property first (cloud.config.yaml images.properties.purpose), os_purpose with no mapping', () => {
    const conventions = { ...STANDARD_CONVENTIONS, purposeProperties: ['image_purpose'] };
    expect(purposeOf({ image_purpose: 'K8SNODE', os_purpose: 'generic' }, conventions)?.label).toBe('Kubernetes node');
    expect(purposeOf({ os_purpose: 'generic' }, conventions)?.key).toBe('generic');
    expect(purposeOf({ image_purpose: 'minimal' })).toBeNull();
  });

  it('offers the filter the purposes present, in the standard’s order, then Other purpose', () => {
    const present = ['custom', 'generic', 'Workstation', 'oldgeneric', 'generic'].map((value) => purposeOf({ os_purpose: value }));
    expect(purposeChoices([...present, null]).map((choice) => choice.label)).toEqual(['General purpose', 'Custom', 'Earlier build', 'Other purpose']);
    expect(purposeChoices([null])).toEqual([]);
  });
});

describe('maintenance facts', () => {
  it('hotfix_hours in words: hours, 0 as best effort, anything else as given', () => {
    expect(hotfixPromise('24')).toEqual({ value: '24', hours: 24, words: 'Critical fixes within 24 hours' });
    expect(hotfixPromise('1').words).toBe('Critical fixes within 1 hour');
    expect(hotfixPromise('0').words).toBe('Critical fixes as soon as possible (best effort, no firm time)');
    expect(hotfixPromise('two days')).toEqual({ value: 'two days', hours: null, words: 'Critical fixes: two days' });
  });

  it('licence and subscription fields: each stated one in words, none when none is stated', () => {
    const windows = licensingOf({ license_included: 'true', license_required: 'False', subscription_included: 'yes', subscription_required: 'maybe' });
    expect(windows).toMatchObject({ licenseIncluded: true, licenseRequired: false, subscriptionIncluded: true, subscriptionRequired: null });
    expect(windows!.words).toEqual([
      'The licence is included in the flavor’s price',
      'You need not bring a licence of your own',
      'A maintenance subscription from the vendor is included',
    ]);
    expect(licensingOf({ os_distro: 'ubuntu' })).toBeNull();
    expect(licensingOf({ license_required: 'true' })!.words).toEqual(['You must bring your own licence']);
  });

  it('patchlevel as given, bounded; an image with none of them states nothing', () => {
    expect(maintenanceOf({ patchlevel: 'USN-7123-1' }).patchlevel).toBe('USN-7123-1');
    expect(maintenanceOf({ patchlevel: 'p'.repeat(200) }).patchlevel).toHaveLength(80);
    expect(maintenanceOf({})).toEqual({ hotfix: null, patchlevel: null, licensing: null });
  });
});
