/**
 * No secret (password, token, application-credential secret) in any output or
 * file, whatever happens — even when a server echoes the request back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scenario, secretsOf, type Scenario } from './support/scenario.ts';

// Each test spawns the CLI (a fresh Node) once or more: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let current: Scenario | null = null;
afterEach(async () => {
  await current?.cloud.stop();
  current = null;
});

function expectNoSecrets(s: Scenario, outputs: string[]): void {
  const files = readdirSync(s.dir).map((name) => readFileSync(join(s.dir, name), 'utf8'));
  const haystack = [...outputs, ...files].join('\n');
  const secrets = secretsOf(s.cloud);
  expect(secrets.length).toBeGreaterThanOrEqual(3);
  for (const secret of secrets) expect(haystack).not.toContain(secret);
}

describe('secrets never leak', () => {
  it('not on success, in --json output, in the snapshot or the history', async () => {
    const s = (current = await scenario());
    const outputs: string[] = [];
    for (const args of [[], ['--json'], ['--json', '--verbose']]) {
      const run = await s.run(args);
      expect(run.code, run.stderr).toBe(0);
      outputs.push(run.stdout, run.stderr);
    }
    expectNoSecrets(s, outputs);
  });

  it('not when a server echoes the request (password, token) into its error message', async () => {
    const s = (current = await scenario());
    const outputs: string[] = [];
    s.cloud.intercept = (request) =>
      request.method === 'POST'
        ? { status: 401, body: { error: { message: `bad request body: ${request.body}` } } }
        : undefined;
    let run = await s.run(['--json']);
    expect(run.code).toBe(3);
    outputs.push(run.stdout, run.stderr);
    s.cloud.intercept = (request) =>
      request.method === 'GET' ? { status: 500, body: { message: `token ${String(request.headers['x-auth-token'])} failed` } } : undefined;
    run = await s.run(['--verbose'], { CATALOG_RETRIES: '1' });
    expect(run.code).toBe(4);
    outputs.push(run.stdout, run.stderr);
    expect(run.stderr).toContain('***');
    s.cloud.intercept = (request) => (request.method === 'POST' ? { status: 400, body: { error: { message: request.body } } } : undefined);
    run = await s.run([], {
      OS_USERNAME: undefined,
      OS_PASSWORD: undefined,
      OS_APPLICATION_CREDENTIAL_ID: 'ac1',
      OS_APPLICATION_CREDENTIAL_SECRET: s.cloud.appCredentialSecret,
    });
    expect(run.code).toBe(2);
    outputs.push(run.stdout, run.stderr);
    expectNoSecrets(s, outputs);
  });

  it('not in an auth URL carrying user info or a query', async () => {
    const s = (current = await scenario());
    const url = new URL(s.cloud.authUrl);
    url.username = 'someone';
    url.password = s.cloud.password;
    const run = await s.run([], { OS_AUTH_URL: `http://someone:${encodeURIComponent(s.cloud.password)}@127.0.0.1:1/v3?token=${s.cloud.initialToken}`, CATALOG_RETRIES: '0' });
    expect(run.code).toBe(4);
    expectNoSecrets(s, [run.stdout, run.stderr]);
  });
});
