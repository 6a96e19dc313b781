// `jwt-mfa scan` writes its reports file by file, token by token (issue 16: the CLI's peak memory).
// The output must be the very document the whole-list formatters give: these tests build it here the
// way the CLI built it before (every report first, LineIndex positions, one JSON.stringify).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, type Io } from '../../src/cli/main';
import { formatText, toTokenReport, type FileReport, type TokenReport } from '../../src/cli/format';
import { ForwardPositions } from '../../src/cli/positions';
import { longLine } from '../../src/node/files';
import { analyzeText } from '../../src/core/analyze';
import { LineIndex } from '../../src/core/positions';
import { settingsFromJson } from '../../src/core/settings';
import { withinDepth } from '../../src/core/text';
import { b64, harEntry, harText, mint, NOW, NOW_S, PC, userClaims } from './helpers/fixtures';

/** Runs the CLI in process, keeping each write to standard output apart. */
async function run(args: string[], cwd: string): Promise<{ code: number; writes: string[]; out: string; err: string }> {
  const writes: string[] = [];
  let err = '';
  const io: Io = { stdout: (s) => writes.push(s), stderr: (s) => (err += s), readStdin: async () => '', cwd, env: {}, now: () => NOW };
  const code = await main(args, io);
  return { code, writes, out: writes.join(''), err };
}

/** A report the way the CLI made it before it wrote as it went: every token's report, positions from a LineIndex. */
function report(file: string, text: string): FileReport {
  const lines = new LineIndex(text);
  const tokens = analyzeText(text, { fileName: file, settings: settingsFromJson({}), now: NOW }).map((t) => toTokenReport(t, text, lines, undefined, 'en'));
  return { path: file, tokens };
}

/** The JSON document as one `JSON.stringify` of every report (what `formatJson` was). */
function wholeJson(reports: FileReport[]): string {
  const publicToken = ({ redacted: _r, header, claims, ...rest }: TokenReport) => ({ ...rest, header: withinDepth(header), claims: withinDepth(claims) });
  return JSON.stringify({ version: 1, files: reports.map((r) => ('error' in r ? { path: r.path, error: r.error } : { path: r.path, tokens: r.tokens.map(publicToken) })) }) + '\n';
}

