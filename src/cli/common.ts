// What the CLI's commands share: their I/O seam, usage errors, and the --now and --lang options.
import { toLocale } from '../core/catalog/findings';
import { useJapanese } from '../core/catalog/japanese';
import type { Locale } from '../core/types';
// The catalogs' Japanese words: the extension reads this file at run time (its bundles stay small);
// the CLI has it built in.
import japaneseWords from '../../l10n/catalog.ja.json';

export interface Io {
  stdout(s: string): void;
  /**
   * Resolves once standard output has taken what was written to it: a pipe read slowly keeps the
   * writes in memory until then. Absent: writes are taken at once.
   */
  stdoutDrained?(): Promise<void>;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Epoch ms; the CLI's clock unless --now is given. */
  now(): number;
  /**
   * Asks the person at the terminal a yes/no question (answer read from the terminal). Present only
   * when standard input is a terminal; without it, nothing that needs consent happens.
   */
  confirm?(question: string): Promise<boolean>;
}

export class UsageError extends Error {}

export const USAGE = `Usage:
  jwt-mfa scan <file|dir|->... [--format text|json|sarif] [--audience AUD]... [--now T] [--skew SECONDS]
                               [--jwks FILE|URL] [--env NAME] [--lang en|ja] [--max-size MB]
  jwt-mfa decode <token|-> [--format text|json] [--now T] [--lang en|ja]
  jwt-mfa diagnose <file> [--entry N] [--send [--allow ORIGIN]...] [--timeout MS] [--env NAME]
                          [--format text|json] [--now T] [--lang en|ja] [--token JWT|-] [--token-file F]
  jwt-mfa token --az [--resource URL] [--tenant T] [--print] [--format text|json] [--now T] [--lang en|ja]
  jwt-mfa <command> --help     usage of one command
  jwt-mfa --version            the version
T is an ISO-8601 date-time or Unix seconds. Exit: 0 no error finding, 1 an error finding, 2 usage or I/O error.`;

const COMMON_OPTIONS = `  --now T            the clock: an ISO-8601 date-time or Unix seconds (default: now)
  --lang en|ja       output language (default: LC_ALL, LC_MESSAGES, LANG, else the system's locale)`;

/** \`jwt-mfa <command> --help\`: what each command does and takes. */
export const COMMAND_USAGE: Record<string, string> = {
  scan: `Usage: jwt-mfa scan <file|dir|->... [options]
Reports every JWT in the files (folders recursively; - reads standard input) with its findings.
Folders skip node_modules, .git, what .gitignore files ignore and the jwtMfa.exclude globs of
./.vscode/settings.json.
  --format text|json|sarif   text for people; JSON (0-based UTF-16 positions); SARIF 2.1.0 for code scanning
  --audience AUD             an expected audience (repeatable); replaces jwtMfa.expectedAudiences
  --skew SECONDS             clock skew allowed for exp and nbf, 0 to 86400 (default 300)
  --jwks FILE|URL            verify signatures against this key set
  --max-size MB              skip files larger than this (default 64)
  --env NAME                 judge tokens of .http files' environments in this one only (default:
                             each environment that defines them: http-client.env.json and its private
                             file, rest-client.environmentVariables, .env read by {{$dotenv}})
${COMMON_OPTIONS}
Exit: 0 no error finding, 1 an error finding, 2 usage or I/O error.`,
  decode: `Usage: jwt-mfa decode <token|-> [options]
Prints a token's header, its claims explained, and the verdicts. The token may keep its "Bearer ",
quotes and line breaks; - reads it from standard input (keeps it out of the shell history).
  --format text|json         text for people, or one JSON document
${COMMON_OPTIONS}
Exit: 0 no error finding, 1 an error finding, 2 usage error.`,
  diagnose: `Usage: jwt-mfa diagnose <file> [options]
Explains a refused request: a HAR entry, a raw response file or a response saved below a .http
request as recorded, or with --send, a request of a .http file, HAR or curl line sent again.
  --entry N                  the Nth request, HAR entry or response in the file (default 1)
  --send                     send the request again and diagnose the live answer
  --timeout MS               how long --send may take
  --env NAME                 the REST Client / JetBrains environment for variables ({{$dotenv}} reads .env)
  --token JWT|-              the token that was sent (- reads standard input)
  --token-file F             the same, from a file
  --format text|json         text for people, or one JSON document
${COMMON_OPTIONS}
Exit: 0 the response is not a 401/403, 1 it is, 2 usage, I/O or network error.`,
  token: `Usage: jwt-mfa token --az [options]
Asks the Azure CLI for an access token (az account get-access-token) and judges it like decode
(MFA, audience against the resource, lifetime) without printing it.
  --az                       get the token from the Azure CLI (sign in there with az login)
  --resource URL             the API to get a token for (default https://api.partnercenter.microsoft.com)
  --tenant T                 the tenant (ID or domain) to get it in
  --print                    print the token itself on standard output, for piping (warns on stderr)
  --format text|json         text for people, or one JSON document
${COMMON_OPTIONS}
Exit: 0 no error finding, 1 an error finding, 2 usage error, or az missing, not signed in or failing.`,
};

/** The options every command takes (`parseArgs` declarations): --format, --now and --lang. */
export const COMMON_ARGS = { format: { type: 'string' }, now: { type: 'string' }, lang: { type: 'string' } } as const;

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

/** The system's locale where no environment variable names one (Windows sets no LANG). */
const systemLocale = () => Intl.DateTimeFormat().resolvedOptions().locale;

/**
 * --lang, else the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX order), else the system's
 * locale. Japanese loads the catalogs' Japanese words.
 */
export function localeFrom(lang: string | undefined, env: Io['env'], system: () => string = systemLocale): Locale {
  if (lang !== undefined && lang !== 'en' && lang !== 'ja') throw new UsageError(`--lang must be en or ja, not "${lang.slice(0, 20)}"`);
  const locale = lang ?? toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG || system());
  if (locale === 'ja') useJapanese(japaneseWords);
  return locale;
}

