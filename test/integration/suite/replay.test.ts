// "JWT: Replay Request & Diagnose" and "JWT: Diagnose Response" inside a real VS Code, against the loopback
// stand-ins the runner starts (JWT_MFA_STAND_IN: two origins and freshly minted tokens; the first one's
// origin is approved in the user settings, so no modal), and against recording servers started here
// (issue 12: what a second origin never gets). The VS Code face of Replay & diagnose.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ReplayOutcome } from '../../../src/extension/replay/replay';
import { api, openFile, standIn, until } from '../util';
import { mint } from '../../unit/helpers/fixtures';



async function replayAt(doc: vscode.TextDocument, needle: string, extra: Record<string, unknown> = {}): Promise<ReplayOutcome> {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the document`);
  return (await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), offset, ...extra })) as ReplayOutcome;
}

function diagnosed(o: ReplayOutcome | undefined): Extract<ReplayOutcome, { kind: 'diagnosed' }> {
  assert.ok(o, 'the command returned an outcome');
  assert.equal(o.kind, 'diagnosed', JSON.stringify(o).slice(0, 400));
  return o as Extract<ReplayOutcome, { kind: 'diagnosed' }>;
}

function failed(o: ReplayOutcome | undefined): Extract<ReplayOutcome, { kind: 'error' }> {
  assert.ok(o, 'the command returned an outcome');
  assert.equal(o.kind, 'error', JSON.stringify(o).slice(0, 400));
  return o as Extract<ReplayOutcome, { kind: 'error' }>;
}

interface Received {
  method: string;
  path: string;
  authorization: boolean;
}
async function received(origin: string): Promise<Received[]> {
  const r = await fetch(`${origin}/_received`);
  return (await r.json()) as Received[];
}

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const setting = (key: string, value: unknown) => vscode.workspace.getConfiguration('jwtMfa').update(key, value, vscode.ConfigurationTarget.Global);
const approved = () => vscode.workspace.getConfiguration('jwtMfa').inspect<string[]>('replay.approvedHosts')?.globalValue ?? [];
/** Runs `f` with `origins` approved too (user settings), then restores the list. */
async function withApproved<T>(origins: string[], f: () => Promise<T>): Promise<T> {
  const before = approved();
  await setting('replay.approvedHosts', [...before, ...origins]);
  try {
    return await f();
  } finally {
    await setting('replay.approvedHosts', before);
  }
}

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
/** A loopback server that records every request whole (headers and body). */
async function recorder(reply: (h: Hit, res: http.ServerResponse) => void = (_h, res) => res.end('{}')): Promise<{ origin: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const h = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      hits.push(h);
      reply(h, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

describe('replay request & diagnose (stand-in)', function () {
  this.timeout(60000);
  let a: ExtensionApi;

  before(async () => {
    a = await api();
    standIn();
    assert.ok(vscode.workspace.isTrusted, 'the main pass runs in a trusted workspace');
    assert.deepEqual(vscode.workspace.getConfiguration('jwtMfa').get('replay.approvedHosts'), [new URL(standIn().url).origin], 'the runner approved the stand-in origin');
  });

  it('replays the request a quick fix names, also for a token defined once as a file variable', async () => {
    const { url, tokens } = standIn();
    // The token sits on the @token line; the requests that send it are further down.
    const text = `@token = ${tokens['no-mfa']}\n\n### one\nGET ${url}/v1/invoices?case=qf-one\nAuthorization: Bearer {{token}}\n\n### two\nGET ${url}/v1/customers?case=qf-two\nAuthorization: Bearer {{token}}\n`;
    const doc = await openFile('quick-fix-replay.http', text);
    const diag = await until('diagnostics tied to both requests', () => {
      const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.relatedInformation?.length);
      return ds.length >= 2 ? ds : undefined;
    });
    const secondLine = doc.positionAt(text.indexOf('GET ' + url + '/v1/customers')).line;
    const onSecond = diag.find((d) => d.relatedInformation![0].location.range.start.line === secondLine);
    assert.ok(onSecond, 'a diagnostic points at the second request');
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, onSecond.range)) as vscode.CodeAction[];
    const replay = actions.find((x) => x.command?.command === 'jwtMfa.replayRequest' && (x.command.arguments?.[0] as { line?: number })?.line === secondLine);
    assert.ok(replay?.command, `a replay quick fix for line ${secondLine}: ${actions.map((x) => x.title).join(' | ')}`);
    const o = diagnosed((await vscode.commands.executeCommand(replay.command.command, ...(replay.command.arguments ?? []))) as ReplayOutcome);
    assert.match(o.view.request ?? '', /case=qf-two/, 'the request on the diagnostic\'s line was replayed, not the one at the cursor');
    assert.equal(o.causes[0], 'mfa-missing');
  });

  it('finds each cause code the stand-in produces, first, and a 200 with no causes', async () => {
    const { url, tokens } = standIn();
    const cases: Array<[string, string, string | null, string | null]> = [
      ['mfa-missing', '/v1/customers', tokens['no-mfa'], 'mfa-missing'],
      ['audience', '/v1/customers', tokens['wrong-audience'], 'audience-mismatch'],
      ['expired', '/v1/customers', tokens.expired, 'expired'],
      ['not-yet-valid', '/v1/customers', tokens['not-yet-valid'], 'not-yet-valid'],
      ['app-only', '/v1/customers/c1/subscriptions', tokens['app-only'], 'app-only'],
      ['claims', '/graph/v1.0/me', tokens.graph, 'claims-challenge'],
      ['scope', '/graph/v1.0/users', tokens.graph, 'insufficient-scope'],
      ['none', '/v1/customers', null, 'no-token'],
      ['malformed', '/v1/customers', 'not-a-jwt', 'malformed'],
      ['bad-signature', '/v1/customers', tokens['bad-signature'], 'unknown'],
      ['ok', '/v1/customers', tokens.mfa, null],
    ];
    const text = cases.map(([name, p, tok]) => `# @name ${name}\nGET ${url}${p}?case=${name}\n${tok ? `Authorization: Bearer ${tok}\n` : ''}`).join('\n###\n');
    const doc = await openFile('stand-in-causes.http', text);
    for (const [name, , , code] of cases) {
      const o = diagnosed(await replayAt(doc, `?case=${name}`));
      assert.equal(o.sent, true);
      if (code === null) {
        assert.equal(o.status, 200, name);
        assert.deepEqual(o.causes, [], `${name}: a 200 has no causes`);
      } else assert.equal(o.causes[0], code, `${name}: ${JSON.stringify(o.causes)}`);
    }
  });

  it('shows the 401 diagnosis in the inspector: request line, status and reason, challenge, verdicts, causes, correlation ids', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile('stand-in-mfa.http', `GET ${url}/v1/customers\nAuthorization: Bearer ${tokens['no-mfa']}\nMS-CorrelationId: 5e1f0000-0000-4000-8000-00000000c0de\n`);
    const o = diagnosed(await replayAt(doc, 'GET '));
    assert.equal(o.status, 401);
    assert.equal(o.statusText, 'Unauthorized - MFA required');
    assert.equal(o.view.request, `GET ${url}/v1/customers`);
    assert.equal(o.view.status, '401 Unauthorized - MFA required');
    assert.deepEqual(o.view.challenges, ['Bearer error="invalid_token"']);
    assert.ok(o.view.token?.verdicts.some((v) => v.code === 'mfa-missing'), 'the token verdicts are shown');
    assert.ok(o.view.correlation?.some((c) => c.name === 'MS-CorrelationId' && c.value === '5e1f0000-0000-4000-8000-00000000c0de'), JSON.stringify(o.view.correlation));
    // The webview itself rendered it (its report of the real DOM's text).
    const r = await until('the inspector to render the diagnosis', () => {
      const x = a.inspector.lastRendered();
      return x && x.text.includes('Unauthorized - MFA required') && x.text.includes('mfa-missing') && x.text.includes('5e1f0000-0000-4000-8000-00000000c0de') ? x : undefined;
    });
    assert.equal(r.active, 0, 'no active content in the panel');
    assert.ok(!r.text.includes(tokens['no-mfa'].split('.')[1]), 'no token payload in the panel text');
  });

  it('a redirect to another origin goes on only when approved, without Authorization; on the same origin it keeps it', async () => {
    const { url, other, tokens } = standIn();
    const doc = await openFile(
      'stand-in-redirect.http',
      `GET ${url}/redirect?to=${encodeURIComponent(`${other}/echo`)}\nAuthorization: Bearer ${tokens.mfa}\n\n###\nGET ${url}/redirect?to=%2Fecho&same=1\nAuthorization: Bearer ${tokens.mfa}\n`,
    );
    // The other origin is not approved: the redirect is reported, not followed.
    const before = (await received(other)).length;
    const blocked = failed(await replayAt(doc, '/redirect?to=http'));
    assert.equal(blocked.code, 'redirect-blocked');
    assert.ok(blocked.message.includes(`${new URL(other).origin}/echo`), blocked.message);
    assert.equal((await received(other)).length, before, 'the other origin received nothing');

    const cross = diagnosed(await withApproved([new URL(other).origin], () => replayAt(doc, '/redirect?to=http')));
    assert.equal(cross.status, 200);
    assert.equal(cross.redirects.length, 1);
    assert.equal(cross.redirects[0].authorizationDropped, true);
    const atOther = (await received(other)).filter((x) => x.path === '/echo');
    assert.ok(atOther.length > 0, 'the other origin received the redirected request');
    assert.equal(atOther.at(-1)!.authorization, false, 'the other origin got no Authorization');
    assert.ok(a.replay.output.lines().some((l) => /not sent to another origin: Authorization/.test(l)), 'the output channel says so');

    const same = diagnosed(await replayAt(doc, '&same=1'));
    assert.equal(same.redirects[0].authorizationDropped, false);
    const atSame = (await received(url)).filter((x) => x.path === '/echo');
    assert.equal(atSame.at(-1)!.authorization, true, 'the same origin keeps Authorization');
  });

  it('issue 12: a second origin never gets a credential header, a header or body holding the token, or a body file outside the workspace', async () => {
    const { tokens } = standIn();
    const token = tokens['no-mfa'];
    const b = await recorder();
    const a1 = await recorder((h, res) => {
      if (h.url.startsWith('/hop')) {
        res.writeHead(h.url.includes('307') ? 307 : 302, { location: `${b.origin}/landing` });
        res.end();
      } else {
        res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
        res.end();
      }
    });
    const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'jwt-mfa-outside-'));
    try {
      await fsp.writeFile(path.join(outside, 'credentials'), '[default]\naws_secret_access_key = NEVER-SEND-THIS');
      const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
      await fsp.rm(path.join(root, 'trust', 'link.txt'), { force: true });
      await fsp.mkdir(path.join(root, 'trust'), { recursive: true });
      await fsp.symlink(path.join(outside, 'credentials'), path.join(root, 'trust', 'link.txt'));
      const rel = path.relative(path.join(root, 'trust'), path.join(outside, 'credentials'));
      const doc = await openFile(
        'trust/trust.http',
        [
          `@token = ${token}`,
          '',
          `### hop\nGET ${a1.origin}/hop?case=headers\nAuthorization: Bearer {{token}}\nX-Api-Key: key-1234567\nOcp-Apim-Subscription-Key: sub-1234567\nX-Trace: a{{token}}\nAccept: application/json`,
          `### body\nPOST ${a1.origin}/hop307?case=body\nContent-Type: application/json\n\n{"token":"{{token}}"}`,
          `### outside\nPOST ${a1.origin}/file?case=outside\n\n< ${rel}`,
          `### link\nPOST ${a1.origin}/file?case=link\n\n< ./link.txt`,
        ].join('\n\n'),
      );
      // Both origins approved as the modal would (an in-host test cannot answer a modal; the UI test does).
      await withApproved([a1.origin, b.origin], async () => {
        const h = diagnosed(await replayAt(doc, 'case=headers'));
        assert.equal(h.redirects[0].to, `${b.origin}/landing`);
        assert.deepEqual([...h.redirects[0].dropped].sort(), ['Authorization', 'Ocp-Apim-Subscription-Key', 'X-Api-Key', 'X-Trace']);
        assert.equal(b.hits.length, 1);
        assert.equal(b.hits[0].headers.accept, 'application/json');
        const bo = failed(await replayAt(doc, 'case=body'));
        assert.equal(bo.code, 'redirect-blocked');
        assert.match(bo.message, /body is never re-sent across origins/);
        for (const c of ['case=outside', 'case=link']) {
          const o = failed(await replayAt(doc, c));
          assert.equal(o.code, 'prepare', c);
          assert.match(o.message, /outside the workspace folder/, c);
        }
      });
      const got = JSON.stringify(b.hits);
      for (const secret of [token, 'key-1234567', 'sub-1234567', 'NEVER-SEND-THIS']) assert.ok(!got.includes(secret), `the second origin got ${secret.slice(0, 10)}`);
      assert.ok(!JSON.stringify(a1.hits).includes('NEVER-SEND-THIS'), 'no body file from outside the workspace was sent');
      assert.equal(a1.hits.filter((h) => h.url.startsWith('/file')).length, 0);
      // Redacted by value: the token behind `a{{token}}` is in no output line.
      const lines = a.replay.output.lines().join('\n');
      assert.ok(!lines.includes(token) && !lines.includes(token.split('.')[1]), 'the output channel holds the token');
    } finally {
      await fsp.rm(outside, { recursive: true, force: true });
      await a1.close();
      await b.close();
    }
  });

  it('explains a timeout (a server that never answers) in plain words, within the setting', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile('stand-in-hang.http', `GET ${url}/hang\nAuthorization: Bearer ${tokens.mfa}\n`);
    await setting('replay.timeoutMs', 400);
    try {
      // "within 400 ms" is the setting's value: it was used (a default timeout would name its own).
      const o = failed(await replayAt(doc, '/hang'));
      assert.equal(o.code, 'timeout');
      assert.match(o.message, /No complete response from 127\.0\.0\.1:\d+ within 400 ms \(timed out\)/);
    } finally {
      await setting('replay.timeoutMs', undefined);
    }
  });

  it('explains a refused connection in plain words', async () => {
    const port = await closedPort();
    const doc = await openFile('refused.http', `GET http://127.0.0.1:${port}/v1/customers\nAuthorization: Bearer ${standIn().tokens.mfa}\n`);
    const o = failed(await withApproved([`http://127.0.0.1:${port}`], () => replayAt(doc, 'GET ')));
    assert.equal(o.code, 'refused');
    assert.match(o.message, new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}: nothing is listening there`));
  });

  it('names a redirect loop and a connection reset mid-response, and caps a huge body', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile(
      'faults.http',
      [`GET ${url}/loop`, `GET ${url}/reset`, `GET ${url}/huge?mb=3`].map((l) => `${l}\nAuthorization: Bearer ${tokens['no-mfa']}\n`).join('\n###\n'),
    );
    const loop = failed(await replayAt(doc, '/loop'));
    assert.equal(loop.code, 'redirect-loop');
    assert.match(loop.message, /Redirect loop: 127\.0\.0\.1:\d+\/loop redirects back to a URL already visited/);
    const reset = failed(await replayAt(doc, '/reset'));
    assert.equal(reset.code, 'reset');
    assert.match(reset.message, /was reset before the response was complete/);
    await setting('replay.maxBodyMB', 1);
    try {
      const huge = diagnosed(await replayAt(doc, '/huge'));
      assert.equal(huge.status, 401);
      assert.equal(huge.causes[0], 'mfa-missing');
      assert.ok(a.replay.output.lines().some((l) => /The response body was cut at 1 MB/.test(l)), 'the output channel says the body was cut');
    } finally {
      await setting('replay.maxBodyMB', undefined);
    }
  });

  it('diagnoses the response saved under a request in a .http file, sending nothing', async () => {
    const { url, tokens } = standIn();
    const before = (await received(url)).length;
    const doc = await openFile(
      'saved.http',
      `GET ${url}/v1/customers\nAuthorization: Bearer ${tokens['no-mfa']}\n\nHTTP/1.1 401 Unauthorized - MFA required\nWWW-Authenticate: Bearer error="invalid_token"\nMS-CorrelationId: 11111111-2222-4333-8444-555555555555\n\n`,
    );
    const o = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), offset: doc.getText().indexOf('GET') })) as ReplayOutcome);
    assert.equal(o.sent, false);
    assert.equal(o.causes[0], 'mfa-missing');
    assert.ok(o.view.token, 'the token of the request above the saved response is diagnosed');
    assert.equal(o.view.correlation?.[0]?.value, '11111111-2222-4333-8444-555555555555');
    assert.equal((await received(url)).length, before, 'nothing was sent');
  });

  it('names an unresolved {{variable}} and sends nothing', async () => {
    const { url } = standIn();
    const before = (await received(url)).length;
    const doc = await openFile('unresolved.http', `GET ${url}/v1/customers?unresolved=1\nAuthorization: Bearer {{accessToken}}\n`);
    const o = failed(await replayAt(doc, 'GET '));
    assert.equal(o.code, 'prepare');
    assert.match(o.message, /unresolved variable\(s\) \{\{accessToken\}\}; nothing was sent/);
    // /_received is not itself recorded: the count stays the same when nothing was sent.
    assert.equal((await received(url)).length, before, 'the stand-in received nothing');
  });

  it('resolves variables from http-client.env.json beside the file and from the rest-client setting', async () => {
    const { url, tokens } = standIn();
    await openFile('env/http-client.env.json', JSON.stringify({ dev: { base: url, token: tokens['no-mfa'] } }));
    const doc = await openFile('env/env.http', `GET {{base}}/v1/customers?env=1\nAuthorization: Bearer {{token}}\n`);
    const jb = diagnosed(await replayAt(doc, 'GET '));
    assert.equal(jb.causes[0], 'mfa-missing');
    assert.equal(jb.view.request, `GET ${url}/v1/customers?env=1`);

    // REST Client: $shared + the chosen environment from the workspace's settings.json.
    const root = vscode.workspace.workspaceFolders![0].uri;
    const settingsUri = vscode.Uri.joinPath(root, '.vscode', 'settings.json');
    await vscode.workspace.fs.writeFile(
      settingsUri,
      Buffer.from(JSON.stringify({ 'rest-client.environmentVariables': { $shared: { base: url }, local: { token: tokens.expired } } })),
    );
    try {
      await until('VS Code to read the new settings.json', () => (vscode.workspace.getConfiguration('rest-client').get<Record<string, unknown>>('environmentVariables')?.local ? true : undefined));
      const rc = await openFile('rc.http', `GET {{base}}/v1/customers?env=rc\nAuthorization: Bearer {{token}}\n`);
      const o = diagnosed(await replayAt(rc, 'GET ', { env: 'local' }));
      assert.equal(o.view.request, `GET ${url}/v1/customers?env=rc`);
      assert.equal(o.causes[0], 'expired');
      // An environment that does not exist is named, and nothing is sent.
      const e = failed(await replayAt(rc, 'GET ', { env: 'staging' }));
      assert.match(e.message, /environment "staging" not found \(known: local/);
    } finally {
      await vscode.workspace.fs.delete(settingsUri);
    }
  });

  it('resolves {{$dotenv NAME}} from the nearest .env when replaying (13.7)', async () => {
    const { url, tokens } = standIn();
    const root = vscode.workspace.workspaceFolders![0].uri;
    const dir = vscode.Uri.joinPath(root, 'dotenv-replay');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, '.env'), Buffer.from(`BASE=${url}\nDOT_TOKEN=${tokens.expired}\n`));
    try {
      const uri = vscode.Uri.joinPath(dir, 'd.http');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('GET {{$dotenv BASE}}/v1/customers?env=dotenv\nAuthorization: Bearer {{$dotenv DOT_TOKEN}}\n'));
      const doc = await vscode.workspace.openTextDocument(uri);
      const o = diagnosed(await replayAt(doc, 'GET '));
      // Every value read from .env is treated as a secret, as $processEnv ones are: the URL's base too.
      assert.equal(o.view.request, 'GET [redacted]/v1/customers?env=dotenv');
      assert.equal(o.causes[0], 'expired');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('replays a request of a Markdown ```http fence from its CodeLens, under the same rules as a .http request', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile(
      'runbook-replay.md',
      `# Runbook\n\n\`\`\`http\n# the variable is the fence's own\n@token = ${tokens['no-mfa']}\n\nGET ${url}/v1/customers?from=fence\nAuthorization: Bearer {{token}}\n\`\`\`\n\n\`\`\`http\nGET http://partner.example.com/v1/customers?from=cleartext\nAuthorization: Bearer ${tokens['no-mfa']}\n\`\`\`\n`,
    );
    const lenses = await until('the fences\' Replay lenses', async () => {
      const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).filter((x) => x.command?.command === 'jwtMfa.replayRequest');
      return l.length === 2 ? l : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.range.start.line), [6, 11], 'on the fenced requests\' document lines');
    const o = diagnosed((await vscode.commands.executeCommand(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []))) as ReplayOutcome);
    assert.equal(o.sent, true);
    assert.match(o.view.request ?? '', /from=fence/);
    assert.equal(o.causes[0], 'mfa-missing');
    // The stand-in's last request (it records paths without the query): the fence's variable made the Authorization header.
    assert.deepEqual((await received(url)).at(-1), { method: 'GET', path: '/v1/customers', authorization: true });
    // A credential over plain http to a host that is not loopback: refused, as from a .http file.
    const clear = (await vscode.commands.executeCommand(lenses[1].command!.command, ...(lenses[1].command!.arguments ?? []))) as ReplayOutcome;
    assert.deepEqual(clear, { kind: 'refused', reason: 'cleartext', origin: 'http://partner.example.com' });
    // A line outside any fence is no request: nothing is sent.
    assert.equal(failed((await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), line: 0 })) as ReplayOutcome).code, 'no-request');
  });

  it('a fenced {{$aadToken}} request: Replay says so at its document line; with a token from sign-in it is sent with that token', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile('runbook-minted.md', `# Runbook\n\nSome prose.\n\n\`\`\`http\nGET ${url}/v1/customers?from=minted-fence\nAuthorization: Bearer {{$aadToken}}\n\`\`\`\n`);
    const args = { uri: doc.uri.toString(), line: 5 };
    const refused = failed((await vscode.commands.executeCommand('jwtMfa.replayRequest', args)) as ReplayOutcome);
    assert.equal(refused.code, 'prepare');
    assert.match(refused.message, /^The request on line 6 gets its token when it is sent \(\{\{\$aadToken\}\}\): nothing was sent/);
    // What "Replay the request with it" does after a sign-in (an in-host test cannot sign in through the UI).
    const o = diagnosed(await a.replay.replayWithToken({ args, uri: args.uri, causes: [], wwwAuthenticate: [], sentAudiences: [], replayable: true }, tokens.mfa));
    assert.equal(o.sent, true);
    assert.match(o.view.request ?? '', /from=minted-fence/);
    assert.equal(o.status, 200);
    assert.deepEqual((await received(url)).at(-1), { method: 'GET', path: '/v1/customers', authorization: true });
  });

  it('replays a curl command at the cursor in any file', async () => {
    const { url, tokens } = standIn();
    const doc = await openFile('notes.md', `Try:\n\n    curl -s '${url}/v1/customers?from=curl' \\\n      -H 'Authorization: Bearer ${tokens.expired}'\n`);
    const o = diagnosed(await replayAt(doc, 'from=curl'));
    assert.equal(o.causes[0], 'expired');
  });

  it('replays a HAR entry (chosen by index as the quick pick would), and explains a sanitized export', async () => {
    const { url, tokens } = standIn();
    const entry = (q: string, headers: Array<{ name: string; value: string }>) => ({
      startedDateTime: '2026-04-02T10:00:00.000Z',
      time: 10,
      request: { method: 'GET', url: `${url}/v1/customers?har=${q}`, httpVersion: 'HTTP/1.1', cookies: [], headers, queryString: [], headersSize: -1, bodySize: 0 },
      response: { status: 401, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
      cache: {},
      timings: { send: 0, wait: 10, receive: 0 },
    });
    const har = { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry('token', [{ name: 'Authorization', value: `Bearer ${tokens['no-mfa']}` }]), entry('sanitized', [{ name: 'Accept', value: '*/*' }])] } };
    const doc = await openFile('recorded.har', JSON.stringify(har, null, 2));
    const withToken = diagnosed((await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), entry: 0 })) as ReplayOutcome);
    assert.equal(withToken.sent, true);
    assert.equal(withToken.causes[0], 'mfa-missing');
    const sanitized = diagnosed((await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), entry: 1 })) as ReplayOutcome);
    assert.equal(sanitized.causes[0], 'no-token');
    assert.match(sanitized.view.causes[0].summary, /exported sanitized/);
  });

  it('offers the Replay quick fix in a HAR saved as .json, as in a .har', async () => {
    const { url, tokens } = standIn();
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          {
            startedDateTime: '2026-04-02T10:00:00.000Z',
            time: 10,
            request: { method: 'GET', url: `${url}/v1/customers?har=json`, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Authorization', value: `Bearer ${tokens['no-mfa']}` }], queryString: [], headersSize: -1, bodySize: 0 },
            response: { status: 401, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { send: 0, wait: 10, receive: 0 },
          },
        ],
      },
    };
    const doc = await openFile('exported-har.json', JSON.stringify(har, null, 2));
    const diag = await until('a diagnostic tied to the HAR entry', () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.relatedInformation?.length));
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range)) as vscode.CodeAction[];
    const replay = actions.find((x) => x.command?.command === 'jwtMfa.replayRequest');
    assert.ok(replay?.command, `a replay quick fix: ${actions.map((x) => x.title).join(' | ')}`);
    const o = diagnosed((await vscode.commands.executeCommand(replay.command.command, ...(replay.command.arguments ?? []))) as ReplayOutcome);
    assert.match(o.view.request ?? '', /har=json/);
    assert.equal(o.causes[0], 'mfa-missing');
  });

  it('diagnoses a recorded response without sending: the walkthrough HAR and a raw response', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'jwt-mfa-inspector')!;
    const har = vscode.Uri.joinPath(ext.extensionUri, 'media', 'walkthrough', 'recorded-401.har');
    const h = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: har.toString() })) as ReplayOutcome);
    assert.equal(h.sent, false);
    assert.equal(h.causes[0], 'mfa-missing');
    // The walkthrough's link names the file by its path inside the extension.
    const w = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: 'media/walkthrough/recorded-401.har' })) as ReplayOutcome);
    assert.deepEqual(w.causes, h.causes);
    const outside = (await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: '../package.json' })) as ReplayOutcome;
    assert.equal(outside.kind, 'error');
    const raw = await openFile('saved-401.txt', 'HTTP/1.1 401 Unauthorized - MFA required\nWWW-Authenticate: Bearer error="invalid_token"\nMS-CorrelationId: abc\n\n');
    const r = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: raw.uri.toString() })) as ReplayOutcome);
    assert.equal(r.sent, false);
    assert.ok(r.causes.includes('mfa-missing'), JSON.stringify(r.causes));
  });

  it('13.1: judges a HAR token when the request was sent (startedDateTime), not when the file is read', async () => {
    const started = Date.UTC(2019, 1, 14, 21, 54, 58) / 1000;
    const tok = (exp: number) =>
      mint({ aud: 'https://api.partnercenter.microsoft.com', iss: 'https://sts.windows.net/t/', iat: exp - 3600, nbf: exp - 3600, exp, amr: ['pwd'], scp: 'user_impersonation', ver: '1.0' }, { alg: 'RS256', typ: 'JWT' }, 'c2ln');
    const entry = (t: string) => ({
      startedDateTime: new Date(started * 1000).toISOString(),
      time: 1,
      request: { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', httpVersion: 'HTTP/1.1', headers: [{ name: 'Authorization', value: `Bearer ${t}` }], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
      response: { status: 401, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1', headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    // Valid for 30 more minutes when recorded (years ago); already expired 10 minutes when recorded.
    const doc = await openFile('recorded-then.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry(tok(started + 1800)), entry(tok(started - 600))] } }));
    const valid = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), entry: 0 })) as ReplayOutcome);
    assert.equal(valid.causes[0], 'mfa-missing');
    assert.ok(!valid.causes.includes('expired'), JSON.stringify(valid.causes));
    const expired = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), entry: 1 })) as ReplayOutcome);
    assert.ok(expired.causes.includes('expired'), JSON.stringify(expired.causes));
  });

  it('never writes a whole token to the output channel', async () => {
    const lines = a.replay.output.lines();
    assert.ok(lines.length > 20, 'the replays above wrote their diagnoses');
    assert.ok(lines.some((l) => /mfa-missing/.test(l)));
    const text = lines.join('\n');
    for (const [kind, tok] of Object.entries(standIn().tokens)) {
      assert.ok(!text.includes(tok), `${kind} token written whole`);
      assert.ok(!text.includes(tok.split('.')[1]), `${kind} token payload written`);
      assert.ok(!text.includes(tok.split('.')[2]), `${kind} token signature written`);
    }
  });

  it("issue 12.7: a workspace's settings.json cannot approve origins or give key sets and issuers (application scope)", async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const settingsUri = vscode.Uri.joinPath(root, '.vscode', 'settings.json');
    await vscode.workspace.fs.writeFile(
      settingsUri,
      Buffer.from(
        JSON.stringify({
          'rest-client.environmentVariables': { $shared: { marker: 'loaded' } },
          'jwtMfa.replay.approvedHosts': ['http://127.0.0.1:1', 'https://evil.example'],
          'jwtMfa.verify.jwks': ['forged-keys.json'],
          'jwtMfa.verify.trustedIssuers': ['https://evil.example/'],
        }),
      ),
    );
    try {
      await until('VS Code to read the new settings.json', () => ((vscode.workspace.getConfiguration('rest-client').get<Record<string, Record<string, string>>>('environmentVariables')?.$shared?.marker === 'loaded') ? true : undefined));
      const cfg = vscode.workspace.getConfiguration('jwtMfa');
      assert.deepEqual(cfg.get('verify.jwks'), []);
      assert.deepEqual(cfg.get('verify.trustedIssuers'), []);
      assert.deepEqual(cfg.get('replay.approvedHosts'), [new URL(standIn().url).origin]);
    } finally {
      await vscode.workspace.fs.delete(settingsUri);
    }
  });

  it('Forget Approved Hosts clears the setting', async () => {
    const cfg = () => vscode.workspace.getConfiguration('jwtMfa');
    try {
      await setting('replay.approvedHosts', [new URL(standIn().url).origin, 'https://api.example.com']);
      await vscode.commands.executeCommand('jwtMfa.forgetApprovedHosts');
      assert.equal(cfg().inspect('replay.approvedHosts')?.globalValue, undefined);
      assert.deepEqual(cfg().get('replay.approvedHosts'), []);
    } finally {
      await setting('replay.approvedHosts', [new URL(standIn().url).origin]);
    }
  });
});

