// Issue 14.6: a diagnostic's code link lands on its own section of docs/codes.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { codeSection, findingAnchor } from '../../src/core/codesDoc';
import { FINDING_CODES } from '../../src/core/types';

const DOC = readFileSync(new URL('../../docs/codes.md', import.meta.url), 'utf8');

describe('docs/codes.md sections (14.6)', () => {
  for (const code of FINDING_CODES) {
    it(`has a section for the finding ${code}, and only that one`, () => {
      const s = codeSection(DOC, findingAnchor(code));
      assert.ok(s, `no <a id="${findingAnchor(code)}"> in docs/codes.md`);
      const lines = s.split('\n');
      assert.equal(lines[0], `### \`${code}\``);
      // It stops before the next code's heading and anchor.
      assert.equal(lines.filter((l) => l.startsWith('#')).length, 1, s);
      assert.ok(!s.includes('<a id='));
      assert.ok(lines.length > 1 && lines.at(-1)!.trim() !== '');
    });
  }

  it('cuts at the next heading of the same level, and keeps deeper ones', () => {
    const md = '# T\n\n<a id="x"></a>\n## X\n\nbody\n\n### sub\nmore\n\n## Y\ny\n';
    assert.equal(codeSection(md, 'x'), '## X\n\nbody\n\n### sub\nmore');
    assert.equal(codeSection(md.replace(/\n/g, '\r\n'), 'x'), '## X\n\nbody\n\n### sub\nmore');
  });

  it('is undefined for an anchor the document lacks', () => {
    assert.equal(codeSection(DOC, 'finding-nope'), undefined);
    assert.equal(codeSection('', 'x'), undefined);
  });
});
