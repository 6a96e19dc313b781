// The one duration formatter: every face (hover, inspector, CodeLens, status bar, CLI, diagnosis)
// says how long ago or how far ahead a time is through these, in English or Japanese.
// Rule: one unit, the largest that still reads naturally, floored, so "expired 7 years ago", never
// "2812 d":
//   under 1 minute → seconds; under 2 hours → minutes ("90 minutes");
//   under 2 days → hours; under 60 days → days; under 2 years → months; then years.
import type { Locale } from './types';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** Mean Gregorian month and year, in seconds. */
const MONTH = 30.436875 * DAY;
const YEAR = 365.2425 * DAY;

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

const JA: Record<Unit, string> = { second: '秒', minute: '分', hour: '時間', day: '日', month: 'か月', year: '年' };

/** The unit and whole count a duration is said in (sign dropped). */
export function durationParts(seconds: number): { n: number; unit: Unit } {
  const a = Math.abs(seconds);
  if (!Number.isFinite(a)) return { n: 0, unit: 'second' };
  if (a < MINUTE) return { n: Math.floor(a), unit: 'second' };
  if (a < 2 * HOUR) return { n: Math.floor(a / MINUTE), unit: 'minute' };
  if (a < 2 * DAY) return { n: Math.floor(a / HOUR), unit: 'hour' };
  if (a < 60 * DAY) return { n: Math.floor(a / DAY), unit: 'day' };
  if (a < 2 * YEAR) return { n: Math.floor(a / MONTH), unit: 'month' };
  return { n: Math.floor(a / YEAR), unit: 'year' };
}

/** "90 minutes", "7 years", "1 day"; Japanese "90 分", "7 年". The sign is ignored. */
export function duration(seconds: number, locale: Locale): string {
  const { n, unit } = durationParts(seconds);
  if (locale === 'ja') return `${n} ${JA[unit]}`;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "in 73 years" / "7 years ago"; Japanese "73 年後" / "7 年前". `delta` is the time minus now, in seconds. */
export function relativeDuration(delta: number, locale: Locale): string {
  const d = duration(delta, locale);
  if (locale === 'ja') return delta >= 0 ? `${d}後` : `${d}前`;
  return delta >= 0 ? `in ${d}` : `${d} ago`;
}
