// package.json contributions of the editor face agree with core's settings keys and with the two
// nls files (every %key% exists in English and Japanese).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, KEYS, SECTION } from '../../src/core/settings';
import { FINDING_CODES } from '../../src/core/types';
import { Commands } from '../../src/extension/commands';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'));
const pkg = read('package.json');

describe('contributes', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown; markdownDescription?: string; properties?: object }>;
  const editorKeys = ['expectedAudiences', 'audiencesByHost', 'clockSkewSeconds', 'severity', 'codeLensEnabled', 'maxFileSizeMB', 'exclude'] as const;

  it('declares every editor setting with a localized markdownDescription and core defaults', () => {
    for (const k of editorKeys) {
      const p = props[`${SECTION}.${KEYS[k]}`];
      assert.ok(p, `${KEYS[k]} is contributed`);
      assert.match(p.markdownDescription ?? '', /^%config\.[\w.]+%$/);
      assert.deepEqual(p.default, DEFAULT_SETTINGS[k], `${KEYS[k]} default`);
    }
    assert.deepEqual(Object.keys(props[`${SECTION}.${KEYS.severity}`].properties ?? {}), [...FINDING_CODES]);
  });

  it('contributes the editor commands under category JWT', () => {
    const cmds = pkg.contributes.commands as Array<{ command: string; category: string; title: string }>;
    for (const id of [Commands.scanWorkspace, Commands.copyDecoded, Commands.copyRedacted, Commands.addExpectedAudience, Commands.disableCheck]) {
      const c = cmds.find((x) => x.command === id);
      assert.ok(c, id);
      assert.equal(c.category, 'JWT');
      assert.match(c.title, /^%command\.\w+%$/);
    }
  });
});
