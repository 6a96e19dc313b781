// `jwt-mfa`: the terminal face. `scan` and `decode` here; `diagnose` in ./diagnose.
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { analyzeText, analyzeTokens, type AnalyzedToken } from '../core/analyze';
import { decode } from '../core/decode';
import { compactPaste } from '../core/paste';
import { redactText } from '../core/redact';
import { inert } from '../core/text';
import { LineIndex, stripBom } from '../core/positions';
import { scan } from '../core/scan';
import type { Settings } from '../core/settings';
import type { Locale, SignatureState } from '../core/types';
import { readTextFile, walk } from '../node/files';
import { createNodeKeyStore, verifyRaw } from '../node/keys';
import { renderVerify } from '../core/catalog/verify';
import type { VerifyReason } from '../core/verify';
import { formatDecode, jsonWriter, textWriter, type FileReport, type ReportWriter, type TokenReport, toMintedReports, toTokenReport } from './format';
import { ForwardPositions } from './positions';
import { findMintedRequests } from '../core/http/minted';
import { runDiagnose } from './diagnose';
import { formatSarif } from './sarif';
import { runToken } from './token';
import { COMMAND_USAGE, COMMON_ARGS, localeFrom, parseNow, USAGE, UsageError, type Io } from './common';
import { version } from '../../package.json';

export type { Io } from './common';
import { loadWorkspaceSettings } from './settings';
import { ScanEnvironments } from './environments';

/** Verification outcomes that mean the key set itself could not be used. */
const KEY_SOURCE_FAILURES: ReadonlySet<VerifyReason> = new Set(['empty-key-set', 'jwks-invalid', 'file-error', 'offline', 'timeout', 'http-error']);

function formatOf(value: string | undefined, allowed: string[]): string {
  const f = value ?? 'text';
  if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
  return f;
}

async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_ARGS,
      audience: { type: 'string', multiple: true },
      skew: { type: 'string' },
      jwks: { type: 'string' },
      'max-size': { type: 'string' },
      env: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('scan needs at least one file, folder or -');
  const format = formatOf(values.format, ['text', 'json', 'sarif']);
  const locale = localeFrom(values.lang, io.env);
  const now = parseNow(values.now, io);
  const settings: Settings = { ...(await loadWorkspaceSettings(io.cwd)) };
  if (values.audience) settings.expectedAudiences = values.audience;
  if (values.skew !== undefined) {
    const skew = Number(values.skew);
    if (!/^\d+$/.test(values.skew) || skew > 86400) throw new UsageError('--skew takes whole seconds from 0 to 86400');
    settings.clockSkewSeconds = skew;
  }
  let maxBytes = 64 * 1048576;
  if (values['max-size'] !== undefined) {
    const mb = Number(values['max-size']);
    if (!Number.isFinite(mb) || mb <= 0 || mb > 1024) throw new UsageError('--max-size takes megabytes from 1 to 1024');
    maxBytes = mb * 1048576;
  }
  // --jwks: the given key set is trusted for this run; verification goes through the same code as the inspector.
  // Only the key set the user names: a repository's settings never give trusted issuers or key sets.
  const store = values.jwks ? createNodeKeyStore({ baseDir: io.cwd }) : undefined;
  const trust = { trustedIssuers: [], jwks: [] };

  // Expand folders; keep command-line order, then walk order.
  const files: string[] = [];
  for (const p of positionals) {
    if (p === '-') files.push('-');
    else {
      const abs = path.resolve(io.cwd, p);
      const inner = await walk(abs, { cwd: io.cwd, exclude: settings.exclude });
      if (inner.length > 0) files.push(...inner.map((f) => path.relative(io.cwd, f) || f));
      else files.push(p);
    }
  }

  // Tokens defined in environments (http-client.env.json, REST Client's setting, .env) are judged
  // for the requests that use them; --env picks one environment, else each is judged.
  const environments = new ScanEnvironments(io.cwd, values.env, { settings, now, locale });
  // Reports are written file by file, token by token, as each file is scanned: a large file's reports
  // never all exist at once, nor the whole output as one string. Only when an option can still fail the
  // whole run (--env names no environment, --jwks cannot be had) is the output held until the end, so
  // that such a run writes nothing to standard output.
  const out = new Output(io, values.env !== undefined || store !== undefined);
  const writer = format === 'json' ? jsonWriter() : format === 'sarif' ? sarifWriter(locale) : textWriter(locale);
  await out.write(writer.start());
  let unreadable = false;
  let errorFinding = false;
  for (const file of files) {
    let text: string;
    if (file === '-') {
      text = await io.readStdin();
    } else {
      const r = await readTextFile(path.resolve(io.cwd, file), maxBytes);
      if ('error' in r) {
        for (const piece of writer.file({ path: file, error: r.error })) await out.write(piece);
        unreadable = true;
        continue;
      }
      for (const n of r.notes) io.stderr(`jwt-mfa: ${file}: ${n}\n`);
      text = r.text;
    }
    text = stripBom(text);
    let signatures: Map<number, { state: SignatureState; error?: string }> | undefined;
    if (store && values.jwks) {
      signatures = new Map();
      for (const t of scan(text)) {
        if (t.kind !== 'jws') continue;
        const r = await verifyRaw(text.slice(t.start, t.end), { store, trust, jwks: [values.jwks] });
        // A key set that cannot be had is the run's problem, not the token's.
        if (KEY_SOURCE_FAILURES.has(r.reason)) throw new UsageError(`--jwks ${values.jwks}: ${renderVerify(r, locale).message}`);
        signatures.set(t.start, { state: r.state, error: r.state === 'invalid' ? renderVerify(r, locale).message : undefined });
      }
    }
    const analyzeOpts = { fileName: file === '-' ? undefined : file, settings, now, signatures };
    // An environment file's tokens are judged for the request files that use them, all together;
    // any other file's are analysed one by one as they are written, and let go.
    const tokens = environments.judgesFile(file) ? await environments.environmentFileTokens(file, text, analyzeText(text, analyzeOpts)) : analyzeTokens(text, analyzeOpts);
    const fromEnvironments = await environments.requestFileTokens(file, text);
    const minted = toMintedReports(findMintedRequests(text, file === '-' ? '' : file));
    const isError = (f: { severity: string }) => f.severity === 'error';
    errorFinding ||= fromEnvironments.some((t) => t.findings.some(isError));
    const noted = function* () {
      for (const t of tokens) {
        if (t.findings.some(isError)) errorFinding = true;
        yield t;
      }
    };
    for (const piece of writer.file({ path: file, tokens: tokenReports(noted(), text, signatures, locale, fromEnvironments), ...(minted.length ? { minted } : {}) })) {
      await out.write(piece);
    }
  }
  const last = writer.end() + (format === 'text' ? '' : '\n');
  const unknownEnv = environments.unknownEnvironment();
  if (unknownEnv) throw new UsageError(unknownEnv);
  await out.end(last);

  if (unreadable) return 2;
  return errorFinding ? 1 : 0;
}

