// Scanner points of issue 13 (3: padded tokens, 4: stripped signatures) on the shared corpus, read in
// place from ../shared/corpus (never copied into the project).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { decode } from '../../src/core/decode';
import { scan } from '../../src/core/scan';
import { settingsFromJson } from '../../src/core/settings';
import { NOW } from './helpers/fixtures';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const read = (rel: string) => readFileSync(path.join(CORPUS, rel), 'utf8');
const slices = (text: string) => scan(text).map((t) => text.slice(t.start, t.end));

describe('scan on the shared corpus', () => {
  it("finds Microsoft's v1.0 ID-token sample whole, its '=' padding included, and decodes it", () => {
    const text = read('entra/id-tokens_excerpt.md');
    const sample = text.split('\n').find((l) => l.startsWith('eyJ') && l.includes('=.'));
    assert.ok(sample, 'the v1.0 sample (payload padded with "=") is in the excerpt');
    const found = slices(text);
    assert.ok(found.includes(sample), 'the sample is found with its exact extent');
    // The sample, and the same token inside the jwt.ms link, plus the v2.0 sample and its link.
    assert.equal(found.filter((t) => t === sample).length, 2);
    assert.equal(found.length, 4);
    const d = decode(sample);
    assert.equal(d.error, undefined);
    assert.equal(d.claims?.ver, '1.0');
    assert.equal(d.signatureMissing, undefined);
  });

  it("finds every one of MSAL's 16 test tokens, padded ones included, each exactly one line", () => {
    const text = read('entra/msal-common_StringConstants.tokens.txt');
    const lines = text.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, 16);
    assert.ok(lines.filter((l) => /=\./.test(l)).length >= 6, 'several carry "=" padding before a dot');
    assert.deepEqual(slices(text), lines);
  });

  it('finds the stripped-signature token in the ord-service README and says its signature is missing', () => {
    const text = read('entra/ord-service_README.md');
    const found = scan(text);
    assert.equal(found.length, 1);
    const raw = text.slice(found[0].start, found[0].end);
    assert.ok(raw.startsWith('eyA'), 'white-space header');
    assert.ok(raw.endsWith('Cg.'), 'the range ends with the empty signature segment');
    assert.equal(text.slice(found[0].start - 'Bearer '.length, found[0].start), 'Bearer ');
    const [tok] = analyzeText(text, { settings: settingsFromJson({}), now: NOW, fileName: 'README.md' });
    assert.equal(tok.decoded.header?.alg, 'RS256');
    assert.ok(tok.findings.some((f) => f.code === 'signature-missing'), JSON.stringify(tok.findings.map((f) => f.code)));
    assert.ok(!tok.findings.some((f) => f.code === 'malformed' || f.code === 'unsigned'));
  });

  it('does not report the signature missing on complete or unsecured tokens of the corpus', () => {
    for (const rel of ['entra/msal-common_StringConstants.tokens.txt', 'jose/rfc7515_A5_none.txt', 'jose/rfc7515_A2_rs256.txt']) {
      const text = read(rel);
      const tokens = analyzeText(text, { settings: settingsFromJson({}), now: NOW, fileName: rel });
      assert.ok(tokens.length > 0, rel);
      for (const t of tokens) assert.ok(!t.findings.some((f) => f.code === 'signature-missing'), rel);
    }
  });
});
