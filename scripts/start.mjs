// `npm start`: the demo on a fresh machine. Builds and packages the extension, starts the loopback
// stand-in, writes a samples/ workspace with tokens minted now (current and verifiable with the
// stand-in's key), and starts code-server on 127.0.0.1 with the packaged extension installed.
// Prints the URL to open; Ctrl+C stops everything.
// Two stand-in origins: one plays Partner Center, the other Microsoft Graph, and the samples' settings map
// each origin (host:port) to its real audiences. Tokens look like Entra ID v1.0 access tokens (iss
// https://sts.windows.net/{tenant}/, the claims of Partner Center's MFA page), and the demo's throwaway
// user settings list the stand-in's key set for that issuer, so Verify works out of the box.
// Usage: npm start [-- --locale ja]
// Env: PORT (code-server, default a free port), STAND_IN_PORT, GRAPH_STAND_IN_PORT (default free ports).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { buildStandInAuth, cleanEnv, installVsix, missingPieces, ROOT, runDirs, startServer, tail, writeUserSettings } from './e2e/vscode.mjs';

const SAMPLES = path.join(ROOT, 'samples');
const VSIX = path.join(ROOT, 'out', 'jwt-mfa-inspector.vsix');
const say = (...a) => console.log('[start]', ...a);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: cleanEnv() });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** One request to the stand-in, keeping the exact status line and headers (for the HAR and the saved 401). */
function exchange(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = new Date();
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({ url, method, headers, started, time: Date.now() - started.getTime(), status: res.statusCode, statusText: res.statusMessage ?? '', resHeaders: res.rawHeaders, body }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

function pairs(raw) {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) out.push({ name: raw[i], value: raw[i + 1] });
  return out;
}

function har(exchanges) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'jwt-mfa-inspector npm start', version: '1' },
      entries: exchanges.map((x) => ({
        startedDateTime: x.started.toISOString(),
        time: x.time,
        request: {
          method: x.method,
          url: x.url,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: Object.entries(x.headers).map(([name, value]) => ({ name, value })),
          queryString: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: x.status,
          statusText: x.statusText,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: pairs(x.resHeaders),
          content: { size: x.body.length, mimeType: pairs(x.resHeaders).find((h) => /^content-type$/i.test(h.name))?.value ?? 'text/plain', text: x.body },
          redirectURL: '',
          headersSize: -1,
          bodySize: x.body.length,
        },
        cache: {},
        timings: { send: 0, wait: x.time, receive: 0 },
      })),
    },
  };
}

