// `jwt-mfa scan` and environments: a .http/.rest file's tokens defined in http-client.env.json (and
// the private one), REST Client's setting in ./.vscode/settings.json or a .env file are judged for the
// requests that use them; a token in such a file is judged for the requests of the request files
// beside it. The resolution itself is core's (core/http/environments); this reads the files.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { analyzeEnvironmentTokens, judgeForRequestFiles, type AnalyzedToken } from '../core/analyze';
import { environmentTokens } from '../core/http/environments';
import { kindOf } from '../core/http/documentKind';
import { LineIndex, stripBom } from '../core/positions';
import type { Settings } from '../core/settings';
import type { Locale } from '../core/types';
import { isEnvironmentFileName, readHttpEnvSources, type HttpEnvSources } from '../node/replay';
import { readTextFile } from '../node/files';
import { toEnvTokenReport, type TokenReport } from './format';

const MAX_REQUEST_FILE = 8 * 1048576;

export class ScanEnvironments {
  private readonly byDir = new Map<string, Promise<HttpEnvSources>>();
  private readonly texts = new Map<string, string | undefined>();
  private settingsFile: Promise<{ path: string; text: string } | undefined> | undefined;
  /** Whether --env named an environment some request file knows. */
  private envSeen = false;
  private requestFiles = 0;

  constructor(
    private readonly cwd: string,
    private readonly only: string | undefined,
    private readonly opts: { settings: Settings; now: number; locale: Locale },
  ) {}

  /** ./.vscode/settings.json as text, for REST Client's environments with their positions. */
  private restClientFile(): Promise<{ path: string; text: string } | undefined> {
    this.settingsFile ??= (async () => {
      const f = path.join(this.cwd, '.vscode', 'settings.json');
      const text = await this.read(f);
      return text === undefined ? undefined : { path: f, text };
    })();
    return this.settingsFile;
  }

  private async read(file: string): Promise<string | undefined> {
    if (this.texts.has(file)) return this.texts.get(file);
    const r = await readTextFile(file, MAX_REQUEST_FILE);
    const text = 'error' in r ? undefined : stripBom(r.text);
    this.texts.set(file, text);
    return text;
  }

  private environments(dir: string): Promise<HttpEnvSources> {
    let p = this.byDir.get(dir);
    if (!p) {
      p = this.restClientFile().then((rc) => readHttpEnvSources(dir, undefined, { root: this.cwd, restClientFile: rc, textOf: (f) => this.texts.get(f) }));
      this.byDir.set(dir, p);
    }
    return p;
  }

  /** Shown as: relative to the folder the CLI runs in. */
  private shown(abs: string | undefined): string {
    if (!abs) return 'rest-client.environmentVariables';
    const rel = path.relative(this.cwd, abs);
    return rel && !rel.startsWith('..') ? rel : abs;
  }

  /** The tokens request file `file` (text `text`) takes from its environments, as reports. */
  async requestFileTokens(file: string, text: string): Promise<TokenReport[]> {
    if (file === '-' || kindOf(file, text) !== 'http') return [];
    this.requestFiles++;
    const envs = await this.environments(path.dirname(path.resolve(this.cwd, file)));
    if (this.only !== undefined && !envs.names.includes(this.only)) return [];
    if (this.only !== undefined) this.envSeen = true;
    const found = analyzeEnvironmentTokens(text, envs, { settings: this.opts.settings, now: this.opts.now, only: this.only });
    if (!found.length) return [];
    const lines = new LineIndex(text);
    const out: TokenReport[] = [];
    for (const e of found) {
      const src = e.origin.path !== undefined ? await this.read(e.origin.path) : undefined;
      const at = src !== undefined && e.origin.start !== undefined ? new LineIndex(src) : undefined;
      out.push(
        toEnvTokenReport(
          e,
          lines,
          {
            file: this.shown(e.origin.path),
            variable: e.origin.variable,
            environments: e.environments,
            ...(at ? { start: at.positionAt(e.origin.start!), end: at.positionAt(e.origin.end!) } : {}),
          },
          this.opts.locale,
        ),
      );
    }
    return out;
  }

  /** An environment file's tokens, judged again for the requests of the .http/.rest files beside it. */
  /** True when `file` is an environment file: its tokens are judged for the request files that use them (`environmentFileTokens`). */
  judgesFile(file: string): boolean {
    return file !== '-' && isEnvironmentFileName(file);
  }

  async environmentFileTokens(file: string, text: string, tokens: AnalyzedToken[]): Promise<AnalyzedToken[]> {
    if (!tokens.length || !this.judgesFile(file)) return tokens;
    const abs = path.resolve(this.cwd, file);
    this.texts.set(abs, text);
    const dir = path.dirname(abs);
    let names: string[];
    try {
      names = (await fsp.readdir(dir)).filter((n) => /\.(http|rest)$/i.test(n)).sort();
    } catch {
      return tokens;
    }
    const envs = await this.environments(dir);
    if (this.only !== undefined && !envs.names.includes(this.only)) return tokens;
    const users: Array<{ file: string; tokens: ReturnType<typeof environmentTokens> }> = [];
    for (const n of names) {
      const f = path.join(dir, n);
      const t = await this.read(f);
      if (t !== undefined) users.push({ file: this.shown(f), tokens: environmentTokens(t, envs, this.only) });
    }
    return judgeForRequestFiles(tokens, abs, users, this.opts);
  }

  /** An error when --env names an environment that no request file scanned knows. */
  unknownEnvironment(): string | undefined {
    if (this.only === undefined || this.envSeen || this.requestFiles === 0) return undefined;
    return `--env ${this.only}: no request file scanned has this environment (looked in http-client.env.json, http-client.private.env.json and rest-client.environmentVariables)`;
  }
}