/** A file's token reports, each made when it is written (positions found walking forward: tokens come in order). */
function* tokenReports(
  tokens: Iterable<AnalyzedToken>,
  text: string,
  signatures: ReadonlyMap<number, { state: SignatureState }> | undefined,
  locale: Locale,
  fromEnvironments: readonly TokenReport[],
): Generator<TokenReport> {
  const lines = new ForwardPositions(text);
  for (const t of tokens) yield toTokenReport(t, text, lines, signatures, locale);
  yield* fromEnvironments;
}

/** SARIF is one document built from every report (src/cli/sarif.ts): the reports are kept until the end. */
function sarifWriter(locale: Locale): ReportWriter {
  const reports: FileReport[] = [];
  return {
    start: () => '',
    file(r) {
      reports.push('error' in r ? r : { ...r, tokens: [...r.tokens] });
      return [];
    },
    end: () => formatSarif(reports, locale),
  };
}

/** Output chunks of about this many characters: each is one write to standard output. */
const CHUNK = 64 * 1024;

/**
 * Standard output in chunks, each written once the one before has been taken (`stdoutDrained`), so a
 * slow reader does not make the output pile up in memory; `hold` keeps every chunk until `end`.
 */
class Output {
  private pending = '';
  private readonly held: string[] = [];

  constructor(
    private readonly io: Io,
    private readonly hold: boolean,
  ) {}

