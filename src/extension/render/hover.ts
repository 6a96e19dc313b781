// The hover's Markdown for one token: what it is, who it speaks for, its verdicts and findings, and
// command links. Pure: frame words come through `t`, claim text is escaped here, never trusted.
import { hostOf } from '../../core/audiences';
import { renderFinding } from '../../core/catalog/findings';
import { audienceLabel, issuerOf, principalOf, str, strList, subjectLabel } from '../../core/classify';
import type { Settings } from '../../core/settings';
import type { DecodedToken, Finding, JsonObject, Locale, RequestRef, Severity } from '../../core/types';
import { escapeMarkdown, MAX_LIST_ITEMS, valueText } from './escape';
import type { Translate } from './l10n';
import { agoWording, expiryWording, localTime, notBeforeWording } from './time';
import { markSymbol, mfaLabel, verdictsOf } from './verdicts';

/** Where the token sits, as command arguments: never the token itself. */
export interface TokenTarget {
  uri: string;
  start: number;
  end: number;
}

export interface HoverCommands {
  copyDecoded: string;
  copyRedacted: string;
  /** Present once the inspector's command is registered. */
  openInspector?: string;
}

export interface HoverInput {
  decoded: DecodedToken;
  findings: readonly Finding[];
  requests: readonly RequestRef[];
  settings: Settings;
  /** Epoch milliseconds. */
  now: number;
  locale: Locale;
  t: Translate;
  /** Without a target, no command links are rendered. */
  target?: TokenTarget;
  commands: HoverCommands;
  /** Minutes east of UTC for local times; the machine's zone when omitted. */
  tzOffsetMinutes?: number;
}

export interface HoverMarkdown {
  /** CommonMark text; no HTML is needed or expected. */
  markdown: string;
  /** Exactly the command ids the links use (for `isTrusted.enabledCommands`). */
  enabledCommands: string[];
}

const SEVERITY_MARK: Record<Severity, string> = { error: '✗', warning: '⚠', information: 'ℹ', hint: '·' };
const esc = (s: string) => escapeMarkdown(s);

function list(values: readonly string[], t: Translate): string {
  const shown = values.slice(0, MAX_LIST_ITEMS).map(esc).join(', ');
  return values.length > MAX_LIST_ITEMS ? `${shown} ${t('(+{0} more)', values.length - MAX_LIST_ITEMS)}` : shown;
}

/** A command link whose arguments are URI-encoded JSON; parentheses are encoded too. */
export function commandLink(label: string, command: string, args: unknown[], tooltip?: string): string {
  const q = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const title = tooltip ? ` "${tooltip.replace(/["\\]/g, '\\$&')}"` : '';
  return `[${label}](command:${command}?${q}${title})`;
}

function issuerLine(claims: JsonObject, t: Translate): string {
  const iss = issuerOf(claims);
  switch (iss.kind) {
    case 'entra-v1':
      return t('Entra ID v1.0 (tenant {0})', esc(iss.tenant ?? ''));
    case 'entra-v2':
      return t('Entra ID v2.0 (tenant {0})', esc(iss.tenant ?? ''));
    case 'other':
      return t('other issuer: {0}', esc(str(claims.iss) ?? ''));
    default:
      return t('no issuer (iss)');
  }
}

function audienceLine(input: HoverInput, claims: JsonObject): string {
  const { t, decoded, settings, now } = input;
  const auds = strList(claims.aud);
  const name = audienceLabel(claims);
  let text = auds.length ? list(auds, t) : t('none');
  if (name) text += ` (${esc(name)})`;
  const verdicts: string[] = [];
  const requests = input.requests.length ? input.requests : [undefined];
  const seen = new Set<string>();
  for (const r of requests) {
    const v = verdictsOf(decoded, settings, now, r);
    const host = r ? hostOf(r.url) : undefined;
    const key = `${v.aud}|${host ?? ''}`;
    if (seen.has(key) || v.aud === 'unknown') continue;
    seen.add(key);
    if (host) {
      verdicts.push(
        v.aud === 'ok' ? t('{0} accepted by {1}', markSymbol('ok'), esc(host)) : t('{0} {1} expects {2}', markSymbol('bad'), esc(host), list(v.expected, t)),
      );
    } else {
      verdicts.push(v.aud === 'ok' ? t('{0} an expected audience', markSymbol('ok')) : t('{0} not an expected audience', markSymbol('bad')));
    }
  }
  return verdicts.length ? `${text} — ${verdicts.join('; ')}` : text;
}

