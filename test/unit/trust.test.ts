// Issue 12, "Replay you can trust with a credential": each point proven against loopback servers that
// record everything they receive (headers and bodies), asserting what a second origin never gets.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main, type Io } from '../../src/cli/main';
import { scan } from '../../src/core/scan';
import { analyzeText } from '../../src/core/analyze';
import { hostEntry } from '../../src/core/audiences';
import { redactText, redactUrl } from '../../src/core/redact';
import { prepareExchangeSend } from '../../src/core/prepareSend';
import { readCapped, MAX_KEYS_BYTES, nodeFetch } from '../../src/node/keys';
import { send } from '../../src/node/send';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { b64, HEADER, keyPair, mint, NOW, NOW_S, TID } from './helpers/fixtures';
import { rejectsWith } from './helpers/send';

const TOKEN = mint({ aud: 'https://api.partnercenter.microsoft.com', iss: 'https://sts.windows.net/t/', amr: ['pwd'], iat: NOW_S - 60, exp: NOW_S + 3600 }, HEADER, 'c2lnbmF0dXJlc2lnbmF0dXJl');

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Recorder {
  origin: string;
  hits: Hit[];
}

const servers: http.Server[] = [];
async function recorder(reply: (hit: Hit, res: http.ServerResponse) => void = (_h, res) => res.end('{}')): Promise<Recorder> {
  const hits: Hit[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      reply(hit, res);
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, hits };
}
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});


/** Everything `b` received, as one string: what must never hold a credential. */
const seenBy = (r: Recorder) => JSON.stringify(r.hits);

