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

  it('is ready to publish: icon 128x128 PNG, repository links, banner, categories, build before packaging', () => {
    const png = readFileSync(new URL(`../../${pkg.icon}`, import.meta.url));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'IHDR width and height');
    const repo = 'https://github.com/jwt-mfa/jwt-mfa-inspector';
    assert.equal(pkg.repository.url, `${repo}.git`);
    assert.ok(pkg.bugs.url.startsWith(repo) && pkg.homepage.startsWith(repo));
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(!pkg.categories.includes('Debuggers'), 'Debuggers is for debug adapters');
    assert.match(pkg.scripts['vscode:prepublish'], /esbuild\.config\.mjs --production/);
    assert.match(pkg.scripts.package, /vsce package -o out\/jwt-mfa-inspector\.vsix/);
    assert.doesNotMatch(pkg.scripts.package, /--allow-|--no-rewrite|--no-dependencies|--skip/, 'no suppressing flags');
    // vsce refuses package.json `files` beside .vscodeignore; .npmignore keeps the npm package to the CLI.
    assert.equal(pkg.files, undefined);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'everything is bundled by esbuild');
  });

  it('puts commands in menus only where they apply', () => {
    const menus = pkg.contributes.menus as Record<string, Array<{ command: string; when?: string }>>;
    const when = (menu: string, id: string) => menus[menu]?.find((m) => m.command === id)?.when ?? '';
    assert.match(when('editor/context', 'jwtMfa.inspectToken'), /\bjwtMfa\.tokenAtCursor\b/);
    assert.match(readFileSync(new URL('../../src/extension/statusBar.ts', import.meta.url), 'utf8'), /TOKEN_AT_CURSOR = 'jwtMfa\.tokenAtCursor'/, 'the extension sets the key');
    assert.match(when('explorer/context', Commands.diagnoseResponse), /resourceExtname == \.har/);
    for (const id of [Commands.copyDecoded, Commands.copyRedacted]) assert.match(when('commandPalette', id), /jwtMfa\.tokenAtCursor/, id);
    for (const id of [Commands.replayRequest, Commands.diagnoseResponse]) assert.ok(when('commandPalette', id), `${id} has a when clause`);
    const cmds = (pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    for (const items of Object.values(menus)) for (const m of items) assert.ok(cmds.includes(m.command), `${m.command} is a contributed command`);
  });

  it('types whole-number settings as integers with bounds, and localizes the settings title', () => {
    assert.match(pkg.contributes.configuration.title, /^%config\.\w+%$/);
    for (const k of ['jwtMfa.clockSkewSeconds', 'jwtMfa.replay.timeoutMs']) assert.equal((props[k] as { type: string }).type, 'integer', k);
    for (const [k, p] of Object.entries(props) as Array<[string, { type: string; minimum?: number; maximum?: number; default?: unknown }]>) {
      if (p.type !== 'integer' && p.type !== 'number') continue;
      assert.ok(typeof p.minimum === 'number' && typeof p.maximum === 'number', `${k} has minimum and maximum`);
      assert.ok((p.default as number) >= p.minimum! && (p.default as number) <= p.maximum!, `${k} default is in range`);
      if (p.type === 'integer') assert.ok(Number.isInteger(p.default), `${k} default is whole`);
    }
  });

  it('ticks each walkthrough step by the command its button runs, and by every command that does the same (14.12)', () => {
    const nls = read('package.nls.json') as Record<string, string>;
    const steps = pkg.contributes.walkthroughs[0].steps as Array<{ id: string; description: string; completionEvents: string[] }>;
    const ours = new Set<string>(Object.values(Commands));
    for (const s of steps) {
      const description = nls[s.description.replace(/%/g, '')];
      const button = /\(command:([\w.]+)/.exec(description)?.[1];
      assert.ok(button, `${s.id} has a button`);
      // VS Code ticks a step when a command named by onCommand: runs (the button's own, when the user clicks it).
      assert.ok(s.completionEvents.includes(`onCommand:${button}`) || s.id === 'hover', `${s.id}: ${JSON.stringify(s.completionEvents)}`);
      for (const e of s.completionEvents) {
        const id = /^onCommand:(.+)$/.exec(e)?.[1];
        assert.ok(id && (ours.has(id) || id.startsWith('editor.action.')), `${s.id}: ${e} names a command`);
      }
    }
    const inspector = steps.find((s) => s.id === 'inspector')!.completionEvents;
    for (const id of [Commands.openInspector, Commands.inspectToken, Commands.walkthroughInspectSample]) assert.ok(inspector.includes(`onCommand:${id}`), id);
  });
});
