// One English term per concept, as Microsoft's Partner Center docs write it: "App+User" (the MFA
// enforcement notice: "all App+User usage of Partner Center APIs will enforce the usage of MFA") and
// "app-only" ("App-only" at the start of a sentence or title). The codes themselves (`app-only`, the
// principal id 'app+user') are stable identifiers and are not prose.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderFinding } from '../../src/core/catalog/findings';
import { diagnose, renderCauses } from '../../src/core/diagnose';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { mint, NOW, userClaims } from './helpers/fixtures';
import { ROOT, sourceStringLiterals } from './helpers/sourceStrings';


/** What breaks the rule in one piece of English prose. */
export function wordingProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/\bapp\s*\+\s*user\b/gi)) if (m[0] !== 'App+User') problems.push(`"${m[0]}" (write App+User)`);
  for (const m of text.matchAll(/\bapp[\s-]+only\b/gi)) if (m[0] !== 'app-only' && m[0] !== 'App-only') problems.push(`"${m[0]}" (write app-only)`);
  return problems;
}

/** English prose with where it comes from: src string literals, bundles, manifest strings, docs. */
function englishProse(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const { where, text } of sourceStringLiterals()) {
    // A literal that is only an identifier (the Principal 'app+user', the code 'app-only') is not prose.
    if (/^[a-z+-]+$/.test(text)) continue;
    out.push({ where, text });
  }
  for (const f of ['l10n/bundle.l10n.json', 'package.nls.json']) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, string>)) out.push({ where: `${f}: ${k.slice(0, 40)}`, text: v });
  }
  const docs = ['README.md', 'samples/README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...readdirSync(path.join(ROOT, 'media/walkthrough')).filter((f) => f.endsWith('.md')).map((f) => `media/walkthrough/${f}`)];
  for (const f of docs) {
    readFileSync(path.join(ROOT, f), 'utf8')
      .split('\n')
      .forEach((line, i) => out.push({ where: `${f}:${i + 1}`, text: line.replace(/`[^`]*`/g, '`…`') }));
  }
  return out;
}

describe('English wording: one term per concept', () => {
  it('finds the rule broken where it is', () => {
    assert.deepEqual(wordingProblems('An app+user token whose amr lacks mfa.'), ['"app+user" (write App+User)']);
    assert.deepEqual(wordingProblems('app + user authentication, App + User, APP+USER').length, 3);
    assert.deepEqual(wordingProblems('App-Only token; an app only operation'), ['"App-Only" (write app-only)', '"app only" (write app-only)']);
    assert.deepEqual(wordingProblems('App-only token; an app-only token; every App+User call'), []);
  });

  it('every English string and page follows it', () => {
    const prose = englishProse();
    assert.ok(prose.some((p) => p.where.startsWith('src/core/catalog/findings.ts') && p.text.includes('App+User')), 'the catalog is read');
    assert.ok(prose.some((p) => p.where.startsWith('docs/codes.md') && p.text.includes('App+User')), 'the docs are read');
    const bad = prose.flatMap(({ where, text }) => wordingProblems(text).map((p) => `${where}: ${p}`));
    assert.deepEqual(bad, []);
  });

  it('what the catalogs compose says App+User', () => {
    const lacks = renderFinding({ code: 'mfa-missing', severity: 'error', values: { variant: 'lacks', amr: ['pwd'], partnerCenter: 'yes' } }, 'en');
    assert.match(lacks.message, /to this App\+User token\.$/);
    const absent = renderFinding({ code: 'mfa-missing', severity: 'error', values: { variant: 'absent', partnerCenter: 'yes' } }, 'en');
    assert.match(absent.message, /^This App\+User token for Partner Center has no amr claim/);
    const raw = mint(userClaims({ amr: undefined }));
    const d = diagnose({
      request: { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', headers: [['Authorization', `Bearer ${raw}`]] },
      response: { status: 401, statusText: 'Unauthorized - MFA required', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] },
      settings: DEFAULT_SETTINGS,
      now: NOW,
    });
    const text = renderCauses(d, 'en').map((c) => c.summary).join('\n');
    assert.match(text, /The App\+User token has no amr claim/);
    assert.deepEqual(wordingProblems(text), []);
  });
});
