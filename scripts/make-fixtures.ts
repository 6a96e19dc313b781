// Writes the in-host and UI test fixtures (test/fixtures/workspace/) with tokens minted for the purpose
// by the stand-in's test key. The clock is frozen, so the output is the same on every run (RS256
// signatures are deterministic): "valid" tokens expire in 2100, the expired one in 2010.
// Run: npx tsx scripts/make-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMinter, TENANT } from '../test/stand-in/tokens';

const FAR_FUTURE = 4102444800; // 2100-01-01T00:00:00Z
const LONG_AGO = 1262304000; // 2010-01-01T00:00:00Z
const minter = createMinter(`https://sts.windows.net/${TENANT}/`, { now: () => Date.UTC(2026, 0, 1) });
const valid = { iat: 1767225600, nbf: 1767225600, exp: FAR_FUTURE };

const dir = join(__dirname, '..', 'test', 'fixtures', 'workspace');
mkdirSync(dir, { recursive: true });

const tokens = {
  mfa: minter.mint('mfa', valid),
  noMfa: minter.mint('no-mfa', valid),
  wrongAudience: minter.mint('wrong-audience', valid),
  expired: minter.mint('mfa', { iat: LONG_AGO - 3600, nbf: LONG_AGO - 3600, exp: LONG_AGO }),
  appOnly: minter.mint('app-only', valid),
  ngcmfa: minter.mint('ngcmfa', valid),
};

// One token per line, each after a fixed prefix, so the tests know the exact ranges.
writeFileSync(
  join(dir, 'tokens.log'),
  [
    `2026-03-01T10:00:00Z INFO  ok      Authorization: Bearer ${tokens.mfa}`,
    `2026-03-01T10:00:01Z WARN  no-mfa  Authorization: Bearer ${tokens.noMfa}`,
    `2026-03-01T10:00:02Z WARN  graph   Authorization: Bearer ${tokens.wrongAudience}`,
    `2026-03-01T10:00:03Z WARN  expired Authorization: Bearer ${tokens.expired}`,
    `2026-03-01T10:00:04Z INFO  app     Authorization: Bearer ${tokens.appOnly}`,
    `2026-03-01T10:00:05Z WARN  ngcmfa  Authorization: Bearer ${tokens.ngcmfa}`,
    '',
  ].join('\n'),
);

writeFileSync(
  join(dir, 'client.ts'),
  [
    '// Test fixture: a token pasted into source code (minted for the purpose by the stand-in test key).',
    `export const partnerCenterToken = '${tokens.noMfa}';`,
    '',
    "export const nothingHere = 'plain text, no token';",
    '',
  ].join('\n'),
);
console.log(`wrote fixtures to ${dir}`);
