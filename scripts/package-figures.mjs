// Printed after `npm run package`: the sizes issue 8 sets as targets. Figures, not a test.
import fs from 'node:fs';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [
  ['dist/extension.js (minified)', fs.statSync('dist/extension.js').size, 250 * 1024],
  ['dist/web/extension.js (minified)', fs.statSync('dist/web/extension.js').size, 250 * 1024],
  ['out/jwt-mfa-inspector.vsix', fs.statSync('out/jwt-mfa-inspector.vsix').size, 1024 * 1024],
];
for (const [name, size, target] of rows) {
  console.log(`[package] ${name.padEnd(34)} ${kb(size).padStart(10)}   target <= ${kb(target)}   ${size <= target ? 'ok' : 'MISSED'}`);
}
