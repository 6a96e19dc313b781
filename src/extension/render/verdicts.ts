// Short verdicts of one token (MFA, audience, lifetime) for the hover, CodeLens and status bar.
// Pure: derived from core's classifiers and the same expectations `check` uses.
import { contextFor } from '../../core/analyze';
import { audienceMatches, hostOf, PARTNER_CENTER_HOST } from '../../core/audiences';
import { expectedAudiences } from '../../core/check';
import { audiencesOf, isPartnerCenterToken, mfaOf } from '../../core/classify';
import type { Settings } from '../../core/settings';
import type { DecodedToken, Finding, RequestRef } from '../../core/types';
import type { L10n } from './l10n';
import { plainLabel } from './escape';
import { expiryWording } from './time';

export type Mark = 'ok' | 'bad' | 'uncertain';
export type MfaMark = Mark | 'app-only' | 'no-amr';
export type AudMark = Mark | 'unknown';

export interface Verdicts {
  /** 'unreadable' for a JWE or a token whose claims do not decode. */
  state: 'readable' | 'encrypted' | 'unreadable';
  mfa: MfaMark;
  aud: AudMark;
  /** The host the audience was judged for, when the token is sent in a request the table knows. */
  audHost?: string;
  /** Expected audiences the verdict compared against. */
  expected: readonly string[];
  exp?: number;
}

/** Verdicts of a decoded token, judged for `request` when it is sent in one. */
export function verdictsOf(decoded: DecodedToken, settings: Settings, now: number, request?: RequestRef): Verdicts {
  if (decoded.kind === 'jwe') return { state: 'encrypted', mfa: 'uncertain', aud: 'unknown', expected: [] };
  const claims = decoded.claims;
  if (!claims || decoded.error) return { state: 'unreadable', mfa: 'uncertain', aud: 'unknown', expected: [] };
  const expected = expectedAudiences(contextFor(settings, now, request));
  const auds = audiencesOf(claims);
  const aud: AudMark =
    expected.audiences.length === 0 ? 'unknown' : auds.some((a) => audienceMatches(a, expected.audiences, expected.exact)) ? 'ok' : 'bad';
  const m = mfaOf(claims);
  const toPc = !!request && hostOf(request.url) === PARTNER_CENTER_HOST;
  const mfa: MfaMark =
    m === 'compliant'
      ? 'ok'
      : m === 'uncertain'
        ? 'uncertain'
        : m === 'not-compliant'
          ? 'bad'
          : m === 'not-applicable'
            ? 'app-only'
            : toPc || isPartnerCenterToken(claims)
              ? 'bad'
              : 'no-amr';
  return {
    state: 'readable',
    mfa,
    aud,
    audHost: expected.source.kind === 'host' ? expected.source.host : undefined,
    expected: expected.audiences,
    exp: typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : undefined,
  };
}

export function markSymbol(m: Mark | 'unknown'): string {
  return m === 'ok' ? '✓' : m === 'bad' ? '✗' : '?';
}

/** "MFA ✓", "MFA ✗", "MFA ?", "app-only", "no amr". */
export function mfaLabel(v: Verdicts, l10n: L10n): string {
  if (v.mfa === 'app-only') return l10n.t('app-only');
  if (v.mfa === 'no-amr') return l10n.t('no amr');
  return l10n.t('MFA {0}', markSymbol(v.mfa));
}

export function audLabel(v: Verdicts, l10n: L10n): string {
  return l10n.t('aud {0}', markSymbol(v.aud));
}

/** CodeLens title: `MFA ✓ · aud ✓ · expires in 40 min`. */
export function codeLensTitle(decoded: DecodedToken, settings: Settings, now: number, l10n: L10n, request?: RequestRef): string {
  const v = verdictsOf(decoded, settings, now, request);
  if (v.state === 'encrypted') return l10n.t('encrypted token (JWE)');
  if (v.state === 'unreadable') return l10n.t('unreadable token');
  const parts = [mfaLabel(v, l10n), audLabel(v, l10n)];
  if (v.exp !== undefined) parts.push(expiryWording(v.exp, now, l10n));
  return parts.join(' · ');
}

/**
 * Status bar text: `$(shield) MFA ✓ aud ✓` (theme icon syntax; no claim text in it), and whether
 * a verdict is negative (the item then takes the warning background).
 */
export function statusBarText(
  decoded: DecodedToken,
  settings: Settings,
  now: number,
  l10n: L10n,
  request?: RequestRef,
): { text: string; bad: boolean } {
  const v = verdictsOf(decoded, settings, now, request);
  if (v.state === 'encrypted') return { text: `$(lock) ${l10n.t('JWE')}`, bad: false };
  if (v.state === 'unreadable') return { text: `$(warning) ${l10n.t('unreadable token')}`, bad: true };
  const expired = v.exp !== undefined && v.exp * 1000 < now;
  const parts = [mfaLabel(v, l10n), audLabel(v, l10n)];
  if (expired) parts.push(l10n.t('expired'));
  return { text: `$(shield) ${parts.join(' ')}`, bad: v.mfa === 'bad' || v.aud === 'bad' || expired };
}

/**
 * The status bar's background: the worst severity among the token's findings (as the Problems panel
 * shows them, user severities applied): an error gets the error background, a warning the warning one.
 * A negative verdict without a finding (a check turned off) stays plain.
 */
export function statusBarTone(findings: readonly Pick<Finding, 'severity'>[]): 'error' | 'warning' | undefined {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return undefined;
}

/** Status bar tooltip: plain text, claim-free apart from the (made visible, cut) host name. */
export function statusBarTooltip(decoded: DecodedToken, settings: Settings, now: number, l10n: L10n, request?: RequestRef): string {
  const v = verdictsOf(decoded, settings, now, request);
  const lines = [l10n.t('JWT under the cursor: click to open the inspector')];
  if (v.state === 'readable' && v.exp !== undefined) lines.push(expiryWording(v.exp, now, l10n));
  if (v.audHost) lines.push(l10n.t('judged for {0}', plainLabel(v.audHost)));
  return lines.join('\n');
}