describe('issue 12: replay you can trust with a credential', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'jwt-mfa-trust-')));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  async function cli(args: string[], opts: { stdin?: string; confirm?: Io['confirm']; cwd?: string } = {}) {
    let out = '';
    let err = '';
    const code = await main(args, {
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      readStdin: async () => opts.stdin ?? '',
      cwd: opts.cwd ?? dir,
      env: { PC_TOKEN: TOKEN },
      now: () => NOW,
      confirm: opts.confirm,
    });
    return { code, out, err };
  }
  const write = async (name: string, text: string) => {
    const p = path.join(dir, name);
    await fsp.mkdir(path.dirname(p), { recursive: true });
    await fsp.writeFile(p, text);
    return name;
  };

  describe('3. redirects', () => {
    it('a cross-origin hop carries no credential header, no header or body holding the token, and goes only to an approved origin', async () => {
      const b = await recorder();
      const a = await recorder((_h, res) => {
        res.writeHead(302, { location: `${b.origin}/landing` });
        res.end();
      });
      const headers: Array<[string, string]> = [
        ['Authorization', `Bearer ${TOKEN}`],
        ['X-Api-Key', 'key-1234567'],
        ['Ocp-Apim-Subscription-Key', 'sub-1234567'],
        ['X-Trace', `a${TOKEN}`],
        ['X-Custom', 'my-secret-value'],
        ['Accept', 'application/json'],
      ];
      const r = await send({ method: 'GET', url: `${a.origin}/start`, headers }, { secrets: ['my-secret-value'], approveOrigin: (o) => o === b.origin });
      assert.equal(r.status, 200);
      assert.equal(b.hits.length, 1);
      assert.equal(b.hits[0].headers.accept, 'application/json', 'ordinary headers go on');
      const got = seenBy(b);
      for (const secret of [TOKEN, 'key-1234567', 'sub-1234567', 'my-secret-value']) assert.ok(!got.includes(secret), `${secret.slice(0, 12)} reached the second origin`);
      assert.deepEqual(r.redirects[0].dropped.sort(), ['Authorization', 'Ocp-Apim-Subscription-Key', 'X-Api-Key', 'X-Custom', 'X-Trace']);
      // The first origin got everything, as sent.
      assert.equal(a.hits[0].headers['x-api-key'], 'key-1234567');
    });

    it('stops at a redirect to an origin not approved, naming its target; that origin receives nothing', async () => {
      const b = await recorder();
      const a = await recorder((_h, res) => {
        res.writeHead(307, { location: `${b.origin}/steal?x=1` });
        res.end();
      });
      const e = await rejectsWith(send({ method: 'GET', url: `${a.origin}/`, headers: [['Authorization', `Bearer ${TOKEN}`]] }), 'redirect-blocked');
      assert.match(e.message, new RegExp(`redirect to ${b.origin.replace(/\./g, '\\.')}/steal\\?x=1`));
      assert.equal(b.hits.length, 0);
    });

    it('never re-sends a body across origins (a 307 with a JSON body holding the token stops)', async () => {
      const b = await recorder();
      const a = await recorder((_h, res) => {
        res.writeHead(307, { location: `${b.origin}/post` });
        res.end();
      });
      await rejectsWith(send({ method: 'POST', url: `${a.origin}/`, headers: [['Content-Type', 'application/json']], body: JSON.stringify({ token: TOKEN }) }, { approveOrigin: () => true }), 'redirect-blocked');
      assert.equal(b.hits.length, 0);
      assert.equal(a.hits[0].body, JSON.stringify({ token: TOKEN }));
    });

    it('never follows https to plain http', async () => {
      const https = await import('node:https');
      const tls = path.join(__dirname, '..', 'fixtures', 'tls');
      const b = await recorder();
      const s = https.createServer({ cert: await fsp.readFile(path.join(tls, 'selfsigned.cert.pem')), key: await fsp.readFile(path.join(tls, 'selfsigned.key.pem')) }, (_q, res) => {
        res.writeHead(301, { location: `${b.origin}/down` });
        res.end();
      });
      servers.push(s);
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const url = `https://127.0.0.1:${(s.address() as AddressInfo).port}/`;
      const e = await rejectsWith(send({ method: 'GET', url, headers: [['Authorization', `Bearer ${TOKEN}`]] }, { rejectUnauthorized: false, approveOrigin: () => true }), 'redirect-blocked');
      assert.match(e.message, /leaves https for plain http/);
      assert.equal(b.hits.length, 0);
    });
  });

  describe('2. no credential in clear text', () => {
    it('send refuses a credential over plain http to a host that is not loopback, before any connection', async () => {
      for (const headers of [[['Authorization', `Bearer ${TOKEN}`]], [['X-Api-Key', 'abcdef']], [['X-Trace', `a${TOKEN}`]]] as Array<Array<[string, string]>>) {
        // The token inside `a…` is known by value (the preparation step lists the variable values it resolved).
        const e = await rejectsWith(send({ method: 'GET', url: 'http://api.partnercenter.microsoft.com/v1/customers', headers }, { secrets: [TOKEN] }), 'cleartext');
        assert.match(e.message, /Nothing was sent/);
        assert.ok(!e.message.includes(TOKEN));
      }
      await rejectsWith(send({ method: 'POST', url: 'http://example.invalid/', headers: [], body: `{"t":"${TOKEN}"}` }), 'cleartext');
    });

    it('the CLI exits 2 on it, even with --allow', async () => {
      const f = await write('c.sh', `curl -H 'Authorization: Bearer ${TOKEN}' http://api.partnercenter.microsoft.com/v1/customers\n`);
      const r = await cli(['diagnose', f, '--send', '--allow', 'http://api.partnercenter.microsoft.com']);
      assert.equal(r.code, 2);
      assert.match(r.err, /plain http/);
      assert.ok(!r.err.includes(TOKEN));
    });
  });

  describe('6. CLI --send goes only to origins the user names', () => {
    it('without --allow and without a terminal: sends nothing, exits 2 and names the origin', async () => {
      const a = await recorder();
      const f = await write('c.sh', `curl ${a.origin}/v1/customers -H 'Accept: application/json'\n`);
      const r = await cli(['diagnose', f, '--send']);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`${a.origin.replace(/\./g, '\\.')} is not allowed.*--allow ${a.origin.replace(/\./g, '\\.')}`));
      assert.equal(a.hits.length, 0);
    });

    it('--allow is an origin: another port or scheme is not allowed; a repository setting never widens it', async () => {
      const a = await recorder();
      const other = await recorder();
      await write('.vscode/settings.json', JSON.stringify({ 'jwtMfa.replay.approvedHosts': [a.origin, '127.0.0.1'] }));
      const f = await write('c.sh', `curl ${a.origin}/x -H 'Authorization: Bearer ${TOKEN}'\n`);
      assert.equal((await cli(['diagnose', f, '--send'])).code, 2);
      assert.equal((await cli(['diagnose', f, '--send', '--allow', other.origin])).code, 2);
      assert.equal((await cli(['diagnose', f, '--send', '--allow', a.origin.replace('http:', 'https:')])).code, 2);
      assert.equal(a.hits.length, 0);
      const bad = await cli(['diagnose', f, '--send', '--allow', `${a.origin}/path`]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--allow takes an origin/);
      const ok = await cli(['diagnose', f, '--send', '--allow', a.origin]);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(a.hits.length, 1);
    });

    it('asks at a terminal: no sends nothing, yes sends', async () => {
      const a = await recorder();
      const f = await write('c.sh', `curl ${a.origin}/x -H 'Authorization: Bearer ${TOKEN}'\n`);
      const asked: string[] = [];
      const no = await cli(['diagnose', f, '--send'], { confirm: async (q) => (asked.push(q), false) });
      assert.equal(no.code, 2);
      assert.match(no.err, /you did not confirm/);
      assert.equal(a.hits.length, 0);
      assert.match(asked[0], new RegExp(`to ${a.origin.replace(/\./g, '\\.')}\\? \\[y/N\\]`));
      assert.ok(!asked[0].includes(TOKEN));
      const yes = await cli(['diagnose', f, '--send'], { confirm: async () => true });
      assert.equal(yes.code, 0, yes.err);
      assert.equal(a.hits.length, 1);
    });

    it('several environments and no --env: exits 2 naming them, sends nothing', async () => {
      const a = await recorder();
      await write('req/http-client.env.json', JSON.stringify({ dev: { base: a.origin }, prod: { base: a.origin } }));
      const f = await write('req/x.http', 'GET {{base}}/v1\n');
      const r = await cli(['diagnose', f, '--send', '--allow', a.origin]);
      assert.equal(r.code, 2);
      assert.match(r.err, /several environments.*dev, prod.*--env/);
      assert.equal(a.hits.length, 0);
    });

    it('a curl line without -L does not follow a redirect, with -L it does (issue 15.2: curl semantics)', async () => {
      const a = await recorder((h, res) => {
        if (h.url === '/start') {
          res.writeHead(302, { location: '/end' });
          res.end();
        } else res.end('{}');
      });
      const f = await write('c.sh', `curl ${a.origin}/start\n\ncurl -L ${a.origin}/start\n`);
      await cli(['diagnose', f, '--send', '--allow', a.origin]);
      assert.deepEqual(a.hits.map((h) => h.url), ['/start']);
      await cli(['diagnose', f, '--send', '--allow', a.origin, '--entry', '2']);
      assert.deepEqual(a.hits.map((h) => h.url), ['/start', '/start', '/end']);
      // The same step prepares the editor's requests.
      assert.equal(prepareExchangeSend('curl', { method: 'GET', url: 'https://h/', headers: [] }, 0).followRedirects, false);
      assert.equal(prepareExchangeSend('curl', { method: 'GET', url: 'https://h/', headers: [], followRedirects: true }, 0).followRedirects, true);
      assert.equal(prepareExchangeSend('har', { method: 'GET', url: 'https://h/', headers: [] }, 0).followRedirects, true);
    });
  });

  describe('4. redact by value', () => {
    it('the token in any header, a $processEnv value and userinfo never reach the CLI text', async () => {
      const a = await recorder((_h, res) => {
        res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
        res.end();
      });
      const f = await write('x.http', `GET ${a.origin.replace('http://', 'http://user:pa55word@')}/v1?t=x{{$processEnv PC_TOKEN}}&key=k-9876543\nX-Trace: a${TOKEN}\n`);
      for (const format of ['text', 'json']) {
        const r = await cli(['diagnose', f, '--send', '--allow', a.origin, '--format', format]);
        const all = r.out + r.err;
        assert.ok(r.code === 1 || r.code === 0, all);
        assert.ok(!all.includes(TOKEN), `${format}: token shown`);
        assert.ok(!all.includes(TOKEN.split('.')[1]), `${format}: payload shown`);
        assert.ok(!all.includes('pa55word'), `${format}: password shown`);
        assert.ok(!all.includes('k-9876543'), `${format}: key= shown`);
      }
      assert.equal(a.hits.length, 2, 'both were sent (the token went where the user allowed)');
    });

    it('redactText and redactUrl hide values whatever their shape', () => {
      assert.equal(redactText(`X-Trace: a${TOKEN}`, [TOKEN]), 'X-Trace: a[redacted]');
      assert.equal(redactUrl('https://u:p@h.example/x?code=1&sig=2&access_token=3&key=4&ok=5'), 'https://[redacted]@h.example/x?code=[redacted]&sig=[redacted]&access_token=[redacted]&key=[redacted]&ok=5');
    });
  });

  describe('5. body files', () => {
    it('resolve only inside the workspace folder, by real path after symlinks', async () => {
      const a = await recorder();
      const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'jwt-mfa-outside-'));
      try {
        await fsp.writeFile(path.join(outside, 'credentials'), '[default]\naws_secret_access_key = SECRET');
        const proj = path.join(dir, 'proj');
        await fsp.mkdir(path.join(proj, 'req'), { recursive: true });
        await fsp.symlink(path.join(outside, 'credentials'), path.join(proj, 'req', 'link.txt'));
        await fsp.writeFile(path.join(proj, 'req', 'ok.txt'), 'fine');
        const rel = path.relative(path.join(proj, 'req'), path.join(outside, 'credentials'));
        await fsp.writeFile(path.join(proj, 'req', 'x.http'), `POST ${a.origin}/a\n\n< ${rel}\n\n###\nPOST ${a.origin}/b\n\n< ./link.txt\n\n###\nPOST ${a.origin}/c\n\n< ./ok.txt\n`);
        for (const entry of ['1', '2']) {
          const r = await cli(['diagnose', 'req/x.http', '--send', '--allow', a.origin, '--entry', entry], { cwd: proj });
          assert.equal(r.code, 2, r.out + r.err);
          assert.match(r.err, /outside the workspace folder/);
        }
        assert.equal(a.hits.length, 0);
        const ok = await cli(['diagnose', 'req/x.http', '--send', '--allow', a.origin, '--entry', '3'], { cwd: proj });
        assert.equal(ok.code, 0, ok.err);
        assert.equal(a.hits[0].body, 'fine');
      } finally {
        await fsp.rm(outside, { recursive: true, force: true });
      }
    });
  });

  describe('7. keys come from the user, never from the repository', () => {
    it("a repository's jwtMfa.verify.jwks cannot make a forged Entra token valid, with or without --jwks", async () => {
      const forger = await keyPair('forged');
      const real = await keyPair('real');
      await write('forged-keys.json', JSON.stringify(forger.jwks));
      await write('user-keys.json', JSON.stringify(real.jwks));
      await write('.vscode/settings.json', JSON.stringify({ 'jwtMfa.verify.jwks': ['forged-keys.json'], 'jwtMfa.verify.trustedIssuers': [`https://sts.windows.net/${TID}/`] }));
      const forged = await forger.sign({ aud: 'https://api.partnercenter.microsoft.com', amr: ['pwd', 'mfa'], tid: TID, iss: `https://sts.windows.net/${TID}/`, iat: NOW_S - 60, exp: NOW_S + 3600 });
      const f = await write('t.txt', forged + '\n');
      const r = await cli(['scan', f, '--jwks', 'user-keys.json', '--format', 'json', '--now', String(NOW_S)]);
      const j = JSON.parse(r.out);
      assert.notEqual(j[0]?.tokens?.[0]?.signature ?? j.files?.[0]?.tokens?.[0]?.signature, 'valid', r.out.slice(0, 400));
      assert.match(r.out, /"signature":\s*"invalid"/);
    });
  });

  describe('8. no raw control characters reach a terminal', () => {
    it('claim values with ESC, BEL and CSI are made visible in text and JSON output', async () => {
      const evil = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'https://api.partnercenter.microsoft.com', appid: '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\u009b2J', iss: 'https://sts.windows.net/t/', exp: NOW_S + 60 })}.c2ln`;
      for (const format of ['text', 'json']) {
        const r = await cli(['decode', evil, '--format', format, '--now', String(NOW_S)]);
        assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.out + r.err), `${format}: a raw control character`);
        if (format === 'json') JSON.parse(r.out);
      }
      const f = await write('evil\u001b[31mname.txt', evil);
      const s = await cli(['scan', f]);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s.out + s.err), 'scan: a raw control character');
    });
  });

  describe('9. hosts named like prototype members', () => {
    it('http://constructor/ and http://__proto__/ do not crash analysis or scan', async () => {
      assert.equal(hostEntry('constructor'), undefined);
      assert.equal(hostEntry('__proto__'), undefined);
      assert.equal(hostEntry('toString'), undefined);
      for (const host of ['constructor', '__proto__', 'hasOwnProperty']) {
        const text = `GET http://${host}/v1\nAuthorization: Bearer ${TOKEN}\n`;
        const t = analyzeText(text, { fileName: 'x.http', settings: { ...DEFAULT_SETTINGS }, now: NOW });
        assert.equal(t.length, 1);
        const f = await write(`${host}.http`, text);
        const r = await cli(['scan', f, '--now', String(NOW_S)]);
        assert.notEqual(r.code, 2, r.err);
      }
    });
  });

  describe('10. deep and long claims', () => {
    it('an aud nested 200,000 levels deep, or 5 MB long, neither overflows nor floods a line', async () => {
      let deep = '"x"';
      for (let i = 0; i < 200_000; i++) deep = `[${deep}]`;
      const deepTok = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(`{"aud":${deep},"exp":${NOW_S + 60}}`)}.c2ln`;
      const longTok = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'a'.repeat(5_000_000), exp: NOW_S + 60 })}.c2ln`;
      for (const tok of [deepTok, longTok]) {
        assert.equal(scan(tok).length, 1);
        for (const format of ['text', 'json']) {
          const r = await cli(['decode', '-', '--format', format, '--now', String(NOW_S)], { stdin: tok });
          assert.notEqual(r.code, 2, r.err.slice(0, 300));
          const longest = Math.max(...(r.out + r.err).split('\n').map((l) => l.length));
          assert.ok(longest < 20_000, `${format}: a line of ${longest} characters`);
        }
        const a = await recorder((_h, res) => {
          res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
          res.end();
        });
        const f = await write('r.txt', 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"\n\n');
        const d = await cli(['diagnose', f, '--token', tok]);
        assert.equal(d.code, 1, d.err.slice(0, 300));
        assert.ok(Math.max(...d.out.split('\n').map((l) => l.length)) < 20_000, 'diagnosis text: a flooded line');
        void a;
      }
    });
  });

  describe('11. JWKS and discovery bodies are capped while streaming', () => {
    it('a chunked body without a length stops at the cap', async () => {
      let sent = 0;
      const a = await recorder((_h, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
      });
      await assert.rejects(
        nodeFetch(`${a.origin}/jwks`, { method: 'GET', headers: {}, redirect: 'manual', signal: AbortSignal.timeout(10000) }),
        (e: Error) => /too large/.test(e.message),
      );
      assert.ok(sent < 50 * 1024 * 1024 || sent === Infinity, 'the server was not read to the end');
      const small = new Response('{"keys":[]}');
      assert.equal(new TextDecoder().decode(await readCapped(small, MAX_KEYS_BYTES)), '{"keys":[]}');
    });
  });
});
