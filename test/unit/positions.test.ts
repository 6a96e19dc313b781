import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../src/core/positions';

/** VS Code's line breaks, the plain way: \r\n, \n and \r each end a line. */
function reference(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') starts.push(i + 1);
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

describe('LineIndex', () => {
  it('splits lines like VS Code on \\n, \\r\\n and a lone \\r', () => {
    const text = 'a\nbb\r\nccc\rd\n\n';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 6);
    assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 3, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('ccc') + 2), { line: 2, character: 2 });
  });

  it('agrees with a char-by-char reference on any mix of breaks', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'é'), maxLength: 200 }), (text) => {
        const index = new LineIndex(text);
        const ref = reference(text);
        assert.equal(index.lineCount, ref.length);
        ref.forEach((s, line) => assert.equal(index.lineStart(line), s));
      }),
      { numRuns: 1000 },
    );
  });
});
