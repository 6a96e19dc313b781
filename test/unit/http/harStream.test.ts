// The streaming HAR reader (issue 16) gives exactly what jsonc-parser's tree gives, on strict JSON of
// every shape a HAR field can take (wrong types, repeated names, escapes, non-object items), and on
// the shared corpus; anything else falls back to the tree. Its speed is a bench figure (bench/run.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { readHar, readHarTree } from '../../../src/core/http/har';
import { readHarStreaming } from '../../../src/core/http/harStream';
import { harEntry, harText } from '../helpers/fixtures';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/har');

/** The tree reading of `text`, as readHar would fall back to it. */
function viaTree(text: string, responses = true) {
  const src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return readHarTree(src, { responses });
}

/** True when `text` went through the streaming reader (it is strict JSON). */
function streams(text: string): boolean {
  const src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const k = src.search(/\S/);
  return readHarStreaming(src, k, true, () => []) !== null;
}

// Values a HAR field may hold, right or wrong.
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('authorization', 'Authorization', 'Bearer eyJ.x', 'base64', 'aGk=', 'GET', 'post', 'a"b\\c\u00e9\u2028'), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('name', 'value', 'text', 'x'), scalar, { maxKeys: 2 }));
/** An object with some of `keys` (maybe repeated, maybe of the wrong type), as JSON text. */
const objectOf = (keys: string[], inner: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(fc.constantFrom(...keys, 'other'), fc.oneof(inner, value.map((v) => JSON.stringify(v)))), { maxLength: keys.length + 2 }).map((ps) => `{${ps.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(',\n ')}}`);
const header = objectOf(['name', 'value'], scalar.map((v) => JSON.stringify(v)));
const headers = fc.array(fc.oneof(header, value.map((v) => JSON.stringify(v))), { maxLength: 3 }).map((hs) => `[${hs.join(',')}]`);
const content = objectOf(['text', 'encoding', 'mimeType'], scalar.map((v) => JSON.stringify(v)));
const request = objectOf(['method', 'url', 'httpVersion', 'headers', 'postData'], fc.oneof(headers, objectOf(['text'], scalar.map((v) => JSON.stringify(v)))));
const response = objectOf(['status', 'statusText', 'httpVersion', 'headers', 'content'], fc.oneof(headers, content));
const entry = fc.oneof(objectOf(['startedDateTime', 'request', 'response'], fc.oneof(request, response)), value.map((v) => JSON.stringify(v)));
const har = fc
  .tuple(fc.array(entry, { maxLength: 4 }), fc.boolean(), fc.constantFrom('', '\uFEFF', ' \n'))
  .map(([es, creator, lead]) => `${lead}{"log": {${creator ? '"creator": {"name": "x"}, ' : ''}"entries": [\n${es.join(',\n')}\n]}}`);

describe('streaming HAR reader', () => {
  it('reads every generated strict-JSON HAR exactly as the tree does, with and without responses', () => {
    fc.assert(
      fc.property(har, (text) => {
        assert.ok(streams(text), 'strict JSON takes the streaming path');
        assert.deepEqual(readHar(text), viaTree(text));
        assert.deepEqual(readHar(text, { responses: false }), viaTree(text, false));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads the corpus HARs and the fixtures exactly as the tree does', () => {
    const texts = readdirSync(CORPUS).map((f) => readFileSync(path.join(CORPUS, f), 'utf8'));
    texts.push(harText([harEntry({ url: 'https://a.test/1', auth: 'Bearer abc', status: 401, body: '{"e":1}', base64: true }), harEntry({ method: 'post', url: 'https://a.test/2' })]));
    for (const text of texts) {
      assert.ok(streams(text));
      const h = readHar(text);
      assert.ok(h.entries.length > 0);
      assert.deepEqual(h, viaTree(text));
    }
  });

  it('reads keys and header names written with escapes, and numbers of every JSON form, as the tree does', () => {
    const text = `{"log": {"entries": [{"re\\u0071uest": {"m\\u0065thod": "post", "url": "https://a.test/x", "headers": [
      {"n\\u0061me": "AUTHORIZ\\u0041TION", "valu\\u0065": "Bearer a\\u002eb"},
      {"value": "Bearer second", "name": "authorization"},
      {"name": "Authorization", "value": 7},
      {"name": "Authorisation", "value": "Bearer no"},
      {"name": "AUTHORİZATİON", "value": "Bearer dotted"},
      {"name": "Authoriz\u0430tion", "value": "Bearer cyrillic"}]},
      "response": {"status": 4.01e2, "statusText": "x", "headers": [], "content": {"size": -0.5E-3, "text": "t"}},
      "timings": {"a": 0, "b": -1, "c": 1.5, "d": 2e+3, "e": 10E-2}}]}}`;
    assert.ok(streams(text));
    for (const responses of [true, false]) assert.deepEqual(readHar(text, { responses }), viaTree(text, responses));
    const [e] = readHar(text, { responses: false }).entries;
    assert.equal(e.request.method, 'POST');
    // The two Authorization values that are strings, then the URL: in document order.
    assert.deepEqual(
      e.credentialRanges.map(([a, b]) => text.slice(a, b)),
      ['"https://a.test/x"', '"Bearer a\\u002eb"', '"Bearer second"'],
    );
    assert.equal(readHar(text).entries[0].response?.status, 401);
    // Numbers JSON does not allow send the text to the tree.
    for (const bad of ['01', '1.', '-', '1e', '1e+', '.5', '+1']) assert.equal(streams(text.replace('"a": 0', `"a": ${bad}`)), false, bad);
  });

  it('falls back to the tree on what is not strict JSON (comments, trailing commas, raw line breaks, errors)', () => {
    const good = harText([harEntry({ url: 'https://a.test/', auth: 'Bearer zzz' })]);
    const variants = [
      good.replace('"log": {', '"log": { // c\n'),
      good.replace(/}\s*]\s*}\s*}\s*$/, '},]}}'),
      good.replace('"https://a.test/"', '"https://a.\ntest/"'),
      good.replace('"https://a.test/"', '"https://a.\rtest/"'),
      good.replace('"https://a.test/"', '"https://a.test/\\x"'),
      good + ' trailing',
      good.slice(0, -5),
      '{"log":{"entries":' + '['.repeat(300) + ']'.repeat(300) + '}}',
    ];
    for (const text of variants) {
      assert.equal(streams(text), false, JSON.stringify(text.slice(0, 60)));
      assert.deepEqual(readHar(text), viaTree(text));
    }
  });
});
