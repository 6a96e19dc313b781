// The `browser` entry (vscode.dev, github.dev, Codespaces in a browser): its bundle holds no Node
// built-in and stays small, and its fetch-based send keeps the desktop rules and says what a browser
// refused. The loopback servers here listen on 127.0.0.1 and are closed after each test.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type * as NodeSend from '../../src/node/send';
import type * as NodeKeys from '../../src/node/keys';
import * as WebSend from '../../src/extension/platform/web/send';
import { randomInt, randomUUID } from '../../src/extension/platform/web/crypto';
import { fetch as webFetch } from '../../src/extension/platform/web/fetch';
import { rejectsWith } from './helpers/send';
import { keyPair } from './helpers/fixtures';
import japaneseWords from '../../l10n/catalog.ja.json';

// Compile-time: the web twin offers what the extension imports from src/node/send, with the same types.
const twin: Pick<typeof NodeSend, 'send' | 'SendError'> = WebSend;
void twin;

const ROOT = path.resolve(__dirname, '../..');

describe('web bundle (browser entry)', function () {
  this.timeout(60000);
  let meta: esbuild.Metafile;
  let text: string;

  before(async () => {
    const config = pathToFileURL(path.join(ROOT, 'esbuild.config.mjs')).href;
    const { webExtensionBuild } = (await import(config)) as { webExtensionBuild: esbuild.BuildOptions };
    const r = await esbuild.build({ ...webExtensionBuild, absWorkingDir: ROOT, minify: true, sourcemap: false, write: false, logLevel: 'silent' });
    meta = r.metafile!;
    text = r.outputFiles!.find((f) => f.path.endsWith(path.join('dist', 'web', 'extension.js')))!.text;
  });

  it('contains no Node built-in: no node:* input, no import left to the host but vscode', () => {
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.some((i) => i.endsWith('src/extension/extension.ts')), 'the extension is bundled');
    assert.ok(inputs.some((i) => i.includes('node_modules/jose/')), 'jose is bundled');
    const builtins = new Set(['fs', 'path', 'crypto', 'http', 'https', 'net', 'tls', 'zlib', 'stream', 'os', 'child_process', 'url', 'util', 'events', 'buffer']);
    for (const [file, input] of Object.entries(meta.inputs)) {
      assert.ok(!file.startsWith('node:'), file);
      for (const imp of input.imports) {
        assert.ok(!imp.path.startsWith('node:') && !builtins.has(imp.path), `${file} imports ${imp.path}`);
        // (esbuild lists the injected `process` stand-in as an import of every file; it is bundled.)
        if (imp.external && !meta.inputs[path.relative(ROOT, imp.path)]) assert.equal(imp.path, 'vscode', `${file} leaves ${imp.path} to the host`);
      }
    }
    // The Node sender is replaced whole by its fetch twin.
    assert.ok(!inputs.some((i) => i.endsWith('src/node/send.ts')), 'src/node/send.ts is not in the web bundle');
    assert.ok(inputs.some((i) => i.endsWith('src/extension/platform/web/send.ts')));
    // Edits in the web host are whole analyses in steps: the incremental analyser stays out (issue 16).
    assert.ok(!inputs.some((i) => i.endsWith('src/core/incremental.ts')), 'src/core/incremental.ts is not in the web bundle');
    assert.ok(inputs.some((i) => i.endsWith('src/core/liveAnalysis.ts')));
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)], ['vscode']);
  });

  // Issue 19's target. (Issue 12 took it past 250 KB for a while; writing the Japanese catalogs as
  // UTF-8 instead of \u escapes, esbuild's charset option, brought it back. Issue 13.8 took it past
  // again, to 253 KB; the catalogs' Japanese words moved to l10n/catalog.ja.json, read at run time in
  // Japanese only, which brought it to about 229 KB.)
  it('stays at or under 250 KB minified', () => {
    const size = Buffer.byteLength(text);
    assert.ok(size <= 250 * 1024, `${(size / 1024).toFixed(1)} KB`);
  });

  it('carries no Japanese sentence of the catalogs: they are read from l10n/catalog.ja.json', () => {
    const leaves = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as object).flatMap(leaves));
    const sentences = leaves(japaneseWords).filter((s) => s.length >= 12);
    assert.ok(sentences.length > 200, `${sentences.length} sentences`);
    assert.deepEqual(sentences.filter((s) => text.includes(s)), []);
  });
});

