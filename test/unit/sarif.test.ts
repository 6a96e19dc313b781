// `jwt-mfa scan --format sarif` is what GitHub code scanning accepts: valid against the SARIF 2.1.0
// JSON schema (the copy @microsoft/jest-sarif ships), with what GitHub and the SARIF multitool's
// GitHub rules ask of rules, the driver, results, URIs and fingerprints.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { main } from '../../src/cli/main';
import { FINGERPRINT_KEY, MADE_WHEN_SENT } from '../../src/cli/sarif';
import { FINDING_CODES } from '../../src/core/types';
import { mint, NOW, NOW_S, userClaims } from './helpers/fixtures';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The schema's language pattern is not valid in Unicode mode (a stray `]`): compile patterns as plain RegExps.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

async function sarifOf(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ log: Log; out: string; code: number }> {
  let out = '';
  const code = await main(['scan', ...args, '--format', 'sarif'], {
    stdout: (s) => (out += s),
    stderr: () => undefined,
    readStdin: async () => '',
    cwd,
    env,
    now: () => NOW,
  });
  return { log: JSON.parse(out) as Log, out, code };
}

/** What GitHub code scanning needs (its SARIF support page) and the multitool's GH/SARIF rules check. */
function githubProblems(log: Log): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  need(log.version === '2.1.0', 'version 2.1.0');
  for (const run of log.runs) {
    const d = run.tool.driver;
    need(d.name, 'driver.name');
    need(d.version && d.semanticVersion, 'driver version (SARIF2005)');
    need(d.informationUri && /^https:\/\//.test(d.informationUri), 'driver.informationUri');
    need((d.rules ?? []).length <= 25_000 && (run.results ?? []).length <= 25_000, 'GitHub limits');
    for (const r of d.rules ?? []) {
      need(/^[a-z][a-z-]*$/.test(r.id), `${r.id}: opaque id`);
      need(r.name && r.name !== r.id, `${r.id}: name differs from id (SARIF1001)`);
      need(r.shortDescription?.text, `${r.id}: shortDescription`);
      need(r.fullDescription?.text, `${r.id}: fullDescription (GH2012)`);
      need(r.help?.text && r.help?.markdown, `${r.id}: help text and markdown (GH2012)`);
      need(r.helpUri && new URL(r.helpUri).protocol === 'https:', `${r.id}: helpUri`);
      need(r.defaultConfiguration?.level, `${r.id}: default level`);
    }
    for (const res of run.results ?? []) {
      const rule = d.rules?.[res.ruleIndex ?? -1];
      need(rule && rule.id === res.ruleId, `result ${res.ruleId}: ruleIndex points at its rule`);
      need(res.message.text, 'result message text (GH1007)');
      need(Object.keys(res.partialFingerprints ?? {}).length > 0, 'partialFingerprints');
      const loc = res.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? '';
      need(uri && !/^[a-z]+:/i.test(uri), `${uri}: a relative URI (GH1005)`);
      need(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/.test(uri) && !/%(?![0-9A-F]{2})/.test(uri), `${uri}: percent-encoded (SARIF1002)`);
      need(loc?.region?.startLine && loc.region.startLine >= 1, 'region.startLine (GH1003)');
      // SARIF §3.27.10: a result of any kind but "fail" has level "none" (level "note" is a failure).
      need(res.kind === undefined || res.kind === 'fail' || res.level === 'none', `result ${res.ruleId}: kind ${res.kind} with level ${res.level}`);
    }
  }
  return problems;
}

