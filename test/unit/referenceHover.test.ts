// The hover on a `{{name}}` reference whose value is a token: which tokens a reference reaches through
// file variables and which names it leaves to environments (core), and what the hover says (renderer).
import assert from 'node:assert/strict';
import { checkForRequests, contextFor } from '../../src/core/analyze';
import { decode } from '../../src/core/decode';
import { referenceAt, referenceTokensAt } from '../../src/core/http/referenceTokens';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { renderHover } from '../../src/extension/render/hover';
import { english } from '../../src/extension/render/l10n';
import { MAX_REFERENCE_TOKENS, renderReferenceHover, sourceLine } from '../../src/extension/render/referenceHover';
import { mint, NOW, userClaims } from './helpers/fixtures';

const PC_URL = 'https://api.partnercenter.microsoft.com/v1/customers';

describe('{{name}} references that reach a token', () => {
  describe('referenceAt', () => {
    const text = 'GET https://x.test/{{a}}\r\nAuthorization: Bearer {{ token }}\n';
    it('finds the reference under the offset, braces included, with document offsets', () => {
      const at = text.indexOf('{{ token }}');
      for (const o of [at, at + 1, at + 5, at + '{{ token }}'.length - 1]) assert.deepEqual(referenceAt(text, o), { name: 'token', start: at, end: at + '{{ token }}'.length }, String(o));
      assert.equal(referenceAt(text, at + '{{ token }}'.length), undefined, 'just past it');
      assert.equal(referenceAt(text, text.indexOf('Bearer')), undefined);
      assert.deepEqual(referenceAt(text, text.indexOf('{{a}}') + 2), { name: 'a', start: text.indexOf('{{a}}'), end: text.indexOf('{{a}}') + 5 });
    });
    it('never across lines, never on garbage', () => {
      assert.equal(referenceAt('{{a\n}}', 1), undefined);
      assert.equal(referenceAt('{{}}', 1), undefined);
      assert.equal(referenceAt('', 0), undefined);
      assert.equal(referenceAt('x', 5), undefined);
    });
  });

  describe('referenceTokensAt', () => {
    const tok = mint(userClaims());
    const other = mint(userClaims({ amr: ['pwd'] }));
    it('follows file variables to the token, with the definition line and the way there', () => {
      const text = `@token = ${tok}\n@auth = Bearer {{token}}\n\nGET ${PC_URL}\nAuthorization: {{auth}}\n`;
      const r = referenceTokensAt(text, text.indexOf('{{auth}}') + 3)!;
      assert.deepEqual(r.reference, { name: 'auth', start: text.indexOf('{{auth}}'), end: text.indexOf('{{auth}}') + 8 });
      assert.deepEqual(r.fileTokens, [{ variable: 'token', line: 0, start: text.indexOf(tok), end: text.indexOf(tok) + tok.length, via: ['auth', 'token'] }]);
      assert.deepEqual(r.outside, []);
      // On the definition line, the inner reference reaches the token too.
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{token}}') + 2)!.fileTokens.map((t) => t.via), [['token']]);
    });

    it('the last definition of a name wins, as when the file is resolved', () => {
      const text = `@token = ${other}\n@token = ${tok}\nGET ${PC_URL}\nAuthorization: Bearer {{token}}\n`;
      const [t] = referenceTokensAt(text, text.lastIndexOf('{{token}}') + 2)!.fileTokens;
      assert.equal(text.slice(t.start, t.end), tok);
      assert.equal(t.line, 1);
    });

    it('leaves names the file does not define to the environments, as they name them', () => {
      const text = `@auth = Bearer {{token}}\nGET ${PC_URL}\nAuthorization: {{auth}}\nX-A: {{$dotenv  PC_TOKEN }}\nX-B: {{$shared tok}}\nX-C: {{$guid}}\nX-D: {{$aadToken}}\n`;
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{auth}}') + 1)!, { reference: { name: 'auth', start: text.indexOf('{{auth}}'), end: text.indexOf('{{auth}}') + 8 }, fileTokens: [], outside: ['token'] });
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{$dotenv') + 3)!.outside, ['$dotenv PC_TOKEN']);
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{$shared') + 3)!.outside, ['tok']);
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{$guid') + 3)!.outside, [], 'a system variable is nobody\'s');
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{$aadToken') + 3)!.outside, [], 'a token made when sent is minted.ts\'s');
    });

    it('a cycle ends, and a variable that holds no token reaches nothing', () => {
      const text = `@a = {{b}}\n@b = {{a}}\n@host = https://x.test\nGET {{host}}/\nAuthorization: Bearer {{a}}\n`;
      assert.deepEqual(referenceTokensAt(text, text.lastIndexOf('{{a}}') + 1)!.fileTokens, []);
      assert.deepEqual(referenceTokensAt(text, text.indexOf('{{host}}') + 1), { reference: { name: 'host', start: text.indexOf('{{host}}'), end: text.indexOf('{{host}}') + 8 }, fileTokens: [], outside: [] });
    });
  });

  describe('the hover', () => {
    it('names where the value comes from: a file variable, its line and the way there; an environment as the diagnostics name it', () => {
      assert.equal(sourceLine({ kind: 'file', line: 0, via: ['token'] }, english), 'Value from the file variable @token (line 1)');
      assert.equal(sourceLine({ kind: 'file', line: 4, via: ['auth', 'token'] }, english), 'Value from the file variable @auth → @token (line 5)');
      const label = 'dev, prod: {{pcToken}} (http-client.private.env.json)'; // environmentLabel's form (in-host test: environments)
      assert.equal(sourceLine({ kind: 'environment', label }, english), 'Value from dev\\, prod\\: \\{\\{pcToken\\}\\} \\(http\\-client\\.private\\.env\\.json\\)');
      // Names from the files cannot form links or commands.
      assert.equal(sourceLine({ kind: 'environment', label: '[x](command:evil)' }, english), 'Value from \\[x\\]\\(command\\:evil\\)');
      assert.equal(sourceLine({ kind: 'file', line: 0, via: ['[x](command:evil)'] }, english), 'Value from the file variable @\\[x\\]\\(command\\:evil\\) (line 1)');
    });

    it('puts each token\'s own hover under its source, never the token itself; many sources are capped', () => {
      const raw = mint(userClaims({ amr: ['pwd'] }));
      const decoded = decode(raw);
      const requests = [{ method: 'GET', url: PC_URL, line: 3 }];
      const own = renderHover({
        decoded,
        findings: checkForRequests(decoded, contextFor(DEFAULT_SETTINGS, NOW), requests),
        requests,
        settings: DEFAULT_SETTINGS,
        now: NOW,
        locale: 'en',
        l10n: english,
        target: { uri: 'file:///w/a.http', start: 9, end: 9 + raw.length },
        commands: { copyDecoded: 'jwtMfa.copyDecoded', copyRedacted: 'jwtMfa.copyRedacted', openInspector: 'jwtMfa.openInspector' },
      });
      const h = renderReferenceHover('auth', [{ source: { kind: 'file', line: 0, via: ['auth', 'token'] }, hover: own }], english);
      assert.ok(h.markdown.startsWith('`{{auth}}` — Value from the file variable @auth → @token (line 1)\n\n'), h.markdown.slice(0, 80));
      assert.ok(h.markdown.includes(own.markdown), 'the token\'s own hover, whole');
      assert.match(h.markdown, /MFA ✗/);
      assert.match(h.markdown, /`mfa-missing`/);
      for (const part of raw.split('.')) assert.ok(!h.markdown.includes(part), 'no part of the token');
      assert.deepEqual(h.enabledCommands.sort(), ['jwtMfa.copyDecoded', 'jwtMfa.copyRedacted', 'jwtMfa.openInspector']);
      const many = Array.from({ length: MAX_REFERENCE_TOKENS + 2 }, (_, i) => ({ source: { kind: 'environment' as const, label: `e${i}: {{token}} (http-client.env.json)` }, hover: own }));
      const capped = renderReferenceHover('token', many, english);
      assert.equal(capped.markdown.split('Value from e').length - 1, MAX_REFERENCE_TOKENS);
      assert.match(capped.markdown, /\(\+2 more\)$/);
      assert.deepEqual(capped.enabledCommands.length, 3, 'each command once');
    });
  });
});