// Defined only in the runner's second pass, where workspace trust is on and this folder untrusted.
if (process.env.JWT_MFA_IT_UNTRUSTED) {
  describe('replay in an untrusted workspace', function () {
    this.timeout(60000);

    it('refuses to send from an untrusted workspace; diagnosing a recorded response still works', async () => {
      await api();
      assert.equal(vscode.workspace.isTrusted, false, 'the workspace is untrusted in this pass');
      const { url, tokens } = standIn();
      const before = (await received(url)).length;
      const doc = await openFile('untrusted.http', `GET ${url}/v1/customers?untrusted=1\nAuthorization: Bearer ${tokens['no-mfa']}\n`);
      const o = await replayAt(doc, 'GET ');
      assert.deepEqual(o, { kind: 'refused', reason: 'untrusted' });
      assert.equal((await received(url)).length, before, 'the stand-in received nothing');
      const raw = await openFile('untrusted-401.txt', 'HTTP/1.1 401 Unauthorized - MFA required\nWWW-Authenticate: Bearer error="invalid_token"\n\n');
      const r = diagnosed((await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: raw.uri.toString() })) as ReplayOutcome);
      assert.equal(r.sent, false);
      assert.ok(r.causes.includes('mfa-missing'));
    });

    it('shows the lenses of a Markdown ```http fence in an untrusted workspace, and its Replay sends nothing', async () => {
      await api();
      assert.equal(vscode.workspace.isTrusted, false, 'the workspace is untrusted in this pass');
      const { url, tokens } = standIn();
      const before = (await received(url)).length;
      const doc = await openFile('untrusted-runbook.md', `# Runbook\n\n\`\`\`http\nGET ${url}/v1/customers?untrusted=fence\nAuthorization: Bearer ${tokens['no-mfa']}\n\`\`\`\n`);
      const lens = await until('the fence\'s Replay lens', async () =>
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).find((x) => x.command?.command === 'jwtMfa.replayRequest'),
      );
      assert.equal(lens.range.start.line, 3);
      const o = (await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []))) as ReplayOutcome;
      assert.deepEqual(o, { kind: 'refused', reason: 'untrusted' });
      assert.equal((await received(url)).length, before, 'the stand-in received nothing');
    });
  });
}
