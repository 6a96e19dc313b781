// `jwt-mfa diagnose --send` asks at a real terminal: the bundled CLI runs under a pseudo-terminal
// (util-linux `script`), a loopback server records what it receives, and the answer is typed once the
// question is on screen (a condition, never a delay).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mint } from './helpers/fixtures';

const hasScript = spawnSync('script', ['--version']).status === 0;
// The CLI runs at the real clock here: the token lives until 2100.
const TOKEN = mint({ aud: 'https://api.partnercenter.microsoft.com', amr: ['pwd'], exp: 4102444800 }, { alg: 'RS256', typ: 'JWT' }, 'c2lnbmF0dXJlc2lnbmF0dXJl');

(hasScript ? describe : describe.skip)('jwt-mfa diagnose --send at a terminal (pty)', function () {
  this.timeout(60000);
  let dir: string;
  let cli: string;
  let server: http.Server;
  let origin: string;
  const hits: string[] = [];

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'jwt-mfa-pty-'));
    cli = path.join(dir, 'cli.js');
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'silent' });
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ? 'auth' : 'no-auth'}`);
      res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fsp.writeFile(path.join(dir, 'call.sh'), `curl ${origin}/v1/customers -H 'Authorization: Bearer ${TOKEN}'\n`);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fsp.rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI under a pty; types `answer` once the question shows; resolves with the screen text and the exit code. */
  function underPty(answer: string): Promise<{ screen: string; code: number | null }> {
    return new Promise((resolve, reject) => {
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} diagnose call.sh --send`;
      const p = spawn('script', ['-qefc', cmd, '/dev/null'], { cwd: dir, env: { ...process.env, LANG: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let screen = '';
      let typed = false;
      const onData = (c: Buffer) => {
        screen += c.toString('utf8');
        if (!typed && /\[y\/N\]/.test(screen)) {
          typed = true;
          p.stdin.write(answer + '\r');
        }
      };
      p.stdout.on('data', onData);
      p.stderr.on('data', onData);
      p.on('error', reject);
      p.on('close', (code) => resolve({ screen, code }));
    });
  }

  it('asks, naming the origin and never the token; "n" sends nothing and exits 2', async () => {
    const before = hits.length;
    const r = await underPty('n');
    assert.match(r.screen, new RegExp(`Send GET ${origin.replace(/\./g, '\\.')}/v1/customers .*to ${origin.replace(/\./g, '\\.')}\\? \\[y/N\\]`));
    assert.ok(!r.screen.includes(TOKEN), 'the token is not on screen');
    assert.match(r.screen, /nothing was sent: you did not confirm/);
    assert.equal(r.code, 2);
    assert.equal(hits.length, before, 'the server received nothing');
  });

  it('"y" sends it once and diagnoses the answer', async () => {
    const before = hits.length;
    const r = await underPty('y');
    assert.equal(r.code, 1, r.screen.slice(-500));
    assert.deepEqual(hits.slice(before), ['GET /v1/customers auth']);
    assert.match(r.screen, /mfa-missing/);
    assert.ok(!r.screen.includes(TOKEN.split('.')[1]), 'no token payload on screen');
  });
});
