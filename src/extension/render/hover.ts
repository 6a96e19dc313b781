// The hover's Markdown for one token: a one-line verdict and the command links first, then what it
// is, who it speaks for, and its findings by name. Pure: frame words come through `t`, claim text is escaped here, never trusted.
import { hostOf } from '../../core/audiences';
import { findingTitle } from '../../core/catalog/findings';
import { audienceLabel, issuerOf, principalOf, str, strList, subjectLabel } from '../../core/classify';
import type { Settings } from '../../core/settings';
import type { DecodedToken, Finding, JsonObject, Locale, RequestRef, Severity } from '../../core/types';
import { escapeMarkdown, MAX_LIST_ITEMS, valueText } from './escape';
import type { L10n } from './l10n';
import { agoWording, expiryWording, localTime, notBeforeWording } from './time';
import { codeLensTitle, markSymbol, mfaLabel, verdictsOf } from './verdicts';

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
  l10n: L10n;
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

function list(values: readonly string[], l10n: L10n): string {
  const shown = values.slice(0, MAX_LIST_ITEMS).map(esc).join(', ');
  return values.length > MAX_LIST_ITEMS ? `${shown} ${l10n.t('(+{0} more)', values.length - MAX_LIST_ITEMS)}` : shown;
}

/** A command link whose arguments are URI-encoded JSON; parentheses are encoded too. */
export function commandLink(label: string, command: string, args: unknown[], tooltip?: string): string {
  const q = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const title = tooltip ? ` "${tooltip.replace(/["\\]/g, '\\$&')}"` : '';
  return `[${label}](command:${command}?${q}${title})`;
}

function issuerLine(claims: JsonObject, l10n: L10n): string {
  const iss = issuerOf(claims);
  switch (iss.kind) {
    case 'entra-v1':
      return l10n.t('Entra ID v1.0 (tenant {0})', esc(iss.tenant ?? ''));
    case 'entra-v2':
      return l10n.t('Entra ID v2.0 (tenant {0})', esc(iss.tenant ?? ''));
    case 'other':
      return l10n.t('other issuer: {0}', esc(str(claims.iss) ?? ''));
    default:
      return l10n.t('no issuer (iss)');
  }
}

function audienceLine(input: HoverInput, claims: JsonObject): string {
  const { l10n, decoded, settings, now } = input;
  const auds = strList(claims.aud);
  const name = audienceLabel(claims);
  let text = auds.length ? list(auds, l10n) : l10n.t('none');
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
        v.aud === 'ok' ? l10n.t('{0} accepted by {1}', markSymbol('ok'), esc(host)) : l10n.t('{0} {1} expects {2}', markSymbol('bad'), esc(host), list(v.expected, l10n)),
      );
    } else {
      verdicts.push(v.aud === 'ok' ? l10n.t('{0} an expected audience', markSymbol('ok')) : l10n.t('{0} not an expected audience', markSymbol('bad')));
    }
  }
  return verdicts.length ? `${text} — ${verdicts.join('; ')}` : text;
}

function timeLine(label: string, at: number, wording: string, offset: number | undefined): string {
  return `**${label}:** ${esc(localTime(at, offset))} · ${wording}`;
}

/**
 * The hover's Markdown for one token: a one-line verdict, then the links (visible without scrolling in
 * a default-size hover), then the details. Findings are named by code and title only: their messages
 * are the diagnostics' own text, which VS Code shows in the same hover.
 */
export function renderHover(input: HoverInput): HoverMarkdown {
  const { decoded, l10n, now, locale } = input;
  const header = decoded.header ?? {};
  const lines: string[] = [];
  const verdict = codeLensTitle(decoded, input.settings, now, l10n, input.requests[0]);
  const enabledCommands: string[] = [];
  const top = [`**${esc(verdict)}**`];
  if (input.target) {
    const { commands } = input;
    const args = [input.target];
    const links: string[] = [];
    if (commands.openInspector) {
      links.push(commandLink(l10n.t('Open in Inspector'), commands.openInspector, args));
      enabledCommands.push(commands.openInspector);
    }
    links.push(commandLink(l10n.t('Copy decoded JSON'), commands.copyDecoded, args), commandLink(l10n.t('Copy token (redacted)'), commands.copyRedacted, args));
    enabledCommands.push(commands.copyDecoded, commands.copyRedacted);
    top.push(links.join(' · '));
  }
  lines.push(top.join('  \n'));

  const head = [`**${l10n.t('JSON Web Token')}** (${decoded.kind === 'jwe' ? 'JWE' : 'JWS'})`];
  if (header.alg !== undefined) head.push(`alg ${esc(valueText(header.alg))}`);
  if (header.enc !== undefined) head.push(`enc ${esc(valueText(header.enc))}`);
  if (header.kid !== undefined) head.push(`kid ${esc(valueText(header.kid))}`);

  const claims = decoded.claims;
  const body: string[] = [head.join(' · ')];
  if (decoded.kind === 'jwe') {
    body.push(l10n.t('The claims are encrypted: only the recipient can read them.'));
  } else if (!claims) {
    body.push(l10n.t('The payload cannot be read.'));
  } else {
    body.push(`**${l10n.t('Issuer')}:** ${issuerLine(claims, l10n)}`);
    body.push(`**${l10n.t('Audience')}:** ${audienceLine(input, claims)}`);
    const who = subjectLabel(claims);
    const { principal } = principalOf(claims);
    if (principal === 'app-only') {
      body.push(`**${l10n.t('Principal')}:** ${l10n.t('app-only')}${who.appId ? ` · ${l10n.t('app {0}', esc(who.appId))}` : ''}`);
    } else {
      const user = who.user ? esc(who.user) : l10n.t('unknown user');
      body.push(`**${l10n.t('User')}:** ${user}${who.appId ? ` · ${l10n.t('app {0}', esc(who.appId))}` : ''}`);
    }
    const v = verdictsOf(decoded, input.settings, now, input.requests[0]);
    const amr = claims.amr === undefined ? undefined : strList(claims.amr);
    if (v.mfa !== 'app-only') {
      body.push(`**amr:** ${amr ? list(amr, l10n) || l10n.t('empty') : l10n.t('absent')} — ${mfaLabel(v, l10n)}`);
    } else if (amr) {
      body.push(`**amr:** ${list(amr, l10n)}`);
    }
    if (claims.scp !== undefined) body.push(`**scp:** ${list(str(claims.scp)?.split(' ').filter(Boolean) ?? strList(claims.scp), l10n)}`);
    if (claims.roles !== undefined) body.push(`**roles:** ${list(strList(claims.roles), l10n)}`);
    const off = input.tzOffsetMinutes;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
    const iat = num(claims.iat);
    const nbf = num(claims.nbf);
    const exp = num(claims.exp);
    if (iat !== undefined) body.push(timeLine(l10n.t('Issued'), iat, agoWording(iat, now, l10n), off));
    if (nbf !== undefined) body.push(timeLine(l10n.t('Not before'), nbf, notBeforeWording(nbf, now, l10n), off));
    if (exp !== undefined) body.push(timeLine(l10n.t('Expires'), exp, expiryWording(exp, now, l10n), off));
  }
  lines.push(body.join('  \n'));

  if (input.findings.length) {
    const items = input.findings.map((f) => `- ${SEVERITY_MARK[f.severity]} \`${f.code}\` ${esc(findingTitle(f.code, locale))}`);
    lines.push(`**${l10n.t('Findings')}**\n\n${items.join('\n')}`);
  } else if (claims) {
    lines.push(l10n.t('No findings.'));
  }
  return { markdown: lines.join('\n\n---\n\n'), enabledCommands };
}
