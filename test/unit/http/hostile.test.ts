// The request-file parsers never throw and stay linear on arbitrary and adversarial input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnose } from '../../../src/core/diagnose';
import { findCurlCommands } from '../../../src/core/http/curl';
import { readHar } from '../../../src/core/http/har';
import { parseHttpFile } from '../../../src/core/http/httpFile';
import { findRawResponses } from '../../../src/core/http/rawResponse';
import { findRequestSites } from '../../../src/core/http/sites';
import { decodeClaimsChallenge, parseWwwAuthenticate } from '../../../src/core/http/wwwAuthenticate';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { scan } from '../../../src/core/scan';
import { NOW } from '../helpers/fixtures';

/** Strings biased toward the characters each grammar cares about. */
const alphabet = (chars: string) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: 400 });
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }));
const wwwText = fc.oneof(anyText, alphabet('Bearer realm=error"\\, =\t\r\nabc/+~._-'));
const httpText = fc.oneof(anyText, alphabet('#@/{}=:GETPOST \t\r\n?&>%<HTTP1.x'));
const curlText = fc.oneof(anyText, alphabet("curl -H'\"$\\^`\n\r \t|;&xX:"));
const harJson = fc.oneof(
  anyText,
  fc.json({ maxDepth: 6 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ log: { entries: [v, { request: v, response: v }] } })),
);

const RUNS = 2000;

// No timed assertions here (they flaked on a loaded machine): time is the bench's (bench/adversarial.ts,
// bench/run.ts). What these tests hold is that every parser returns, on any input: a hang or a
// quadratic walk over 1 MB does not finish within mocha's timeout, which fails the test.

describe('hostile input (property-based)', function () {
  this.timeout(60000);

  it('WWW-Authenticate parser never throws, always returns, keeps schemes as tokens', () => {
    fc.assert(
      fc.property(fc.array(wwwText, { maxLength: 3 }), (values) => {
        const cs = parseWwwAuthenticate(values);
        for (const c of cs) assert.ok(c.scheme.length > 0 && !/[\s,"]/.test(c.scheme));
        for (const c of cs) if (c.params.claims !== undefined) decodeClaimsChallenge(c.params.claims);
      }),
      { numRuns: RUNS },
    );
  });

  it('.http parser never throws; request lines and offsets stay inside the text', () => {
    fc.assert(
      fc.property(httpText, (text) => {
        const f = parseHttpFile(text, { environment: { a: '{{b}}', b: '{{a}}' } });
        for (const r of f.requests) {
          assert.ok(r.urlStart >= 0 && r.urlEnd <= text.length && r.urlStart <= r.urlEnd);
          for (const h of r.headers) assert.ok(h.valueStart <= h.valueEnd && h.valueEnd <= text.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('HAR reader never throws', () => {
    fc.assert(
      fc.property(harJson, (text) => {
        const h = readHar(text);
        for (const e of h.entries) for (const [s, t] of e.credentialRanges) assert.ok(s >= 0 && t <= text.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('curl finder never throws; commands are in range and in order', () => {
    fc.assert(
      fc.property(curlText, (text) => {
        const cs = findCurlCommands(text);
        let last = -1;
        for (const c of cs) {
          assert.ok(c.start > last && c.end <= text.length);
          last = c.start;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('raw responses, request sites and diagnose never throw', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 999 }), wwwText, (text, status, www) => {
        findRawResponses(text);
        for (const name of ['a.http', 'a.har', 'a.log', 'a.md']) findRequestSites(text, name);
        diagnose({ request: { method: 'GET', url: text, headers: [['Authorization', text]] }, response: { status, statusText: text, headers: [['WWW-Authenticate', www]], body: text }, settings: DEFAULT_SETTINGS, now: NOW });
      }),
      { numRuns: 500 },
    );
  });
});

/** Runs `f` (the test fails by mocha's timeout if it does not return). */
function returns(f: () => unknown): void {
  f();
}

describe('adversarial 1 MB inputs', function () {
  // Linear parsers take milliseconds to a second here; a quadratic one takes minutes.
  this.timeout(30000);
  const MB = 1 << 20;
  const run = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  // The runs issue 7 names, the header prefixes (dotless runs of them were quadratic in a scanner draft),
  // and line- and block-heavy runs.
  const named = ['"\\', ',=', 'eyJ', 'a.a.a.', 'ewoA', 'eyAi', 'eyJ.', '%20eyJ'];
  const others = ['{{', '{{a}}', '"', '\\\n', "'", '^"', '@a=', '###\n', '?&', 'curl \\\n', 'Bearer ', 'a="', 'a=b ', '[{"log":'];

  for (const unit of [...named, ...others]) {
    it(`parses 1 MB of ${JSON.stringify(unit)} in every parser`, () => {
      const text = run(unit);
      returns(() => scan(text));
      returns(() => scan(`${text}.`));
      returns(() => parseWwwAuthenticate(text));
      returns(() => parseWwwAuthenticate(`Bearer ${text}`));
      returns(() => parseHttpFile(`GET https://a/\nAuthorization: ${text}\n\n${text}`));
      returns(() => parseHttpFile(text));
      returns(() => readHar(text));
      returns(() => findCurlCommands(`curl ${text}`));
      returns(() => findCurlCommands(text));
      returns(() => findRawResponses(text));
    });
  }

  it('1 MB of JSON HAR with many entries maps every entry', () => {
    const entry = { request: { method: 'GET', url: 'https://a.test/', headers: [{ name: 'Authorization', value: 'Bearer x' }] }, response: { status: 401, statusText: '', headers: [] } };
    const entries = Array.from({ length: 6000 }, () => entry);
    const text = JSON.stringify({ log: { entries } });
    assert.ok(text.length > MB / 2);
    const h = readHar(text);
    assert.equal(h.entries.length, 6000);
  });
});
