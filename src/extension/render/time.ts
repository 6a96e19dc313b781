// Relative and local-time wording for iat/nbf/exp ("expires in 42 minutes", "expired 7 years ago").
// Pure: the current time is an argument, so tests freeze the clock.
import { duration } from '../../core/duration';
import type { L10n } from './l10n';

/** A duration in the one core format ("90 minutes", "7 years"; Japanese "7 年"), in `l10n`'s language. */
export function shortDuration(seconds: number, l10n: L10n): string {
  return duration(seconds, l10n.locale ?? 'en');
}

/** "expires in 42 min" / "expired 3 h ago" for an `exp` (seconds) at `nowMs`. */
export function expiryWording(exp: number, nowMs: number, l10n: L10n): string {
  const delta = exp - nowMs / 1000;
  return delta >= 0 ? l10n.t('expires in {0}', shortDuration(delta, l10n)) : l10n.t('expired {0} ago', shortDuration(delta, l10n));
}

/** "valid in 5 min" / "valid since 2 h ago" wording for `nbf`. */
export function notBeforeWording(nbf: number, nowMs: number, l10n: L10n): string {
  const delta = nbf - nowMs / 1000;
  return delta > 0 ? l10n.t('valid in {0}', shortDuration(delta, l10n)) : l10n.t('valid since {0} ago', shortDuration(delta, l10n));
}

/** "12 min ago" / "in 3 min" for `iat`. */
export function agoWording(at: number, nowMs: number, l10n: L10n): string {
  const delta = at - nowMs / 1000;
  return delta > 0 ? l10n.t('in {0}', shortDuration(delta, l10n)) : l10n.t('{0} ago', shortDuration(delta, l10n));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `2026-11-25 09:42:00 UTC+09:00` in the time zone of `offsetMinutes` east of UTC (local time by
 * default; tests pass an offset so the result does not depend on the machine's zone).
 */
export function localTime(epochSeconds: number, offsetMinutes?: number): string {
  const ms = epochSeconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(epochSeconds);
  const off = offsetMinutes ?? -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + off * 60000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}
