// Loopback-only tests of the replay sender: every server here listens on 127.0.0.1 and is closed after.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { send, SendError } from '../../src/node/send';
import { fakeClock, httpEvents, rejectsWith } from './helpers/send';

const TLS_DIR = path.join(__dirname, '..', 'fixtures', 'tls');
const CERT = fs.readFileSync(path.join(TLS_DIR, 'selfsigned.cert.pem'));
const KEY = fs.readFileSync(path.join(TLS_DIR, 'selfsigned.key.pem'));

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: Array<http.Server | net.Server> = [];
const sockets: net.Socket[] = [];

async function listen<S extends http.Server | net.Server>(server: S): Promise<{ server: S; port: number; origin: string }> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { server, port, origin: `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}` };
}

const serve = (h: Handler) => listen(http.createServer(h));


describe('send (loopback)', function () {
  this.timeout(10000); // a hang guard only: no test here waits for time
  let events: ReturnType<typeof httpEvents>;
  beforeEach(() => {
    events = httpEvents();
  });
  afterEach(async () => {
    events.off();
    for (const sock of sockets.splice(0)) sock.destroy();
    for (const s of servers.splice(0)) {
      const closeAll = (s as Partial<http.Server>).closeAllConnections;
      if (typeof closeAll === 'function') closeAll.call(s);
      await new Promise((r) => s.close(r));
    }
  });

  it('returns status, the reason phrase, ordered headers with repeats, and the body; sends method, headers, body', async () => {
    let seen: { method?: string; auth?: string; body: string } = { body: '' };
    const { origin } = await serve((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        seen = { method: req.method, auth: req.headers.authorization, body: b };
        res.writeHead(401, 'Unauthorized - MFA required', ['WWW-Authenticate', 'Bearer error="invalid_token"', 'X-Rep', '1', 'X-Rep', '2', 'MS-CorrelationId', 'c']);
        res.end('{"ok":false}');
      });
    });
    const r = await send({ method: 'post', url: `${origin}/x?y=1`, headers: [['Authorization', 'Bearer abc'], ['Content-Type', 'text/plain']], body: 'hello' });
    assert.equal(r.status, 401);
    assert.equal(r.statusText, 'Unauthorized - MFA required');
    assert.deepEqual(r.headers.filter(([n]) => n !== 'Date' && n !== 'Connection' && n !== 'Keep-Alive' && n !== 'Transfer-Encoding'), [
      ['WWW-Authenticate', 'Bearer error="invalid_token"'],
      ['X-Rep', '1'],
      ['X-Rep', '2'],
      ['MS-CorrelationId', 'c'],
    ]);
    assert.equal(r.body, '{"ok":false}');
    assert.deepEqual(seen, { method: 'POST', auth: 'Bearer abc', body: 'hello' });
    assert.equal(r.truncated, false);
  });

  it('drops Authorization on a cross-origin redirect, keeps it on a same-origin one', async () => {
    const got: Array<string | undefined> = [];
    const b = await serve((req, res) => {
      got.push(req.headers.authorization);
      res.end('B');
    });
    const a = await serve((req, res) => {
      if (req.url === '/same') {
        res.writeHead(302, { location: '/other' });
        res.end();
      } else if (req.url === '/other') {
        got.push(req.headers.authorization);
        res.writeHead(307, { location: `${b.origin}/landing` });
        res.end();
      } else res.end();
    });
    const r = await send({ method: 'GET', url: `${a.origin}/same`, headers: [['Authorization', 'Bearer secret'], ['Cookie', 'a=1']] }, { approveOrigin: (o) => o === b.origin });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'B');
    assert.deepEqual(got, ['Bearer secret', undefined]);
    assert.deepEqual(r.redirects.map((h) => [h.status, h.authorizationDropped]), [
      [302, false],
      [307, true],
    ]);
    assert.equal(r.url, `${b.origin}/landing`);
  });

  it('does not follow redirects when asked not to; 303 turns POST into GET', async () => {
    const methods: string[] = [];
    const { origin } = await serve((req, res) => {
      methods.push(`${req.method} ${req.url}`);
      if (req.url === '/p') {
        res.writeHead(303, { location: '/g' });
        res.end();
      } else res.end('done');
    });
    const r = await send({ method: 'GET', url: `${origin}/p`, headers: [] }, { followRedirects: false });
    assert.equal(r.status, 303);
    const r2 = await send({ method: 'POST', url: `${origin}/p`, headers: [], body: 'x' });
    assert.equal(r2.body, 'done');
    assert.deepEqual(methods.slice(1), ['POST /p', 'GET /g']);
  });

  it('names a redirect loop and too many redirects', async () => {
    const { origin } = await serve((req, res) => {
      const n = Number(req.url!.slice(3));
      if (req.url!.startsWith('/l/')) res.writeHead(302, { location: req.url === '/l/a' ? '/l/b' : '/l/a' });
      else res.writeHead(302, { location: `/n/${n + 1}` });
      res.end();
    });
    const e = await rejectsWith(send({ method: 'GET', url: `${origin}/l/a`, headers: [] }), 'redirect-loop');
    assert.match(e.message, /Redirect loop/);
    const e2 = await rejectsWith(send({ method: 'GET', url: `${origin}/n/0`, headers: [] }, { maxRedirects: 3 }), 'too-many-redirects');
    assert.match(e2.message, /redirect loop/);
  });

  it('times out on a slow header and on a slow body, with a clear message', async () => {
    // The clock is frozen: the deadline passes when the test says so, once the exchange is stuck.
    const clock = fakeClock();
    const { origin } = await serve((req, res) => {
      if (req.url === '/body') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
      } else clock.elapse(); // '/head': never answered; the deadline passes while the server holds it
    });
    const e = await rejectsWith(send({ method: 'GET', url: `${origin}/head`, headers: [] }, { timeoutMs: 200, timers: clock.timers }), 'timeout');
    assert.match(e.message, /within 200 ms/);
    assert.equal(events.clientRequests.at(-1)?.destroyed, true, 'the timed-out request is closed');
    // '/body': the deadline passes once the client has the headers and waits for the rest of the body.
    events.onClientResponse('/body', () => clock.elapse());
    await rejectsWith(send({ method: 'GET', url: `${origin}/body`, headers: [] }, { timeoutMs: 200, timers: clock.timers }), 'timeout');
    assert.equal(events.clientRequests.at(-1)?.destroyed, true);
    assert.deepEqual(clock.armed, [200, 200], 'the deadline is the timeout asked for');
    assert.equal(clock.pending.size, 0, 'no timer outlives the exchange');
  });

  it('explains a refused connection and a reset mid-response', async () => {
    const probe = await listen(net.createServer());
    const port = probe.port;
    await new Promise((r) => probe.server.close(r));
    servers.splice(servers.indexOf(probe.server), 1);
    const e = await rejectsWith(send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: [] }), 'refused');
    assert.match(e.message, /Connection refused/);
    let answering: http.ServerResponse | undefined;
    const { origin } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(10));
      answering = res;
    });
    // Reset mid-response: once the client has the headers, not after some time.
    events.onClientResponse('/', () => answering?.socket?.destroy());
    const e2 = await rejectsWith(send({ method: 'GET', url: `${origin}/`, headers: [] }), 'reset');
    assert.match(e2.message, /reset/);
  });

  it('caps a huge body and flags the truncation', async () => {
    const { origin } = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = 'y'.repeat(64 * 1024);
      let n = 0;
      const write = () => {
        while (n < 64 && res.write(chunk)) n++;
        if (n >= 64) res.end();
        else res.once('drain', () => write());
      };
      write();
    });
    const r = await send({ method: 'GET', url: origin, headers: [] }, { maxBodyBytes: 1000 });
    assert.equal(r.body.length, 1000);
    assert.equal(r.truncated, true);
  });

  it('decodes a gzip body', async () => {
    const { origin } = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('{"compressed":true}'));
    });
    assert.equal((await send({ method: 'GET', url: origin, headers: [] })).body, '{"compressed":true}');
  });

  it('stops at once when cancelled', async () => {
    const clock = fakeClock(); // frozen: only the cancellation can end the exchange
    const ctl = new AbortController();
    let closedAtOnce: boolean | undefined;
    let serverSide: net.Socket | undefined;
    const { origin } = await serve((req) => {
      // The server holds the request: cancel now. The outgoing request is destroyed within abort() itself.
      serverSide = req.socket;
      ctl.abort();
      closedAtOnce = events.clientRequests.at(-1)?.destroyed;
    });
    const e = await rejectsWith(send({ method: 'GET', url: origin, headers: [] }, { signal: ctl.signal, timeoutMs: 10000, timers: clock.timers }), 'aborted');
    assert.equal(closedAtOnce, true, 'the request is closed as abort() returns');
    assert.match(e.message, /cancelled/);
    assert.deepEqual(clock.armed, [10000]);
    assert.equal(clock.pending.size, 0, 'the deadline never fired and was cleared');
    if (!serverSide!.destroyed) await new Promise((r) => serverSide!.once('close', r)); // the server sees the connection close
    const pre = new AbortController();
    pre.abort();
    const started = events.clientRequests.length;
    await rejectsWith(send({ method: 'GET', url: origin, headers: [] }, { signal: pre.signal }), 'aborted');
    assert.equal(events.clientRequests.length, started, 'nothing is sent when cancelled before');
  });

  it('names a self-signed TLS certificate, and works when its CA is trusted', async () => {
    const { origin } = await listen(https.createServer({ cert: CERT, key: KEY }, (_req, res) => res.end('tls ok')));
    const e = await rejectsWith(send({ method: 'GET', url: origin, headers: [] }), 'tls-self-signed');
    assert.match(e.message, /self-signed/);
    const r = await send({ method: 'GET', url: origin, headers: [] }, { ca: CERT });
    assert.equal(r.body, 'tls ok');
    // A name the certificate does not cover is invalid TLS too.
    const e2 = await send({ method: 'GET', url: origin.replace('127.0.0.1', 'localhost.'), headers: [] }, { ca: CERT, timeoutMs: 3000 }).catch((x) => x);
    assert.ok(e2 instanceof SendError);
  });

  it('goes through an http proxy: absolute-URI for http, CONNECT for https', async () => {
    const target = await listen(https.createServer({ cert: CERT, key: KEY }, (req, res) => res.end(`tunneled ${req.headers.authorization}`)));
    const seen: string[] = [];
    const proxy = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('via proxy');
    });
    proxy.server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      seen.push(`CONNECT ${req.url}`);
      sockets.push(client);
      const upstream = net.connect(target.port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.push(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const r = await send({ method: 'GET', url: 'http://upstream.test/a?b=1', headers: [] }, { proxy: proxy.origin });
    assert.equal(r.body, 'via proxy');
    const r2 = await send({ method: 'GET', url: target.origin + '/s', headers: [['Authorization', 'Bearer t']] }, { proxy: proxy.origin, ca: CERT });
    assert.equal(r2.body, 'tunneled Bearer t');
    assert.deepEqual(seen, ['GET http://upstream.test/a?b=1', `CONNECT 127.0.0.1:${target.port}`]);
  });

  it('refuses non-http URLs and bad URLs without sending', async () => {
    await rejectsWith(send({ method: 'GET', url: 'file:///etc/passwd', headers: [] }), 'bad-url');
    await rejectsWith(send({ method: 'GET', url: '{{host}}/x', headers: [] }), 'bad-url');
    const e = await rejectsWith(send({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [['X-Bad', 'a\r\nInjected: 1']] }), 'bad-request');
    assert.match(e.message, /characters HTTP does not allow/);
  });
});
