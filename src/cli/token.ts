// `jwt-mfa token --az [--resource URL] [--tenant T] [--print]`: gets a token from the Azure CLI and
// judges it like `decode` (MFA, audience, lifetime) without printing it; --print prints it for piping.
import { parseArgs } from 'node:util';
import { analyzeText } from '../core/analyze';
import { PARTNER_CENTER_AUDIENCES, isPartnerCenterAudience } from '../core/audiences';
import { decode } from '../core/decode';
import { LineIndex } from '../core/positions';
import { redactText } from '../core/redact';
import { scan } from '../core/scan';
import { getAzToken } from '../node/az';
import { COMMON_ARGS, localeFrom, parseNow, UsageError, type Io } from './common';
import { formatDecode, toTokenReport } from './format';
import { loadWorkspaceSettings } from './settings';

const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/i;

export async function runToken(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      az: { type: 'boolean' },
      resource: { type: 'string' },
      tenant: { type: 'string' },
      print: { type: 'boolean' },
      ...COMMON_ARGS,
    },
  });
  if (positionals.length) throw new UsageError('token takes no positional argument');
  if (!values.az) throw new UsageError('token needs a source: --az (the Azure CLI)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be one of text, json');
  const resource = (values.resource ?? PARTNER_CENTER_AUDIENCES[0]).trim();
  if (!/^(https?|api):\/\/[^\s"]+$/i.test(resource) || resource.length > 2048) throw new UsageError(`--resource must be a URL (https://… or api://…), not "${resource.slice(0, 60)}"`);
  const tenant = values.tenant?.trim();
  if (tenant !== undefined && !TENANT.test(tenant)) throw new UsageError(`--tenant must be a tenant ID or domain name, not "${tenant.slice(0, 60)}"`);
  const locale = localeFrom(values.lang, io.env);
  const now = parseNow(values.now, io);

  const r = await getAzToken({ resource, tenant, env: io.env });
  if (!r.ok) {
    const line =
      r.reason === 'missing'
        ? r.message
        : r.reason === 'not-signed-in'
          ? `the Azure CLI is not signed in: run "az login" (az said: ${r.message})`
          : `the Azure CLI gave no token: ${r.message}`;
    io.stderr(`jwt-mfa: ${redactText(line)}\n`);
    return 2;
  }
  const found = scan(r.token);
  if (found.length !== 1 || found[0].start !== 0 || found[0].end !== r.token.length) {
    io.stderr('jwt-mfa: the Azure CLI gave a token that is not a JWT\n');
    return 2;
  }
  // Judged against the resource it was asked for.
  const settings = await loadWorkspaceSettings(io.cwd);
  settings.expectedAudiences = isPartnerCenterAudience(resource) ? [...PARTNER_CENTER_AUDIENCES] : [resource, resource.replace(/\/$/, '')];
  const [token] = analyzeText(r.token, { settings, now });
  const report = toTokenReport(token, r.token, new LineIndex(r.token), undefined, locale);
  const judged = formatDecode(report, decode(r.token), format, locale, now);
  if (values.print) {
    io.stderr(
      locale === 'ja'
        ? 'jwt-mfa: 警告: 標準出力にアクセス トークン（資格情報）を出力します。ログや共有に残さないでください。\n'
        : 'jwt-mfa: warning: printing the access token (a credential) to standard output; keep it out of logs and shared places.\n',
    );
    io.stderr(judged);
    io.stdout(r.token + '\n');
  } else io.stdout(judged);
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