describe('jwt-mfa scan output, written as it goes', () => {
  let dir: string;
  let har: string;
  let log: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-out-'));
    // 150 entries: MFA and not, expired, a JWE-shaped and a white-space header, URLs with non-ASCII
    // characters and escapes; the output runs over several of the CLI's 64 KB chunks.
    const entries = Array.from({ length: 150 }, (_, i) => {
      const claims = userClaims({ amr: i % 3 ? ['pwd', 'mfa'] : ['pwd'], exp: NOW_S + (i % 4 === 0 ? -7200 : 3600), upn: `ユーザー${i}@contoso.example`, oid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` });
      const token = i % 10 === 9 ? `${b64('{ "alg": "RS256", "typ": "JWT" }')}.${b64(claims)}.c2ln` : mint(claims);
      return harEntry({ url: `${PC}/v1/customers?page=${i}&q=%E6%97%A5"\\`, auth: `Bearer ${token}`, status: i % 5 === 0 ? 401 : 200, body: JSON.stringify({ n: i, next: `page ${i + 1}` }) });
    });
    har = harText(entries);
    writeFileSync(path.join(dir, 'a.har'), har);
    // A log with CRLF and lone CR line breaks, and a token with a line break before it.
    log = `first\r\nx ${mint(userClaims({ amr: ['pwd'] }))}\rthird\n\r\n  ${mint(userClaims())} tail\r\n`;
    writeFileSync(path.join(dir, 'b.log'), log);
    writeFileSync(path.join(dir, 'c.bin'), Buffer.from([0, 1, 2, 3]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--format json is the same document as one JSON.stringify of every report, in several writes of about 64 KB', async () => {
    const r = await run(['scan', 'a.har', 'b.log', 'c.bin', '--format', 'json'], dir);
    assert.equal(r.code, 2, r.err); // the binary file
    const expected = wholeJson([report('a.har', har), report('b.log', log), { path: 'c.bin', error: 'binary file (contains NUL bytes); not scanned' }]);
    assert.equal(r.out, expected);
    const files = JSON.parse(r.out).files;
    assert.equal(files[0].tokens.length, 150);
    assert.equal(files[0].tokens[0].findings[0].request.url.includes('page=0'), true, 'HAR tokens keep their request');
    assert.ok(r.writes.length >= 3, `several writes, not one: ${r.writes.length}`);
    for (const w of r.writes.slice(0, -1)) assert.ok(w.length >= 64 * 1024 && w.length < 80 * 1024, `a chunk of ${w.length} characters`);
  });

  it('text output is the same as the whole-list formatter, totals line included', async () => {
    const r = await run(['scan', 'a.har', 'b.log'], dir);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, formatText([report('a.har', har), report('b.log', log)], 'en', NOW));
    assert.match(r.out, /^152 tokens, \d+ errors, \d+ warnings\n/m);
  });

  it('writes a chunk only once standard output has taken the one before (a slow pipe does not pile them up)', async () => {
    const writes: string[] = [];
    let waiting = false;
    let writtenWhileWaiting = 0;
    let drains = 0;
    const io: Io = {
      stdout: (s) => {
        if (waiting) writtenWhileWaiting++;
        writes.push(s);
      },
      // Taken on the next turn of the event loop, as a pipe's 'drain' comes later.
      stdoutDrained: () => {
        drains++;
        waiting = true;
        return new Promise((resolve) =>
          setImmediate(() => {
            waiting = false;
            resolve();
          }),
        );
      },
      stderr: () => {},
      readStdin: async () => '',
      cwd: dir,
      env: {},
      now: () => NOW,
    };
    const code = await main(['scan', 'a.har', '--format', 'json'], io);
    assert.equal(code, 1);
    assert.ok(writes.length >= 3, `several chunks: ${writes.length}`);
    assert.equal(writtenWhileWaiting, 0);
    assert.equal(drains, writes.length, 'a wait after every chunk');
    assert.equal(writes.join(''), wholeJson([report('a.har', har)]));
  });

  it('writes nothing to standard output when --env then fails the run', async () => {
    writeFileSync(path.join(dir, 'd.http'), `GET ${PC}/v1/customers\nAuthorization: Bearer {{token}}\n`);
    const r = await run(['scan', 'a.har', 'd.http', '--env', 'nowhere', '--format', 'json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /--env nowhere/);
    assert.deepEqual(r.writes, []);
  });
});

describe('ForwardPositions', () => {
  /** A small deterministic generator (tests never depend on Math.random). */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const pieces = ['a', 'bc', '\n', '\r', '\r\n', '日本', '\u{1F600}', ' '];

  it('gives what LineIndex gives, for offsets in order and out of order, across \\n, \\r and \\r\\n', () => {
    const next = rng(16);
    for (let round = 0; round < 200; round++) {
      let text = '';
      const n = Math.floor(next() * 60);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      const index = new LineIndex(text);
      const ascending = Array.from({ length: text.length + 1 }, (_, i) => i);
      const forward = new ForwardPositions(text);
      for (const off of ascending) assert.deepEqual(forward.positionAt(off), index.positionAt(off), `offset ${off} of ${JSON.stringify(text)}`);
      const shuffled = new ForwardPositions(text);
      for (let k = 0; k < 20 && text.length; k++) {
        const off = Math.floor(next() * (text.length + 1));
        assert.deepEqual(shuffled.positionAt(off), index.positionAt(off), `offset ${off} of ${JSON.stringify(text)}`);
      }
    }
  });
});

describe('longLine (the "very long line" note)', () => {
  it('gives the longest line when one is longer than the bound, else 0, as a walk over every line does', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: Math.floor(next() * 8) }, () => 'x'.repeat(Math.floor(next() * 40)));
      const text = lines.join('\n') + (next() < 0.5 ? '\n' : '');
      const min = Math.floor(next() * 30);
      const longest = Math.max(0, ...text.split('\n').map((l) => l.length));
      assert.equal(longLine(text, min), longest > min ? longest : 0, `${JSON.stringify(text)} over ${min}`);
    }
  });
});