// Issue 8's target for the `main` entry, the same 250 KB. (It was 274 KB until the catalogs' Japanese
// words moved to l10n/catalog.ja.json; 251 KB with the {{name}} hover until signature verification
// moved to dist/keys.js, loaded on the first Verify.)
describe('desktop bundle (main entry)', function () {
  this.timeout(60000);
  type Config = { nodeExtensionBuild: esbuild.BuildOptions; lazyModuleBuilds: esbuild.BuildOptions[] };
  let config: Config;
  let out: string;
  let meta: esbuild.Metafile;

  before(async () => {
    config = (await import(pathToFileURL(path.join(ROOT, 'esbuild.config.mjs')).href)) as Config;
    const r = await esbuild.build({ ...config.nodeExtensionBuild, absWorkingDir: ROOT, minify: true, sourcemap: false, write: false, logLevel: 'silent' });
    out = r.outputFiles!.find((f) => f.path.endsWith(path.join('dist', 'extension.js')))!.text;
    meta = r.metafile!;
  });

  it('stays at or under 250 KB minified, and carries no Japanese sentence of the catalogs', () => {
    const size = Buffer.byteLength(out);
    assert.ok(size <= 250 * 1024, `${(size / 1024).toFixed(1)} KB`);
    assert.ok(out.includes('Partner Center answers 401'), 'the English catalog is in the bundle');
    assert.ok(!out.includes(japaneseWords.findings['mfa-missing'].title), 'no Japanese catalog word');
  });

  it('leaves signature verification to dist/keys.js, required on first use, and that file verifies on its own', async () => {
    // What the bundle holds of each input (the metafile's inputs also list files read, then shaken out).
    const output = Object.entries(meta.outputs).find(([o]) => o.endsWith('dist/extension.js'))![1];
    const inputs = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([i]) => i);
    assert.ok(!inputs.some((i) => i.endsWith('src/node/keys.ts')), 'src/node/keys.ts is not in the bundle');
    assert.ok(!inputs.some((i) => /jose\/dist\/webapi\/(jws\/compact\/verify|jwks\/)/.test(i)), 'no jose verifier or key set');
    assert.ok(inputs.some((i) => i.endsWith('src/core/verify.ts')), 'the planning (no I/O) stays');
    // Every file the bundle requires by path is one the build writes next to it.
    const local = [...new Set([...out.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => m[1]))];
    assert.deepEqual(local, ['./keys.js']);
    assert.deepEqual(config.lazyModuleBuilds.map((b) => b.outfile), ['dist/keys.js']);
    // The lazy file, built as the build writes it, loaded by Node's require: it verifies a signed token
    // against a local key set and reports a tampered one.
    const dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-lazy-'));
    try {
      const r = await esbuild.build({ ...config.lazyModuleBuilds[0], absWorkingDir: ROOT, outfile: path.join(dir, 'keys.js'), minify: true, sourcemap: false, logLevel: 'silent' });
      assert.deepEqual(r.errors, []);
      const keys = createRequire(__filename)(path.join(dir, 'keys.js')) as typeof NodeKeys;
      const k = await keyPair('lazy');
      writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(k.jwks));
      const jwt = await k.sign({ iss: 'https://idp.example.test/', aud: 'api://x' });
      const store = keys.createNodeKeyStore({ baseDir: dir });
      const trust = keys.trustFromSettings({ verifyTrustedIssuers: [], verifyJwks: ['jwks.json'] });
      const ok = await keys.verifyRaw(jwt, { store, trust });
      assert.equal(ok.state, 'valid', JSON.stringify(ok));
      const [h, , s] = jwt.split('.');
      const bad = await keys.verifyRaw(`${h}.${Buffer.from('{"iss":"https://idp.example.test/","aud":"api://y"}').toString('base64url')}.${s}`, { store, trust });
      assert.equal(bad.reason, 'signature-mismatch');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('web crypto stand-in', () => {
  it('randomUUID is a v4 UUID; randomInt stays in [min, max)', () => {
    assert.match(randomUUID(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const n = randomInt(3, 7);
      assert.ok(Number.isInteger(n) && n >= 3 && n < 7, String(n));
      seen.add(n);
    }
    assert.equal(seen.size, 4);
    assert.throws(() => randomInt(5, 5), RangeError);
  });
});

describe('web fetch (signature verification keys)', () => {
  it('turns the browser\'s bare refusal into words naming the origin, CORS and offline; an abort stays an abort', async () => {
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    await assert.rejects(webFetch(`http://127.0.0.1:${port}/discovery/keys`), (e: Error) => {
      assert.match(e.message, new RegExp(`could not fetch http://127\\.0\\.0\\.1:${port} \\(`));
      assert.match(e.message, /CORS/);
      assert.match(e.message, /offline/);
      return true;
    });
    await assert.rejects(webFetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
  });
});

describe('web send (fetch)', function () {
  this.timeout(10000);
  const servers: http.Server[] = [];
  const serve = async (h: http.RequestListener) => {
    const s = http.createServer(h);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
  };
  const g = globalThis as { location?: unknown };
  afterEach(async () => {
    delete g.location;
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('returns status, reason, headers and body; sends method, headers and body', async () => {
    let seen: { method?: string; auth?: string; body: string } = { body: '' };
    const origin = await serve((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        seen = { method: req.method, auth: req.headers.authorization, body: b };
        res.writeHead(401, 'Unauthorized - MFA required', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
        res.end('{"ok":false}');
      });
    });
    const r = await WebSend.send({ method: 'post', url: `${origin}/v1/customers`, headers: [['Authorization', 'Bearer abc'], ['Host', 'ignored']], body: '{"a":1}' });
    assert.equal(r.status, 401);
    assert.equal(r.statusText, 'Unauthorized - MFA required');
    assert.deepEqual(r.headers.find(([n]) => n === 'www-authenticate'), ['www-authenticate', 'Bearer error="invalid_token"']);
    assert.equal(r.body, '{"ok":false}');
    assert.deepEqual(seen, { method: 'POST', auth: 'Bearer abc', body: '{"a":1}' });
  });

  it('follows a visible redirect to an approved other origin without Authorization, and says so; an unapproved one is not followed', async () => {
    let authAtB: string | undefined = 'unset';
    const b = await serve((req, res) => {
      authAtB = req.headers.authorization;
      res.writeHead(200).end('ok');
    });
    const a = await serve((_req, res) => res.writeHead(302, { Location: `${b}/there` }).end());
    await assert.rejects(WebSend.send({ method: 'GET', url: `${a}/here`, headers: [['Authorization', 'Bearer abc']] }), (e: Error & { code?: string }) => e.code === 'redirect-blocked');
    assert.equal(authAtB, 'unset', 'the unapproved origin received nothing');
    const r = await WebSend.send({ method: 'GET', url: `${a}/here`, headers: [['Authorization', 'Bearer abc']] }, { approveOrigin: (o) => o === new URL(b).origin });
    assert.equal(r.status, 200);
    assert.equal(authAtB, undefined);
    assert.deepEqual(r.redirects, [{ status: 302, from: `${a}/here`, to: `${b}/there`, authorizationDropped: true, dropped: ['Authorization'] }]);
  });

  it('names a blocked redirect without the credential values the request carries, as the desktop sender does (core/sendFlow)', async () => {
    const secret = 'opaque-key-5f1c9e';
    const b = await serve((_req, res) => res.writeHead(200).end('ok'));
    const a = await serve((_req, res) => res.writeHead(302, { Location: `${b}/there/${secret}` }).end());
    const req = { method: 'GET', url: `${a}/here`, headers: [['X-Api-Key', secret]] as Array<[string, string]> };
    for (const sender of [WebSend.send, (await import('../../src/node/send')).send]) {
      const e = await rejectsWith(sender(req), 'redirect-blocked');
      assert.ok(!e.message.includes(secret), e.message);
      assert.match(e.message, /redirect to http:\/\/127\.0\.0\.1:\d+\/there\//);
    }
  });

  it('cuts the body at maxBodyBytes', async () => {
    const origin = await serve((_req, res) => res.writeHead(200).end('x'.repeat(10000)));
    const r = await WebSend.send({ method: 'GET', url: origin, headers: [] }, { maxBodyBytes: 100 });
    assert.equal(r.body.length, 100);
    assert.equal(r.truncated, true);
  });

  it('a request the browser cannot complete says CORS or unreachable, and points to Diagnose Response', async () => {
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const e = await rejectsWith(WebSend.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: [['Authorization', 'Bearer abc']] }), 'browser-blocked');
    assert.match(e.message, /CORS/);
    assert.match(e.message, /cannot be reached/);
    assert.match(e.message, /Diagnose Response/);
    assert.doesNotMatch(e.message, /abc/);
  });

  it('refuses an http URL from an https page (mixed content) before contacting it; loopback is allowed', async () => {
    let hits = 0;
    const origin = await serve((_req, res) => {
      hits++;
      res.writeHead(204).end();
    });
    g.location = { protocol: 'https:' };
    const e = await rejectsWith(WebSend.send({ method: 'GET', url: 'http://partner.example.test/v1/customers', headers: [] }), 'mixed-content');
    assert.match(e.message, /mixed content/);
    assert.equal((await WebSend.send({ method: 'GET', url: origin, headers: [] })).status, 204);
    assert.equal(hits, 1);
  });

  it('times out and cancels with their own codes', async () => {
    const origin = await serve(() => undefined);
    await rejectsWith(WebSend.send({ method: 'GET', url: origin, headers: [] }, { timeoutMs: 200 }), 'timeout');
    const ctl = new AbortController();
    const p = WebSend.send({ method: 'GET', url: origin, headers: [] }, { signal: ctl.signal, timeoutMs: 5000 });
    ctl.abort();
    await rejectsWith(p, 'aborted');
  });
});
