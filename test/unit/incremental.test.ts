// The editor's incremental analysis (src/core/incremental.ts) must give exactly what a whole analysis
// gives, after any sequence of edits: random documents, random edits (typing, deleting, pasting
// tokens, curl lines, continuations, line breaks of every kind), compared with `analyzeText` each time.
import assert from 'node:assert/strict';
import { analyzeText, type AnalyzeOptions } from '../../src/core/analyze';
import { DecodeCache } from '../../src/core/decode';
import { DocumentAnalysis, harSitesOf, StringSource, type ContentChange } from '../../src/core/incremental';
import { settingsFromJson } from '../../src/core/settings';
import { GRAPH, mint, NOW, pcUser, userClaims } from './helpers/fixtures';

/** A small deterministic PRNG (mulberry32): failures replay from the printed seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const settings = settingsFromJson({});
const T1 = pcUser(['pwd', 'mfa']);
const T2 = pcUser(['pwd']);
const T3 = mint(userClaims({ aud: GRAPH }), { alg: 'none' }, '');
const FRAGMENTS = [
  'INFO request handled ',
  T1,
  T2,
  T3,
  `Bearer ${T1}`,
  `curl -H "Authorization: Bearer ${T2}" https://api.partnercenter.microsoft.com/v1/customers`,
  'curl https://example.com/a \\',
  `$ curl -X POST https://login.microsoftonline.com/x \\`,
  `  -H 'Authorization: Bearer ${T1}'`,
  "'",
  '"',
  ' \\',
  '\n',
  '\r\n',
  '\r',
  '.',
  '=',
  '%20',
  'eyJ',
  'ey',
  'abc',
  ' ',
  '^',
  'curl ',
  T1.slice(0, 40),
  T1.slice(40),
];

function randomText(r: () => number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
  return s;
}

function randomChange(r: () => number, text: string): ContentChange {
  const at = Math.floor(r() * (text.length + 1));
  const len = r() < 0.5 ? 0 : Math.floor(r() * Math.min(80, text.length - at + 1));
  const insert = r() < 0.3 ? '' : r() < 0.5 ? FRAGMENTS[Math.floor(r() * FRAGMENTS.length)] : randomText(r, 1 + Math.floor(r() * 3));
  return { rangeOffset: at, rangeLength: len, text: insert };
}

const apply = (text: string, c: ContentChange) => text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);

/** Plain data, as a deep comparison sees it (decoded tokens come from the same cache either way). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

function run(seed: number, opts: Omit<AnalyzeOptions, 'settings' | 'now'>, makeText: (r: () => number) => string, events: number): void {
  const r = rng(seed);
  const cache = new DecodeCache();
  const full = { ...opts, settings, now: NOW, cache };
  let text = makeText(r);
  const live = new DocumentAnalysis(full);
  // Half the runs re-read curl commands in the smallest steps, where the old and new walks meet soonest.
  if (r() < 0.5) live.curlWindow = 1;
  live.full(new StringSource(text));
  for (let e = 0; e < events; e++) {
    // An event holds one to three changes, applied in order (as VS Code's contentChanges are).
    const n = 1 + Math.floor(r() * 3);
    const changes: ContentChange[] = [];
    for (let k = 0; k < n; k++) {
      const c = randomChange(r, text);
      changes.push(c);
      text = apply(text, c);
    }
    live.record(changes);
    // Sometimes several events pile up before the analysis runs (the debounce).
    if (r() < 0.3 && e + 1 < events) continue;
    const src = new StringSource(text);
    const res = live.update(src);
    if (!res.applied) live.full(src);
    else if (live.needsSites) live.setSites(harSitesOf(text));
    const want = analyzeText(text, full);
    assert.deepEqual(plain(live.tokens), plain(want), `seed ${seed}, event ${e}: ${JSON.stringify(text.slice(0, 300))}`);
  }
}

describe('incremental analysis (DocumentAnalysis) equals a whole analysis', () => {
  it('logs with curl commands: random edits', () => {
    for (let seed = 1; seed <= 60; seed++) run(seed, { fileName: 'app.log' }, (r) => randomText(r, 30), 25);
  });

  it('without a file name (no request sites), and under a size cap', () => {
    for (let seed = 100; seed <= 115; seed++) run(seed, {}, (r) => randomText(r, 20), 20);
    for (let seed = 200; seed <= 215; seed++) run(seed, { fileName: 'a.log', limit: 600 }, (r) => randomText(r, 20), 20);
  });

  it('.http and Markdown files (re-analysed whole)', () => {
    for (let seed = 300; seed <= 305; seed++) run(seed, { fileName: 'calls.http' }, (r) => `GET https://api.partnercenter.microsoft.com/v1\nAuthorization: Bearer ${T1}\n${randomText(r, 8)}`, 10);
    for (let seed = 310; seed <= 315; seed++) run(seed, { fileName: 'notes.md' }, (r) => `\`\`\`http\nGET https://x.test\nAuthorization: Bearer ${T2}\n\`\`\`\n${randomText(r, 8)}`, 10);
  });

  it('HAR files: tokens follow at once, sites after harSitesOf', () => {
    const entry = (t: string, i: number) =>
      `    {\n      "startedDateTime": "2026-11-25T12:00:0${i}Z",\n      "request": {\n        "method": "GET",\n        "url": "https://api.partnercenter.microsoft.com/v1/c${i}",\n        "headers": [ { "name": "Authorization", "value": "Bearer ${t}" } ]\n      },\n      "response": { "status": 401, "content": { "text": "x" } }\n    }`;
    const har = (r: () => number) => `{\n  "log": {\n    "entries": [\n${[T1, T2, T1].map((t, i) => entry(t, i)).join(',\n')},\n${entry(randomText(r, 3), 7)}\n    ]\n  }\n}\n`;
    for (let seed = 400; seed <= 420; seed++) run(seed, { fileName: 'capture.har' }, har, 15);
  });

  it('re-reads a curl command the edit ends inside of, where the old and new walks disagree', () => {
    // Old: one command on lines 2-3 (a double quote spans the break). New: a quote opened on line 0
    // closes on line 2, so line 3 is read afresh and starts a command of its own.
    const before = `echo\nx\ncurl "c'\ncurl -H "Authorization: Bearer ${T1}" https://api.partnercenter.microsoft.com/ " e\nf\n`;
    const live = new DocumentAnalysis({ fileName: 'a.log', settings, now: NOW });
    live.curlWindow = 1; // read no further than needed, so the walk stops inside the old command
    live.full(new StringSource(before));
    const after = `curl '${before.slice(4)}`;
    live.record([{ rangeOffset: 0, rangeLength: 4, text: "curl '" }]);
    assert.equal(live.update(new StringSource(after)).applied, true);
    const want = analyzeText(after, { fileName: 'a.log', settings, now: NOW });
    assert.equal(want[0].requests.length, 1, 'the whole analysis sees the token sent by the line-3 command');
    assert.deepEqual(plain(live.tokens), plain(want));
  });

  it('says when nothing changed: typing plain text after the last token publishes nothing', () => {
    const text = `one ${T1}\ntwo\n`;
    const live = new DocumentAnalysis({ fileName: 'a.log', settings, now: NOW });
    live.full(new StringSource(text));
    live.record([{ rangeOffset: text.length - 1, rangeLength: 0, text: 'x' }]);
    assert.deepEqual(live.update(new StringSource(`one ${T1}\ntwox\n`)), { applied: true, changed: false });
    live.record([{ rangeOffset: 0, rangeLength: 0, text: '\n' }]);
    const moved = live.update(new StringSource(`\none ${T1}\ntwox\n`));
    assert.deepEqual(moved, { applied: true, changed: true });
    assert.equal(live.tokens[0].start, 5);
  });

  it('a whole analysis in steps gives the same tokens, whatever the step size, visible part first', () => {
    const r = rng(7);
    const text = randomText(r, 400);
    const want = plain(analyzeText(text, { fileName: 'a.log', settings, now: NOW }));
    for (const step of [1, 64, 1000, 1 << 20]) {
      const live = new DocumentAnalysis({ fileName: 'a.log', settings, now: NOW });
      const src = new StringSource(text);
      let steps = 0;
      let firstPart: unknown;
      for (const part of live.fullSteps(src, step, { from: 1000, to: 3000 })) {
        if (part && firstPart === undefined) firstPart = part;
        steps++;
      }
      assert.deepEqual(plain(live.tokens), want, `step ${step}`);
      if (step === 64) assert.ok(steps > 10, `a small step makes many steps (${steps})`);
      const visible = (firstPart as Array<{ start: number }> | undefined) ?? [];
      assert.ok(visible.length > 0 && visible.every((t) => want.some((w: { start: number }) => w.start === t.start)));
    }
  });
});
