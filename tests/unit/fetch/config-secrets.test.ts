/**
 * Every config-file error path of catalog:fetch, each with a unique secret
 * planted in clouds.yaml or secure.yaml: the error is one line naming the file
 * (and, for YAML syntax, the line, column and kind of error), and the secret
 * appears in no output, plain or --json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { baseEnv, runCli, tempDir } from './support/run-cli.ts';

vi.setConfig({ testTimeout: 60_000 });

interface Case {
  name: string;
  clouds?: (secret: string) => string;
  secure?: (secret: string) => string;
  /** Make clouds.yaml a directory (unreadable as a file). */
  cloudsIsDir?: boolean;
  env?: NodeJS.ProcessEnv;
  expected: RegExp;
}

const auth = (secret: string, extra = '') =>
  `clouds:\n  nectar:\n    auth:\n      auth_url: http://127.0.0.1:1/v3\n      username: someone\n      password: "${secret}"\n      project_name: p\n${extra}`;

const CASES: Case[] = [
  { name: 'clouds.yaml: unclosed quote on the password line', clouds: (s) => `clouds:\n  nectar:\n    auth:\n      password: "${s}\n      username: x\n`, expected: /clouds\.yaml: line \d+, column \d+: not valid YAML \(/ },
  { name: 'clouds.yaml: bad escape in the password', clouds: (s) => `clouds:\n  nectar:\n    auth:\n      password: "${s}\\q"\n`, expected: /clouds\.yaml: line 4, column \d+: not valid YAML \(a bad escape/ },
  { name: 'clouds.yaml: tab indentation', clouds: (s) => `clouds:\n  nectar:\n\tauth: {password: ${s}}\n`, expected: /clouds\.yaml: line \d+, column \d+: not valid YAML/ },
  { name: 'clouds.yaml: the password key twice', clouds: (s) => `clouds:\n  nectar:\n    auth:\n      password: ${s}\n      password: ${s}x\n`, expected: /line 5, column \d+: not valid YAML \(a key given twice\)/ },
  { name: 'clouds.yaml: flow mapping left open', clouds: (s) => `clouds: {nectar: {auth: {password: ${s}}\n`, expected: /not valid YAML/ },
  { name: 'clouds.yaml: not a mapping', clouds: (s) => `- ${s}\n`, expected: /clouds\.yaml .* is not a mapping/ },
  { name: 'clouds.yaml: clouds is not a mapping', clouds: (s) => `clouds:\n  - ${s}\n`, expected: /"clouds" key that is not a mapping/ },
  { name: 'clouds.yaml: no such cloud', clouds: (s) => auth(s).replace('nectar:', 'other:'), expected: /cloud "nectar" is not in .*clouds\.yaml/ },
  { name: 'clouds.yaml: auth is not a mapping', clouds: (s) => `clouds:\n  nectar:\n    auth: "${s}"\n`, expected: /"auth" that is not a mapping/ },
  { name: 'clouds.yaml: unsupported auth type', clouds: (s) => auth(s, '    auth_type: v3oidcpassword\n'), expected: /auth type "v3oidcpassword" .* is not supported/ },
  { name: 'clouds.yaml: no auth URL', clouds: (s) => auth(s).replace(/ *auth_url: .*\n/, ''), expected: /no auth URL \(from cloud "nectar"/ },
  { name: 'clouds.yaml: auth URL not a URL', clouds: (s) => auth(s).replace('http://127.0.0.1:1/v3', 'keystone'), expected: /auth URL .* is not a URL/ },
  { name: 'clouds.yaml: bad interface', clouds: (s) => auth(s, '    interface: sideways\n'), expected: /interface "sideways"/ },
  { name: 'clouds.yaml: missing CA bundle', clouds: (s) => auth(s, '    cacert: /nonexistent/ca.pem\n'), expected: /CA bundle .* does not exist/ },
  { name: 'clouds.yaml: no user name', clouds: (s) => auth(s).replace(/ *username: .*\n/, ''), expected: /no user name/ },
  { name: 'clouds.yaml: unreadable', cloudsIsDir: true, secure: (s) => `clouds:\n  nectar:\n    auth:\n      password: ${s}\n`, expected: /cannot read clouds\.yaml/ },
  { name: 'secure.yaml: unclosed quote on the password line', clouds: (s) => auth(s.slice(0, 2)), secure: (s) => `clouds:\n  nectar:\n    auth:\n      password: '${s}\n`, expected: /secure\.yaml: line \d+, column \d+: not valid YAML/ },
  { name: 'secure.yaml: not a mapping', clouds: (s) => auth(s.slice(0, 2)), secure: (s) => `"${s}"\n`, expected: /secure\.yaml .* is not a mapping/ },
  {
    name: 'secure.yaml: a secret with no user name',
    clouds: () => `clouds:\n  nectar:\n    auth:\n      auth_url: http://127.0.0.1:1/v3\n`,
    secure: (s) => `clouds:\n  nectar:\n    auth:\n      password: ${s}\n`,
    expected: /no user name/,
  },
];

describe('config-file errors never print a secret', () => {
  for (const [index, testCase] of CASES.entries()) {
    it(testCase.name, async () => {
      const secret = `Sx${index}-${Math.random().toString(36).slice(2, 10)}-Pw`;
      const dir = tempDir('catalog-config-secret-');
      const clouds = join(dir, 'clouds.yaml');
      if (testCase.cloudsIsDir) mkdirSync(clouds);
      else writeFileSync(clouds, testCase.clouds!(secret));
      const env: NodeJS.ProcessEnv = { ...baseEnv(tempDir('catalog-home-')), OS_CLOUD: 'nectar', OS_CLIENT_CONFIG_FILE: clouds, CATALOG_RETRIES: '0' };
      if (testCase.secure) {
        writeFileSync(join(dir, 'secure.yaml'), testCase.secure(secret));
        env.OS_CLIENT_SECURE_FILE = join(dir, 'secure.yaml');
      }
      for (const args of [['--out', join(dir, 'snapshot.json')], ['--json', '--out', join(dir, 'snapshot.json')]]) {
        const run = await runCli(args, env);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toMatch(testCase.expected);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        const output = run.stdout + run.stderr;
        expect(output).not.toContain(secret);
        // Nor any long piece of it (a message quoting the line would carry most of it).
        expect(output).not.toContain(secret.slice(0, 10));
        if (args[0] === '--json') expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 2, kind: 'config' });
      }
    });
  }
});