function timeLine(label: string, at: number, wording: string, offset: number | undefined): string {
  return `**${label}:** ${esc(localTime(at, offset))} (${wording})`;
}

/** The hover's Markdown for one token. */
export function renderHover(input: HoverInput): HoverMarkdown {
  const { decoded, t, now, locale } = input;
  const header = decoded.header ?? {};
  const lines: string[] = [];
  const head = [`**${t('JSON Web Token')}** (${decoded.kind === 'jwe' ? 'JWE' : 'JWS'})`];
  if (header.alg !== undefined) head.push(`alg ${esc(valueText(header.alg))}`);
  if (header.enc !== undefined) head.push(`enc ${esc(valueText(header.enc))}`);
  if (header.kid !== undefined) head.push(`kid ${esc(valueText(header.kid))}`);
  lines.push(head.join(' · '));

  const claims = decoded.claims;
  const body: string[] = [];
  if (decoded.kind === 'jwe') {
    body.push(t('The claims are encrypted: only the recipient can read them.'));
  } else if (!claims) {
    body.push(t('The payload cannot be read.'));
  } else {
    body.push(`**${t('Issuer')}:** ${issuerLine(claims, t)}`);
    body.push(`**${t('Audience')}:** ${audienceLine(input, claims)}`);
    const who = subjectLabel(claims);
    const { principal } = principalOf(claims);
    if (principal === 'app-only') {
      body.push(`**${t('Principal')}:** ${t('app-only')}${who.appId ? ` · ${t('app {0}', esc(who.appId))}` : ''}`);
    } else {
      const user = who.user ? esc(who.user) : t('unknown user');
      body.push(`**${t('User')}:** ${user}${who.appId ? ` · ${t('app {0}', esc(who.appId))}` : ''}`);
    }
    const v = verdictsOf(decoded, input.settings, now, input.requests[0]);
    const amr = claims.amr === undefined ? undefined : strList(claims.amr);
    if (v.mfa !== 'app-only') {
      body.push(`**amr:** ${amr ? list(amr, t) || t('empty') : t('absent')} — ${mfaLabel(v, t)}`);
    } else if (amr) {
      body.push(`**amr:** ${list(amr, t)}`);
    }
    if (claims.scp !== undefined) body.push(`**scp:** ${list(str(claims.scp)?.split(' ').filter(Boolean) ?? strList(claims.scp), t)}`);
    if (claims.roles !== undefined) body.push(`**roles:** ${list(strList(claims.roles), t)}`);
    const off = input.tzOffsetMinutes;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
    const iat = num(claims.iat);
    const nbf = num(claims.nbf);
    const exp = num(claims.exp);
    if (iat !== undefined) body.push(timeLine(t('Issued'), iat, agoWording(iat, now, t), off));
    if (nbf !== undefined) body.push(timeLine(t('Not before'), nbf, notBeforeWording(nbf, now, t), off));
    if (exp !== undefined) body.push(timeLine(t('Expires'), exp, expiryWording(exp, now, t), off));
  }
  lines.push(body.join('  \n'));

  if (input.findings.length) {
    const items = input.findings.map((f) => {
      const r = renderFinding(f, locale);
      return `- ${SEVERITY_MARK[f.severity]} \`${f.code}\` ${esc(r.message)}`;
    });
    lines.push(`**${t('Findings')}**\n\n${items.join('\n')}`);
  } else if (claims) {
    lines.push(t('No findings.'));
  }

  const enabledCommands: string[] = [];
  if (input.target) {
    const { commands } = input;
    const args = [input.target];
    const links = [
      commandLink(t('Copy decoded JSON'), commands.copyDecoded, args),
      commandLink(t('Copy token (redacted)'), commands.copyRedacted, args),
    ];
    enabledCommands.push(commands.copyDecoded, commands.copyRedacted);
    if (commands.openInspector) {
      links.push(commandLink(t('Open in Inspector'), commands.openInspector, args));
      enabledCommands.push(commands.openInspector);
    }
    lines.push(links.join(' · '));
  }
  return { markdown: lines.join('\n\n---\n\n'), enabledCommands };
}