const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];
const PC_AUDIENCES = ['https://api.partnercenter.microsoft.com', 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'];

async function writeSamples(s, g) {
  const t = {
    mfa: s.mint('mfa'),
    noMfa: s.mint('no-mfa'),
    ngcmfa: s.mint('ngcmfa'),
    wrongAudience: s.mint('wrong-audience'),
    appOnly: s.mint('app-only'),
    expired: s.mint('expired'),
    idToken: s.mint('id-token'),
    graph: s.mint('graph'),
  };
  const pc = `${s.url}/v1/customers/0f9f5bd4-0000-4000-8000-00000000c057/subscriptions`;
  // Keep README.md (committed); everything else is rewritten with fresh tokens.
  for (const f of fs.existsSync(SAMPLES) ? fs.readdirSync(SAMPLES) : []) if (f !== 'README.md') fs.rmSync(path.join(SAMPLES, f), { recursive: true, force: true });
  fs.mkdirSync(path.join(SAMPLES, '.vscode'), { recursive: true });
  const write = (name, text) => fs.writeFileSync(path.join(SAMPLES, name), text);

  // One stand-in plays Partner Center, the other Graph: requests to each are judged with that service's
  // audiences. Nothing user-only here (approved hosts, keys): the first replay asks, as it will for users.
  write('.vscode/settings.json', JSON.stringify({ 'jwtMfa.audiencesByHost': { [`127.0.0.1:${s.port}`]: PC_AUDIENCES, [`127.0.0.1:${g.port}`]: GRAPH_AUDIENCES } }, null, 2));

  write('client.ts', `// Tokens pasted into code, minted ${new Date().toISOString()} by the loopback stand-in (${s.issuer}).
// Hover a token; the Problems panel lists what the extension found.
export const withMfa = '${t.mfa}';

// amr is ["pwd"]: Partner Center answers 401 "Unauthorized - MFA required".
export const withoutMfa = '${t.noMfa}';

// A Microsoft Graph token where Partner Center is expected.
export const graphToken = '${t.wrongAudience}';

// Client credentials (app-only): no user, no amr.
export const appOnly = '${t.appOnly}';
`);

  const now = Date.now();
  const ts = (i) => new Date(now - (10 - i) * 60_000).toISOString();
  write('app.log', [
    `${ts(0)} INFO  partner-sync starting`,
    `${ts(1)} DEBUG GET ${pc} Authorization: Bearer ${t.mfa}`,
    `${ts(2)} INFO  200 OK`,
    `${ts(3)} DEBUG GET ${pc} Authorization: Bearer ${t.noMfa}`,
    `${ts(4)} ERROR 401 Unauthorized - MFA required; WWW-Authenticate: Bearer error="invalid_token"`,
    `${ts(5)} DEBUG refreshed token=${t.ngcmfa}`,
    `${ts(6)} DEBUG GET ${pc} Authorization: Bearer ${t.expired}`,
    `${ts(7)} ERROR 401 Unauthorized; WWW-Authenticate: Bearer error="invalid_token", error_description="The access token has expired"`,
    `${ts(8)} DEBUG id_token=${t.idToken}`,
    '',
  ].join('\n'));

  write('partner-center.http', `# Requests to the loopback stand-ins, which answer like Partner Center and Microsoft Graph (tokens minted at npm start).
@standIn = ${s.url}
@graph = ${g.url}
@customer = 0f9f5bd4-0000-4000-8000-00000000c057

### With MFA: 200
GET {{standIn}}/v1/customers/{{customer}}/subscriptions
Authorization: Bearer ${t.mfa}

### Without MFA: 401 Unauthorized - MFA required
GET {{standIn}}/v1/customers/{{customer}}/subscriptions
Authorization: Bearer ${t.noMfa}

### Wrong audience (a Graph token): 401
GET {{standIn}}/v1/customers/{{customer}}/subscriptions
Authorization: Bearer ${t.wrongAudience}

### App-only on a customer operation: 401
GET {{standIn}}/v1/customers/{{customer}}/subscriptions
Authorization: Bearer ${t.appOnly}

### Expired: 401
GET {{standIn}}/v1/customers/{{customer}}/subscriptions
Authorization: Bearer ${t.expired}

### Graph-like: claims challenge (insufficient_claims)
GET {{graph}}/graph/v1.0/me
Authorization: Bearer ${t.graph}

### Graph-like: insufficient_scope (403)
GET {{graph}}/graph/v1.0/users
Authorization: Bearer ${t.graph}
`);

  // Real exchanges with the stand-in, for the HAR and the saved 401.
  const auth = (tok) => ({ Authorization: `Bearer ${tok}` });
  const xs = [
    await exchange(pc, { headers: auth(t.mfa) }),
    await exchange(pc, { headers: auth(t.noMfa) }),
    await exchange(pc, { headers: auth(t.wrongAudience) }),
    await exchange(`${g.url}/graph/v1.0/me`, { headers: auth(t.graph) }),
  ];
  write('capture.har', JSON.stringify(har(xs), null, 2));
  const x = xs[1];
  write('mfa-required-401.http', [
    '# A saved exchange: the request, then the raw response Partner Center (here, the stand-in) sent back.',
    `GET ${x.url}`,
    `Authorization: Bearer ${t.noMfa}`,
    '',
    `HTTP/1.1 ${x.status} ${x.statusText}`,
    ...pairs(x.resHeaders).map((h) => `${h.name}: ${h.value}`),
    '',
    x.body,
  ].join('\n'));
  if (x.status !== 401 || x.statusText !== 'Unauthorized - MFA required') throw new Error(`the stand-in answered ${x.status} ${x.statusText} to a token without mfa`);
}

function parseArgs(argv) {
  const out = { locale: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--locale' && argv[i + 1]) out.locale = argv[++i];
    else if (argv[i].startsWith('--locale=')) out.locale = argv[i].slice('--locale='.length);
    else throw new Error(`unknown argument ${argv[i]} (usage: npm start [-- --locale ja])`);
  }
  if (out.locale !== undefined && !/^[a-z]{2}(-[a-z]{2})?$/i.test(out.locale)) throw new Error(`--locale ${out.locale}: expected a language tag such as ja or en`);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  say('building and packaging the extension');
  run('npm', ['run', '--silent', 'package']);
  if (missingPieces()) {
    say('provisioning code-server, Node 24 and chromium (first run only)');
    run('bash', [path.join(ROOT, 'scripts/e2e/provision.sh')]);
  }
  const { startStandIn, CLIENT_APP_ID, TENANT } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  const standIn = await startStandIn({ port: Number(process.env.STAND_IN_PORT || 0), issuer: 'entra-v1' });
  const graph = await startStandIn({ port: Number(process.env.GRAPH_STAND_IN_PORT || 0), issuer: 'entra-v1' });
  say(`loopback stand-in for Partner Center on ${standIn.url}, for Microsoft Graph on ${graph.url} (tokens issued as ${standIn.issuer})`);
  await writeSamples(standIn, graph);
  say(`wrote ${path.relative(ROOT, SAMPLES)}/ with tokens minted now`);

  const dirs = runDirs('start');
  // The stand-in's public key set, for the demo's own user settings: Verify checks the tokens' signatures.
  const jwksFile = path.join(dirs.root, 'stand-in-jwks.json');
  fs.writeFileSync(jwksFile, JSON.stringify(standIn.jwks, null, 2));
  writeUserSettings(dirs, {
    // The first screen shows the way in: samples/README.md.
    'workbench.startupEditor': 'readme',
    'editor.hover.delay': 300,
    // Key sets listed for one issuer each (user settings only): the stand-in's, and the one its sign-in
    // provider issues under.
    'jwtMfa.verify.jwks': [{ issuer: standIn.issuer, jwks: jwksFile }, { issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, jwks: jwksFile }],
    // "Get a new token with MFA" signs in through the stand-in's provider (labelled as a stand-in; never
    // shipped): the demo cannot reach Entra ID.
    'jwtMfa.signIn.providerId': 'jwt-mfa-stand-in',
    'jwtMfa.signIn.clientId': CLIENT_APP_ID,
    'jwtMfa.signIn.tenant': TENANT,
  });
  installVsix(dirs, VSIX);
  installVsix(dirs, await buildStandInAuth());
  const server = await startServer({ mode: 'code-server', dirs, folder: SAMPLES, port: process.env.PORT ? Number(process.env.PORT) : undefined, locale: args.locale });
  const url = `${server.url}/?folder=${encodeURIComponent(SAMPLES)}`;
  console.log(`\n  JWT MFA Inspector is running in code-server (VS Code in the browser)${args.locale ? `, in locale ${args.locale}` : ''}:\n\n    ${url}\n\n  Open it in a browser on this machine. "JWT: Get a New Token with MFA" signs in through a stand-in\n  provider (test only: it mints tokens with the stand-in's key). Ctrl+C stops code-server and the stand-ins.\n`);
  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    say(`${sig}: stopping code-server and the stand-ins`);
    await server.stop();
    await Promise.all([standIn.close(), graph.close()]);
    say('stopped');
    process.exit(0);
  };
  // Our handlers run alongside vscode.mjs's, which also stop the server group.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  server.process.once('exit', async (code, signal) => {
    if (stopping) return;
    stopping = true;
    // Its folder goes when this process exits: show the log's end here rather than a path to it.
    console.error(`[start] code-server exited on its own (${code ?? signal}); the end of its log:\n${tail(server.logFile, 40)}`);
    await Promise.all([standIn.close(), graph.close()]);
    process.exit(code ? 1 : 0);
  });
}

main().catch((e) => {
  console.error('[start] failed:', e.message);
  process.exit(1);
});
