/** TLS with a private CA: OS_CACERT trusts it, without it the error is clear, OS_INSECURE skips verification. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectFault, scenario, type Scenario } from './support/scenario.ts';
import { tempDir } from './support/run-cli.ts';

// Each test spawns the CLI (a fresh Node) once or more: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = haveOpenssl();
if (!available && process.env.CI === 'true') throw new Error('openssl is needed for the TLS tests');

describe.skipIf(!available)('TLS with a private CA', () => {
  let pki: string;
  let s: Scenario;

  beforeAll(async () => {
    pki = tempDir('catalog-pki-');
    const run = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: pki, stdio: 'ignore' });
    };
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Private CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(pki, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
    s = await scenario({ tls: { key: readFileSync(join(pki, 'server.key'), 'utf8'), cert: readFileSync(join(pki, 'server.pem'), 'utf8') } });
  });

  afterAll(async () => {
    await s?.cloud.stop();
  });

  it('fails with a clear TLS error (exit 4) without OS_CACERT', async () => {
    const run = await s.run();
    expectFault(s, run, 4, /TLS failure talking to Keystone at https:\/\/127\.0\.0\.1:\d+: its certificate is not trusted .*set OS_CACERT/);
  });

  it('trusts the CA given by OS_CACERT', async () => {
    const run = await s.run(['--json'], { OS_CACERT: join(pki, 'ca.pem') });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, images: 5 });
  });

  it('skips verification with OS_INSECURE=true', async () => {
    const run = await s.run(['--json'], { OS_INSECURE: 'true' });
    expect(run.code, run.stderr).toBe(0);
  });

  it('names a missing OS_CACERT file (exit 2)', async () => {
    const before = readFileSync(s.out, 'utf8');
    const run = await s.run([], { OS_CACERT: join(pki, 'nope.pem') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the CA bundle .*nope\.pem does not exist/);
    expect(readFileSync(s.out, 'utf8')).toBe(before);
  });
});