describe('jwt-mfa scan --format sarif', () => {
  let dir: string;
  const noMfa = mint(userClaims({ amr: ['pwd'] }));
  const expiredNoMfa = mint(userClaims({ amr: ['pwd'], exp: NOW_S - 7200 }));
  const otherKey = mint(userClaims({ amr: ['pwd'] }), { alg: 'RS256', typ: 'JWT', kid: 'k2' });
  const idToken = mint({ ...userClaims(), aud: 'app-id', nonce: 'n', ver: '2.0' });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-sarif-'));
    mkdirSync(path.join(dir, 'sp ace'));
    writeFileSync(path.join(dir, 'sp ace', 'a#b.http'), `GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${noMfa}\n`);
    writeFileSync(path.join(dir, 'tokens.log'), `${noMfa}\n${expiredNoMfa}\n${otherKey}\n${idToken}\n`);
    writeFileSync(path.join(dir, '日本.txt'), `x ${noMfa}`);
    writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0, 1, 2]));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const lang of ['en', 'ja']) {
    it(`is valid SARIF 2.1.0 and breaks none of GitHub's rules (${lang})`, async () => {
      const { log, out, code } = await sarifOf(dir, ['.', 'missing.txt', '--lang', lang]);
      assert.equal(code, 2, 'a missing file is an I/O error');
      const valid = validate(log);
      assert.ok(valid, JSON.stringify(validate.errors, null, 1));
      assert.deepEqual(githubProblems(log), []);
      const run = log.runs[0];
      assert.deepEqual(run.tool.driver.rules?.map((r) => r.id), [...FINDING_CODES, MADE_WHEN_SENT]);
      assert.equal(run.tool.driver.version, pkg.version);
      assert.ok((run.results ?? []).length >= 6, `results: ${run.results?.length}`);
      assert.ok(run.invocations?.[0].toolExecutionNotifications?.some((n) => /missing\.txt: no such file/.test(n.message.text ?? '')));
      for (const t of [noMfa, expiredNoMfa, otherKey, idToken]) {
        for (const part of t.split('.').slice(1)) assert.ok(!out.includes(part), 'no token payload or signature in the output');
      }
      // The checks can fail: a wrong level breaks the schema, a rule without help breaks GitHub's rule.
      const broken = structuredClone(log);
      (broken.runs[0].results![0] as { level: string }).level = 'fatal';
      delete broken.runs[0].tool.driver.rules![0].help;
      assert.equal(validate(broken), false);
      assert.deepEqual(githubProblems(broken), ['mfa-missing: help text and markdown (GH2012)']);
      if (lang === 'ja') assert.match(run.tool.driver.rules?.[0].fullDescription?.text ?? '', /[ぁ-ん]/);
    });
  }

  it('percent-encodes paths: spaces, # and non-ASCII names', async () => {
    const { log } = await sarifOf(dir, ['.']);
    const uris = new Set((log.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri));
    assert.deepEqual([...uris].sort(), ['sp%20ace/a%23b.http', 'tokens.log', '%E6%97%A5%E6%9C%AC.txt'].sort());
    for (const u of uris) assert.ok(existsSync(path.join(dir, decodeURIComponent(u ?? ''))), `${u} decodes back to the file`);
  });

  it('a request whose token is made when sent is an "open" result with level "none": valid, in its rule, never a failure', async () => {
    const AAD = 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$aadToken}}\n';
    const mintedDir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-sarif-minted-'));
    try {
      writeFileSync(path.join(mintedDir, 'a.http'), `${AAD}\n###\n${AAD}\n###\n@tok = {{login.response.body.$.access_token}}\nGET https://x.test/me?code=s3cret\nAuthorization: Bearer {{tok}}\n`);
      writeFileSync(path.join(mintedDir, 'README.md'), `# Call it\n\n\`\`\`http\n${AAD}\`\`\`\n`);
      for (const lang of ['en', 'ja']) {
        const { log, out, code } = await sarifOf(mintedDir, ['.', '--lang', lang]);
        assert.equal(code, 0, 'nothing judged, nothing failed');
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
        assert.deepEqual(githubProblems(log), []);
        const run = log.runs[0];
        const rule = run.tool.driver.rules![run.tool.driver.rules!.length - 1];
        assert.equal(rule.id, MADE_WHEN_SENT);
        assert.equal(rule.defaultConfiguration?.level, 'none');
        assert.match(rule.helpUri ?? '', /docs\/codes\.md#made-when-sent$/);
        const results = run.results ?? [];
        assert.deepEqual(
          results.map((r) => `${r.locations?.[0].physicalLocation?.artifactLocation?.uri}:${r.locations?.[0].physicalLocation?.region?.startLine} ${r.ruleId} ${r.kind} ${r.level}`).sort(),
          ['README.md:4 made-when-sent open none', 'a.http:1 made-when-sent open none', 'a.http:5 made-when-sent open none', 'a.http:10 made-when-sent open none'].sort(),
        );
        for (const r of results) assert.equal(run.tool.driver.rules![r.ruleIndex!].id, r.ruleId);
        const first = results.find((r) => r.locations?.[0].physicalLocation?.region?.startLine === 1 && r.locations[0].physicalLocation.artifactLocation?.uri === 'a.http')!;
        assert.equal(
          first.message.text,
          lang === 'en'
            ? 'GET https://api.partnercenter.microsoft.com/v1/customers: the token is made when the request is sent ({{$aadToken}}); it cannot be judged from the file.'
            : 'GET https://api.partnercenter.microsoft.com/v1/customers: トークンは要求の送信時に作られるため（{{$aadToken}}）、ファイルからは判定できません。',
        );
        assert.ok(!out.includes('s3cret'), 'the URL\'s credentials are redacted');
        const fps = results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
        assert.equal(new Set(fps).size, fps.length, 'two identical requests in one file have their own fingerprints');
      }
      // Moving lines keeps the fingerprints; the checks can fail (a "note" on an open result is a failure).
      const prints = (log: Log) => (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]).sort();
      const before = (await sarifOf(mintedDir, ['a.http'])).log;
      writeFileSync(path.join(mintedDir, 'a.http'), `\n\n# moved\n${readFileSync(path.join(mintedDir, 'a.http'), 'utf8')}`);
      assert.deepEqual(prints((await sarifOf(mintedDir, ['a.http'])).log), prints(before));
      const broken = structuredClone(before);
      broken.runs[0].results![0].level = 'note';
      assert.deepEqual(githubProblems(broken), ['result made-when-sent: kind open with level note']);
    } finally {
      rmSync(mintedDir, { recursive: true, force: true });
    }
  });

  it('fingerprints are stable across runs and line moves, and tell files, codes and keys apart', async () => {
    const prints = (log: Log) => (log.runs[0].results ?? []).map((r) => `${r.locations?.[0].physicalLocation?.artifactLocation?.uri} ${r.ruleId} ${r.partialFingerprints?.[FINGERPRINT_KEY]}`);
    const first = prints((await sarifOf(dir, ['.'])).log);
    assert.deepEqual(prints((await sarifOf(dir, ['.'])).log), first, 'same input, same fingerprints');
    writeFileSync(path.join(dir, 'tokens.log'), `\n\n// moved down\n   ${noMfa}\n\n${expiredNoMfa}\n${otherKey}\n${idToken}\n`);
    writeFileSync(path.join(dir, '日本.txt'), `\n\n\nx = "${noMfa}"`);
    assert.deepEqual(prints((await sarifOf(dir, ['.'])).log), first, 'moving lines keeps fingerprints');
    const fps = first.map((l) => l.split(' ')[2]);
    assert.ok(fps.every((f) => /^[0-9a-f]{64}$/.test(f)));
    assert.equal(new Set(fps).size, fps.length, `every result has its own fingerprint: ${first.join('\n')}`);
    // the same header and code in one file (noMfa, expiredNoMfa) differ by their order only
    const log = first.filter((l) => l.startsWith('tokens.log mfa-missing'));
    assert.equal(log.length, 3);
  });
});
