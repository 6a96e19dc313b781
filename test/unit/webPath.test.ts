// The web build's node:path (src/extension/platform/web/path.ts) answers as node:path.posix does, on
// random paths made of the pieces paths are made of (segments, `.`, `..`, empty parts, trailing slashes).
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import * as web from '../../src/extension/platform/web/path';

describe('web path (node:path in the web build)', () => {
  const pieces = ['a', 'b', 'dir', '.', '..', '', 'x.json', 'x y'];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const randomPath = () => {
    const n = Math.floor(next() * 5);
    let p = Array.from({ length: n }, () => pieces[Math.floor(next() * pieces.length)]).join('/');
    if (next() < 0.4) p = `/${p}`;
    if (next() < 0.2) p += '/';
    if (next() < 0.05) p = `//${p}`;
    return p;
  };

  it('join, resolve, dirname, relative, isAbsolute and basename match node:path.posix', () => {
    for (let i = 0; i < 3000; i++) {
      const a = randomPath();
      const b = randomPath();
      const c = randomPath();
      assert.equal(web.join(a, b, c), posix.join(a, b, c), `join(${a}, ${b}, ${c})`);
      // The web build's working directory is `/` (platform/web/process.ts).
      assert.equal(web.resolve(a, b), posix.resolve('/', a, b), `resolve(${a}, ${b})`);
      assert.equal(web.dirname(a), posix.dirname(a), `dirname(${a})`);
      assert.equal(web.relative(a, b), posix.relative(posix.resolve('/', a), posix.resolve('/', b)), `relative(${a}, ${b})`);
      assert.equal(web.join(a), posix.join(a), `join(${a})`);
      assert.equal(web.isAbsolute(a), posix.isAbsolute(a));
      assert.equal(web.basename(a), posix.basename(a), `basename(${a})`);
      assert.equal(web.posix.basename(a), posix.basename(a));
    }
  });
});
