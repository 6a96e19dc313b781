// Worst-case inputs, 1 MB each, through every parser: each must finish in under 100 ms (issue 7).
// Printed beside a baseline from the same run: the same parser on 1 MB of ordinary log text.
import { decode } from '../src/core/decode';
import { findCurlCommands } from '../src/core/http/curl';
import { readHar } from '../src/core/http/har';
import { parseHttpFile } from '../src/core/http/httpFile';
import { findRawResponses } from '../src/core/http/rawResponse';
import { findRequestSites } from '../src/core/http/sites';
import { parseWwwAuthenticate } from '../src/core/http/wwwAuthenticate';
import { scan } from '../src/core/scan';

export type Parser = { name: string; run: (text: string) => unknown };

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const header = Buffer.from('{"alg":"none"}').toString('base64url');

export const INPUTS: Record<string, string> = {
  'eyJ runs': fill('eyJ'),
  'a.a.a.': fill('a.a.a.'),
  '"\\\\ runs': fill('"\\'),
  ',= runs': fill(',='),
  'eyJ. runs': fill('eyJ.'),
  'header.header.': fill(header + '.'),
  'curl -H runs': fill("curl -H 'a: b' \\\n"),
  '{"log":[ runs': fill('{"log":{"entries":[['),
  'one 1 MB token': `${header}.${Buffer.from(JSON.stringify({ v: 'x'.repeat(MB - 200) })).toString('base64url')}.`,
};
const ORDINARY = fill('2026-11-25T10:00:00Z INFO request handled status=200 elapsed=12ms user=a@b.example\n');

export const PARSERS: Parser[] = [
  { name: 'scan', run: (t) => scan(t) },
  { name: 'decode', run: (t) => decode(t) },
  { name: 'WWW-Authenticate', run: (t) => parseWwwAuthenticate(t) },
  { name: '.http', run: (t) => parseHttpFile(t) },
  { name: 'HAR', run: (t) => readHar(t) },
  { name: 'curl', run: (t) => findCurlCommands(t) },
  { name: 'raw response', run: (t) => findRawResponses(t) },
  { name: 'request sites', run: (t) => findRequestSites(t, 'x.http') },
];

function time(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export function runAdversarial(parsers: Parser[]): boolean {
  let ok = true;
  console.log(`${'parser'.padEnd(18)} ${'input (1 MB)'.padEnd(18)} ${'time'.padStart(10)}   ${'baseline: ordinary log'.padEnd(24)} target`);
  for (const p of parsers) {
    const base = time(() => p.run(ORDINARY));
    for (const [name, input] of Object.entries(INPUTS)) {
      const ms = time(() => p.run(input));
      const pass = ms < 100;
      ok &&= pass;
      console.log(`${p.name.padEnd(18)} ${name.padEnd(18)} ${ms.toFixed(2).padStart(7)} ms   ${(base.toFixed(2) + ' ms').padEnd(24)} < 100 ms ${pass ? 'ok' : 'MISSED'}`);
    }
  }
  return ok;
}

if (require.main === module && !runAdversarial(PARSERS)) process.exitCode = 1;
