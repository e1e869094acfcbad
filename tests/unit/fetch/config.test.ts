/** Credentials from openrc variables and clouds.yaml, as the openstack CLI reads them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCredentials, loadCloudConfig } from '../../../scripts/lib/openstack/config.ts';
import { tempDir } from './support/run-cli.ts';

function places(): { cwd: string; home: string; systemDir: string } {
  const root = tempDir('catalog-config-');
  const where = { cwd: join(root, 'cwd'), home: join(root, 'home'), systemDir: join(root, 'etc') };
  for (const dir of Object.values(where)) mkdirSync(dir, { recursive: true });
  return where;
}

const openrc = {
  OS_AUTH_URL: 'https://keystone.example.org:5000/v3/',
  OS_USERNAME: 'someone@example.org',
  OS_PASSWORD: 'pw-1234',
  OS_PROJECT_NAME: 'my-project',
};

describe('openrc variables', () => {
  it('reads them, defaulting domains to "Default" and the interface to public', () => {
    const config = loadCloudConfig(openrc, places());
    expect(config).toMatchObject({
      authMethod: 'password',
      username: 'someone@example.org',
      userDomainName: 'Default',
      projectName: 'my-project',
      projectDomainName: 'Default',
      interface: 'public',
      insecure: false,
      regionName: null,
    });
  });

  it('maps the old tenant variables and OS_ENDPOINT_TYPE', () => {
    const config = loadCloudConfig(
      { OS_AUTH_URL: 'https://k/v2.0', OS_USERNAME: 'u', OS_PASSWORD: 'pppp', OS_TENANT_ID: 't1', OS_TENANT_NAME: 'tn', OS_ENDPOINT_TYPE: 'internalURL', OS_INSECURE: 'True' },
      places(),
    );
    expect(config).toMatchObject({ projectId: 't1', projectName: 'tn', interface: 'internal', insecure: true });
  });

  it('infers application-credential auth and checks what each method needs', () => {
    const where = places();
    expect(loadCloudConfig({ OS_AUTH_URL: 'https://k', OS_APPLICATION_CREDENTIAL_ID: 'id', OS_APPLICATION_CREDENTIAL_SECRET: 'ssss' }, where).authMethod).toBe(
      'applicationCredential',
    );
    expect(() => loadCloudConfig({ OS_AUTH_URL: 'https://k', OS_USERNAME: 'u' }, where)).toThrow(/no password .*OS_PASSWORD/);
    expect(() => loadCloudConfig({ OS_AUTH_URL: 'https://k', OS_PASSWORD: 'x' }, where)).toThrow(/no user name/);
    expect(() => loadCloudConfig({ OS_AUTH_URL: 'https://k', OS_AUTH_TYPE: 'v3token' }, where)).toThrow(/no token/);
    expect(() => loadCloudConfig({ OS_AUTH_URL: 'https://k', OS_AUTH_TYPE: 'v3oidc', OS_PASSWORD: 'x' }, where)).toThrow(/not supported/);
    expect(() => loadCloudConfig({ OS_AUTH_URL: 'keystone', OS_USERNAME: 'u', OS_PASSWORD: 'pppp' }, where)).toThrow(/not a URL/);
    expect(() => loadCloudConfig({}, where)).toThrow(/no OpenStack credentials/);
  });

  it('knows when any credentials are set', () => {
    expect(hasCredentials({})).toBe(false);
    expect(hasCredentials({ OS_CLOUD: 'x' })).toBe(true);
    expect(hasCredentials({ OS_AUTH_URL: 'x' })).toBe(true);
    expect(hasCredentials({ OS_TOKEN: 'x' })).toBe(true);
  });
});

describe('clouds.yaml', () => {
  const yaml = (authUrl: string): string => `clouds:
  nectar:
    auth:
      auth_url: ${authUrl}
      username: me
      project_id: "0123"
      user_domain_name: Default
    region_name: Melbourne
    interface: public
    verify: false
    auth_type: password
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://k
      application_credential_id: ac
      application_credential_secret: acs1
`;

  it('searches ./clouds.yaml, then ~/.config/openstack, then /etc/openstack', () => {
    const where = places();
    mkdirSync(join(where.home, '.config/openstack'), { recursive: true });
    writeFileSync(join(where.systemDir, 'clouds.yaml'), yaml('https://etc'));
    writeFileSync(join(where.home, '.config/openstack/clouds.yaml'), yaml('https://home'));
    const env = { OS_CLOUD: 'nectar', OS_PASSWORD: 'pw99' };
    expect(loadCloudConfig(env, where).authUrl).toBe('https://home');
    writeFileSync(join(where.cwd, 'clouds.yaml'), yaml('https://cwd'));
    expect(loadCloudConfig(env, where).authUrl).toBe('https://cwd');
    const other = join(where.cwd, 'other.yaml');
    writeFileSync(other, yaml('https://override'));
    expect(loadCloudConfig({ ...env, OS_CLIENT_CONFIG_FILE: other }, where).authUrl).toBe('https://override');
  });

  it('reads the auth block, region, interface and verify: false; merges secure.yaml; lets OS_* override', () => {
    const where = places();
    writeFileSync(join(where.cwd, 'clouds.yaml'), yaml('https://k'));
    writeFileSync(join(where.cwd, 'secure.yaml'), 'clouds:\n  nectar:\n    auth:\n      password: from-secure\n');
    const config = loadCloudConfig({ OS_CLOUD: 'nectar' }, where);
    expect(config).toMatchObject({ authUrl: 'https://k', username: 'me', projectId: '0123', regionName: 'Melbourne', insecure: true, password: 'from-secure' });
    expect(config.origin).toContain('cloud "nectar"');
    expect(loadCloudConfig({ OS_CLOUD: 'nectar', OS_REGION_NAME: 'Queensland' }, where).regionName).toBe('Queensland');
    expect(loadCloudConfig({ OS_CLOUD: 'appcred' }, where)).toMatchObject({ authMethod: 'applicationCredential', applicationCredentialId: 'ac' });
  });

  it('fails clearly: no file, unknown cloud, bad YAML', () => {
    const where = places();
    expect(() => loadCloudConfig({ OS_CLOUD: 'nectar' }, where)).toThrow(/there is no clouds\.yaml/);
    expect(() => loadCloudConfig({ OS_CLOUD: 'nectar', OS_CLIENT_CONFIG_FILE: '/nonexistent/clouds.yaml' }, where)).toThrow(/does not exist/);
    writeFileSync(join(where.cwd, 'clouds.yaml'), yaml('https://k'));
    expect(() => loadCloudConfig({ OS_CLOUD: 'other' }, where)).toThrow(/cloud "other" is not in .*"nectar", "appcred"/);
    writeFileSync(join(where.cwd, 'clouds.yaml'), 'clouds: [\n');
    expect(() => loadCloudConfig({ OS_CLOUD: 'nectar' }, where)).toThrow(/clouds\.yaml: line \d+, column \d+: not valid YAML/);
  });
});
