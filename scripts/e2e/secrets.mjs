// The secrets sweep (issue 7): after a real VS Code run, before its throwaway folders are deleted, every log
// VS Code wrote (user-data and server-data logs, output channels `output_*`/`*.log`, the extension host's
// log, the server log) and whatever the caller captured (the in-host output, the replay output channel's
// lines) is scanned for a whole token. A whole token is a compact JWS whose signature segment is present,
// or a five-part JWE, found by core's own scanner; the signature segments of the tokens the run minted or
// read from its fixtures are also looked for on their own. A hit names the file and line, token redacted.
import fs from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { ROOT } from './vscode.mjs';

let core;
async function loadCore() {
  core ??= {
    ...(await tsImport(path.join(ROOT, 'src/core/scan.ts'), import.meta.url)),
    ...(await tsImport(path.join(ROOT, 'src/core/redact.ts'), import.meta.url)),
  };
  return core;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Folders of a run's profile that hold no logs: the browser's own profile and the workspace copy. */
const SKIP_DIRS = new Set(['chrome', 'ws', 'node_modules', 'CachedExtensionVSIXs', 'extensions', 'ext']);

/** Files that are no logs but must never hold a token either: the user settings, and what the test-only
 * sign-in provider recorded (issue 17: a token from sign-in lives in memory only). */
const SWEPT_FILES = new Set(['settings.json', 'asked.json']);

/** Log files under `dir` (and SWEPT_FILES): `*.log`, `*.txt` and VS Code's output channel files (`output_*` folders). */
export function logFiles(dir) {
  const out = [];
  const walk = (d, inOutput) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p, inOutput || e.name.startsWith('output_') || e.name === 'logs');
      } else if (e.isFile() && (inOutput || /\.(log|txt)$/i.test(e.name) || e.name.startsWith('output_') || SWEPT_FILES.has(e.name))) out.push(p);
    }
  };
  walk(dir, false);
  return out;
}

/** Signature segments (20+ characters) of known tokens: found alone, they betray a token too. */
export async function knownSignatures(texts) {
  const { scan } = await loadCore();
  const sigs = new Set();
  for (const text of texts) {
    for (const t of scan(text)) {
      const parts = text.slice(t.start, t.end).split('.');
      const sig = t.kind === 'jwe' ? parts[4] : parts[2];
      if (sig && sig.length >= 20) sigs.add(sig);
    }
  }
  return sigs;
}

/** The fixtures' and the walkthrough's tokens (files the runs open), as texts for knownSignatures. */
export function fixtureTexts() {
  const texts = [];
  for (const dir of [path.join(ROOT, 'test/fixtures/workspace'), path.join(ROOT, 'media/walkthrough')]) {
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (fs.statSync(p).size < 8 * 1024 * 1024) texts.push(fs.readFileSync(p, 'utf8'));
      }
    };
    if (fs.existsSync(dir)) walk(dir);
  }
  return texts;
}

/**
 * Scans `sources` (`{ name, text }` or `{ file }`) and returns the leaks: `{ where, line, token }`, the token
 * redacted. `signatures`: known signature segments looked for on their own.
 */
export async function sweep(sources, { signatures = new Set() } = {}) {
  const { scan, redact } = await loadCore();
  const leaks = [];
  let scanned = 0;
  for (const s of sources) {
    let text = s.text;
    const where = s.name ?? s.file;
    if (text === undefined) {
      try {
        const st = fs.statSync(s.file);
        if (st.size > MAX_FILE_BYTES) {
          leaks.push({ where, line: 0, token: `file too large to sweep (${st.size} bytes)` });
          continue;
        }
        text = fs.readFileSync(s.file, 'utf8');
      } catch {
        continue; // gone (rotated) or unreadable
      }
    }
    scanned++;
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const lineOf = (offset) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    };
    const ranges = [];
    for (const t of scan(text)) {
      const raw = text.slice(t.start, t.end);
      const parts = raw.split('.');
      const whole = t.kind === 'jwe' ? parts.length === 5 : parts.length === 3 && parts[2].length > 0;
      if (!whole) continue;
      ranges.push([t.start, t.end]);
      leaks.push({ where, line: lineOf(t.start), token: redact(raw) });
    }
    for (const sig of signatures) {
      for (let at = text.indexOf(sig); at >= 0; at = text.indexOf(sig, at + 1)) {
        if (ranges.some(([a, b]) => at >= a && at < b)) continue; // already reported as a whole token
        leaks.push({ where, line: lineOf(at), token: `the signature of a known token (${sig.slice(0, 6)}…[redacted])` });
      }
    }
  }
  return { leaks, scanned };
}

/** One line per leak, for a failure message (already redacted). */
export function describeLeaks(leaks, base = '') {
  return leaks.map((l) => `  ${base && l.where.startsWith(base) ? path.relative(base, l.where) : l.where}:${l.line}: ${l.token}`).join('\n');
}
