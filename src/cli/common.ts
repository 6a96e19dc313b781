// What the CLI's commands share: their I/O seam, usage errors, and the --now and --lang options.
import { toLocale } from '../core/catalog/findings';
import type { Locale } from '../core/types';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Epoch ms; the CLI's clock unless --now is given. */
  now(): number;
}

export class UsageError extends Error {}

export const USAGE = `Usage:
  jwt-mfa scan <file|dir|->... [--format text|json|sarif] [--audience AUD]... [--now T] [--skew SECONDS]
                               [--jwks FILE|URL] [--lang en|ja] [--max-size MB]
  jwt-mfa decode <token|-> [--format text|json] [--now T] [--lang en|ja]
  jwt-mfa diagnose <file> [--entry N] [--send] [--timeout MS] [--env NAME] [--format text|json] [--now T]
                          [--lang en|ja] [--token JWT|-] [--token-file F]
  jwt-mfa token --az [--resource URL] [--tenant T] [--print] [--format text|json] [--now T] [--lang en|ja]
T is an ISO-8601 date-time or Unix seconds. Exit: 0 no error finding, 1 an error finding, 2 usage or I/O error.`;

/** Parses --now: ISO-8601 or Unix seconds. */
export function parseNow(value: string | undefined, io: Io): number {
  if (value === undefined) return io.now();
  if (/^\d{1,12}(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(`--now: "${value.slice(0, 40)}" is neither an ISO-8601 date-time nor Unix seconds`);
}

export function localeFrom(lang: string | undefined, env: Io['env']): Locale {
  if (lang !== undefined) {
    if (lang !== 'en' && lang !== 'ja') throw new UsageError(`--lang must be en or ja, not "${lang.slice(0, 20)}"`);
    return lang;
  }
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

