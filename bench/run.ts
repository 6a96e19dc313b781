// `npm run bench`: figures, not tests. Each figure is printed beside a baseline measured in the
// same run, and the target it is meant to meet. MB/s = bytes of the text / in-process time on the
// string already in memory (generation and file reading do not count).
import { analyzeText } from '../src/core/analyze';
import { DecodeCache } from '../src/core/decode';
import { scan } from '../src/core/scan';
import { settingsFromJson } from '../src/core/settings';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const NOW = Date.UTC(2026, 10, 25, 12);

function token(i: number, spacedHeader: boolean): string {
  const header = spacedHeader ? b64('{ "alg": "RS256", "typ": "JWT", "kid": "k1" }') : b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  const claims = {
    aud: 'https://api.partnercenter.microsoft.com',
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    iat: NOW / 1000 - 600,
    exp: NOW / 1000 + 3000 - (i % 7) * 1000,
    amr: i % 3 ? ['pwd', 'mfa'] : ['pwd'],
    scp: 'user_impersonation',
    upn: `user${i % 50}@contoso.example`,
    appid: '11111111-2222-3333-4444-555555555555',
    ver: '1.0',
  };
  return `${header}.${b64(claims)}.${b64('s'.repeat(256))}`;
}

/** ~32 MiB of log with one bearer token every 50 lines; every 10th token has a spaced header. */
export function makeLog(targetBytes: number): { text: string; tokens: number; spaced: number } {
  const lines: string[] = [];
  let size = 0;
  let tokens = 0;
  let spaced = 0;
  for (let i = 0; size < targetBytes; i++) {
    let line: string;
    if (i % 50 === 49) {
      const s = tokens % 10 === 9;
      line = `2026-11-25T10:${String(i % 60).padStart(2, '0')}:00.000Z DEBUG http request GET https://api.partnercenter.microsoft.com/v1/customers Authorization: Bearer ${token(tokens, s)}`;
      tokens++;
      if (s) spaced++;
    } else {
      line = `2026-11-25T10:${String(i % 60).padStart(2, '0')}:00.000Z INFO worker-${i % 8} processed key=${i.toString(36)} they said the network framework ready, eye level ok, status=200 elapsed=${i % 997}ms`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return { text: lines.join('\n'), tokens, spaced };
}

function best(runs: number, fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < min) min = ms;
  }
  return min;
}

const row = (name: string, value: string, baseline: string, target: string, ok: boolean) =>
  console.log(`${name.padEnd(34)} ${value.padStart(14)}   ${baseline.padEnd(28)} ${target.padEnd(16)} ${ok ? 'ok' : 'MISSED'}`);

function main() {
  const { text, tokens, spaced } = makeLog(32 * 1024 * 1024);
  const mb = text.length / 1e6;
  console.log(`log: ${(text.length / 1048576).toFixed(1)} MiB, ${tokens} tokens (${spaced} with a white-space header)\n`);
  console.log(`${'figure'.padEnd(34)} ${'value'.padStart(14)}   ${'baseline (same run)'.padEnd(28)} ${'target'.padEnd(16)} verdict`);

  const regex = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;
  let regexCount = 0;
  const regexMs = best(7, () => {
    regexCount = 0;
    regex.lastIndex = 0;
    while (regex.exec(text)) regexCount++;
  });
  let ours = 0;
  const scanMs = best(7, () => {
    ours = scan(text).length;
  });
  const ourRate = mb / (scanMs / 1000);
  const regexRate = mb / (regexMs / 1000);
  row('scan throughput (ours)', `${ourRate.toFixed(0)} MB/s`, `regex ${regexRate.toFixed(0)} MB/s`, '>= 1000 MB/s', ourRate >= 1000);
  row('scan / regex ratio', `${(ourRate / regexRate).toFixed(2)}x`, '1.00x = regex', '>= 0.5x', ourRate / regexRate >= 0.5);
  row('tokens found', `${ours}`, `regex ${regexCount}`, `= ${tokens}`, ours === tokens);

  const settings = settingsFromJson({});
  let found = 0;
  const fullMs = best(5, () => {
    found = analyzeText(text, { settings, now: NOW, fileName: 'bench.log' }).length;
  });
  row('scan + decode + check (cold)', `${fullMs.toFixed(1)} ms`, `scan alone ${scanMs.toFixed(1)} ms`, '< 150 ms', fullMs < 150 && found === tokens);

  // Editor re-analysis: 10 MB with 1,000 tokens, decode cache warm (as after the first analysis).
  const tenMb = makeTenMb();
  const cache = new DecodeCache();
  analyzeText(tenMb, { settings, now: NOW, cache });
  const warmMs = best(7, () => analyzeText(tenMb, { settings, now: NOW, cache }));
  const coldMs = best(3, () => analyzeText(tenMb, { settings, now: NOW }));
  row('re-analyse 10 MB / 1,000 tokens', `${warmMs.toFixed(1)} ms`, `no cache ${coldMs.toFixed(1)} ms`, '< 30 ms', warmMs < 30);
}

function makeTenMb(): string {
  const lines: string[] = [];
  let size = 0;
  let n = 0;
  const per = Math.floor((10 * 1e6) / 1000);
  while (size < 10 * 1e6) {
    const t = token(n++, false);
    const filler = 'x'.repeat(Math.max(0, per - t.length - 20));
    const line = `token ${t} ${filler}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

main();
