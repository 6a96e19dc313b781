// UI end-to-end: a Markdown runbook with a ```http fence, in a real VS Code: the request's CodeLens (the
// token summed up, Inspect, Replay & diagnose) sits above the fence's request line, as in a .http file.
// A session of its own (a Markdown document stays known to VS Code after its editor closes, and would
// add its finding to the Problems panel diagnostics.test.mjs counts). Screenshot: docs/images/codelens-markdown-dark.jpg.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { log, openVSCode } from './helpers.mjs';

let vs;
before(async () => {
  vs = await openVSCode({ theme: 'dark' });
});
after(async () => {
  await vs?.close();
});

test('a Markdown runbook: the CodeLens above the request of its ```http fence, as in a .http file', async () => {
  // The no-mfa token of tokens.log again, sent by a fenced Partner Center request.
  const token = fs.readFileSync(path.join(vs.workspace, 'tokens.log'), 'utf8').split('\n')[1].slice(57).trim();
  fs.writeFileSync(
    path.join(vs.workspace, 'runbook.md'),
    `# Runbook: list the customers\n\nSign in, then send:\n\n\`\`\`http\n### Customers\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${token}\n\`\`\`\n\nA 401 "MFA required" means the token has no \`mfa\` in \`amr\`.\n`,
  );
  await vs.openFile('runbook.md', '# Runbook');
  const lens = vs.page.locator('.monaco-editor .codelens-decoration', { hasText: 'MFA ✗' }).first();
  await lens.waitFor({ timeout: 60_000 });
  const text = await lens.innerText();
  log('lens:', JSON.stringify(text));
  assert.match(text, /^MFA ✗ · aud ✓ · expires in \d+ \w+\s*\|\s*Inspect\s*\|\s*Replay & diagnose$/);
  // Above the fence's GET line: the line under the lens is the request.
  const below = await vs.page.evaluate(() => {
    const zone = document.querySelector('.monaco-editor .codelens-decoration')?.getBoundingClientRect();
    if (!zone) return undefined;
    const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].map((l) => ({ top: l.getBoundingClientRect().top, text: l.textContent }));
    return lines.filter((l) => l.top >= zone.bottom - 1).sort((a, b) => a.top - b.top)[0]?.text;
  });
  assert.equal(below?.replace(/\u00a0/g, ' '), 'GET https://api.partnercenter.microsoft.com/v1/customers');
  await vs.screenshot('codelens-markdown-dark.jpg');
});
