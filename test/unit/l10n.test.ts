// Every string of the extension face has its Japanese text, and the English bundle is current.
// The strings are found by @vscode/l10n-dev itself (scripts/l10n-export.mjs), not by a regex.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')) as Record<string, string>;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Strings that are the same in Japanese: names, units and codes. */
const SAME_IN_JAPANESE = new Set(['aud {0}', 'JSON Web Token', 'JWE', 'JWT: {0}', 'MFA {0}', 'UTC']);

describe('l10n', () => {
  let extracted: Record<string, string>;
  before(async function () {
    this.timeout(60000);
    const { extract } = (await import('../../scripts/l10n-export.mjs' as string)) as { extract(): Promise<Record<string, string>> };
    extracted = await extract();
  });

  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts now (run npm run l10n after adding strings)', () => {
    assert.ok(Object.keys(extracted).length > 100, 'the extractor finds the renderers\' strings too');
    assert.deepEqual(read('l10n/bundle.l10n.json'), extracted);
  });

  it('has a Japanese text for every string, and none for strings that no longer exist', () => {
    const ja = read('l10n/bundle.l10n.ja.json');
    const missing = Object.keys(extracted).filter((k) => !ja[k]?.trim() || (!JAPANESE.test(ja[k]) && !SAME_IN_JAPANESE.has(k)));
    assert.deepEqual(missing, [], 'strings without Japanese');
    assert.deepEqual(Object.keys(ja).filter((k) => !(k in extracted)), [], 'stale Japanese strings');
    for (const [k, v] of Object.entries(ja)) {
      const holes = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');
      assert.equal(holes(v), holes(k), `placeholders of "${k}"`);
    }
  });

  it('has every %key% of package.json in English and Japanese', () => {
    const pkg = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const en = read('package.nls.json');
    const ja = read('package.nls.ja.json');
    const keys = new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    // Every Japanese text is Japanese, but the product's name (displayName, the settings' title) stays as it is.
    for (const k of keys) {
      assert.ok(en[k]?.trim(), `en ${k}`);
      if (k.endsWith('.media')) {
        // Walkthrough step texts: a file per language, and it must exist.
        for (const file of [en[k], ja[k]]) assert.ok(file && existsSync(new URL(`../../${file}`, import.meta.url)), `${k}: ${file}`);
        assert.notEqual(ja[k], en[k], `${k} has a Japanese file`);
      } else assert.ok(ja[k]?.trim() && (JAPANESE.test(ja[k]) || k === 'displayName' || k === 'config.title'), `ja ${k}`);
    }
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  });
});