  /** Resolves at once unless a chunk was written. */
  async write(s: string): Promise<void> {
    this.pending += s;
    if (this.pending.length >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    if (this.hold) this.held.push(chunk);
    else await this.put(chunk);
  }

  private async put(chunk: string): Promise<void> {
    this.io.stdout(chunk);
    await this.io.stdoutDrained?.();
  }

  /** Writes what is held and pending, then `last`. */
  async end(last: string): Promise<void> {
    this.pending += last;
    const chunk = this.pending;
    this.pending = '';
    for (const s of this.held.splice(0)) await this.put(s);
    if (chunk !== '') await this.put(chunk);
  }
}

async function runDecode(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: COMMON_ARGS,
  });
  if (positionals.length !== 1) throw new UsageError('decode takes one token, or - to read it from standard input');
  const format = formatOf(values.format, ['text', 'json']);
  const locale = localeFrom(values.lang, io.env);
  const now = parseNow(values.now, io);
  const raw = compactPaste(positionals[0] === '-' ? await io.readStdin() : positionals[0]);
  const found = scan(raw);
  if (found.length !== 1 || found[0].start !== 0 || found[0].end !== raw.length) {
    throw new UsageError('that is not a JWT: expected header.payload.signature (or a 5-part JWE) with a JSON header');
  }
  const settings = await loadWorkspaceSettings(io.cwd);
  const [token] = analyzeText(raw, { settings, now });
  const report = toTokenReport(token, raw, new LineIndex(raw), undefined, locale);
  io.stdout(formatDecode(report, decode(raw), format, locale, now));
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** True when the options (before a `--`) ask for help. */
function asksHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Everything the CLI writes goes through here: C0 and C1 control characters (ESC, BEL, CSI U+009B…)
 * and invisible or direction-changing ones are written out as `\uXXXX` (line breaks and tabs kept),
 * so a claim, a file name or an error string cannot drive the terminal. In JSON the result is the
 * same string, escaped.
 */
export function terminalSafe(io: Io): Io {
  return { ...io, stdout: (s) => io.stdout(inert(s)), stderr: (s) => io.stderr(inert(s)) };
}

export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io = terminalSafe(rawIo);
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === '-V' || command === 'version') {
    io.stdout(`jwt-mfa ${version}\n`);
    return 0;
  }
  if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command) && asksHelp(rest)) {
    io.stdout(COMMAND_USAGE[command] + '\n');
    return 0;
  }
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case 'decode':
        return await runDecode(rest, io);
      case 'diagnose':
        return await runDiagnose(rest, io);
      case 'token':
        return await runToken(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.stdout((rest[0] !== undefined && Object.hasOwn(COMMAND_USAGE, rest[0]) ? COMMAND_USAGE[rest[0]] : USAGE) + '\n');
        return 0;
      case undefined:
        io.stderr(USAGE + '\n');
        return 2;
      default:
        throw new UsageError(`unknown command "${command.slice(0, 40)}"`);
    }
  } catch (e) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (code && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`jwt-mfa: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`jwt-mfa: unexpected error: ${redactText(String((e as Error)?.message ?? e))}\n`);
    return 2;
  }
}

/* c8 ignore start: process wiring */
/** Asks on standard error, reads one line from the terminal: yes only for y or yes. */
async function askTerminal(question: string): Promise<boolean> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await rl.question(inert(question));
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

/**
 * Garbage-collector heuristics for the `jwt-mfa` process only (issue 16: a scan stays under 4x the
 * file's size in peak memory). The peak is the read: the file's bytes and its text, for a moment
 * (src/node/files.ts gives the bytes back at once). After it, a scan's live data is the text and
 * little more, since each token is analysed, written and let go; what grows is garbage.
 * `--semi-space-growth-factor=1` keeps the young generation at its start size (V8 grows it to 16 MB
 * semi-spaces), and `--heap-growing-percent=10` collects the old one when it has grown by a tenth
 * (32 MB HAR: 96 MB at the end, not 113). `--optimize-for-size`, used before, did as much for memory
 * but cost a tenth of the run. Both are read at each collection, so setting them once the process
 * runs takes effect. Modules that import this file are not affected.
 */
const CLI_V8_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=10'];

if (require.main === module) {
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
  // Decoded chunk by chunk (a character cut between two chunks is kept whole, and decodes as
  // Buffer#toString would): the chunks are not kept, nor joined into one more copy of the input.
  const readStdin = async () => {
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    for await (const c of process.stdin) parts.push(decoder.write(c as Buffer));
    parts.push(decoder.end());
    return parts.join('');
  };
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    // A pipe's writes are queued in memory while its reader is behind: wait for them to go out.
    stdoutDrained: () =>
      process.stdout.writableNeedDrain
        ? new Promise<void>((resolve) => {
            const done = () => {
              process.stdout.off('drain', done).off('close', done).off('error', done);
              resolve();
            };
            process.stdout.on('drain', done).on('close', done).on('error', done);
          })
        : Promise.resolve(),
    stderr: (s) => process.stderr.write(s),
    readStdin,
    cwd: process.cwd(),
    env: process.env,
    now: () => Date.now(),
    // A question only when a person is at the terminal: the answer is read from it, not from a pipe.
    confirm: process.stdin.isTTY ? (q) => askTerminal(q) : undefined,
  }).then((code) => {
    process.exitCode = code;
  });
}
/* c8 ignore stop */
