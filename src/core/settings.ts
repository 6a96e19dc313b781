// The extension's settings as one typed, validated object. Both faces read through here: the
// extension from `workspace.getConfiguration`, the CLI from `.vscode/settings.json`.
import { PARTNER_CENTER_AUDIENCES } from './audiences';
import { FINDING_CODES, type FindingCode, type SeveritySetting } from './types';

export const SECTION = 'jwtMfa';

export interface Settings {
  expectedAudiences: string[];
  audiencesByHost: Record<string, string[]>;
  clockSkewSeconds: number;
  severity: Partial<Record<FindingCode, SeveritySetting>>;
  codeLensEnabled: boolean;
  /** Documents larger than this (in characters of UTF-16, ~bytes) are analysed only up to the cap. */
  maxFileSizeMB: number;
  /** Glob patterns and language ids the editor leaves alone. */
  exclude: string[];
  replayApprovedHosts: string[];
  replayTimeoutMs: number;
  replayMaxBodyMB: number;
  /** Issuers (exact `iss`), discovery URLs or JWKS files/URLs the user trusts for verification. */
  verifyTrustedIssuers: string[];
  verifyJwks: string[];
  /** Key sets the user lists for one issuer (`{ "issuer", "jwks" }` items of verify.jwks); they apply to that issuer, Entra included. */
  verifyIssuerJwks: IssuerJwks[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  expectedAudiences: [...PARTNER_CENTER_AUDIENCES],
  audiencesByHost: {},
  clockSkewSeconds: 300,
  severity: {},
  codeLensEnabled: true,
  maxFileSizeMB: 50,
  exclude: [],
  replayApprovedHosts: [],
  replayTimeoutMs: 30000,
  replayMaxBodyMB: 5,
  verifyTrustedIssuers: [],
  verifyJwks: [],
  verifyIssuerJwks: [],
});

/** Setting keys under `jwtMfa.` (as in package.json `contributes.configuration`). */
export const KEYS = {
  expectedAudiences: 'expectedAudiences',
  audiencesByHost: 'audiencesByHost',
  clockSkewSeconds: 'clockSkewSeconds',
  severity: 'severity',
  codeLensEnabled: 'codeLens.enabled',
  maxFileSizeMB: 'maxFileSizeMB',
  exclude: 'exclude',
  replayApprovedHosts: 'replay.approvedHosts',
  replayTimeoutMs: 'replay.timeoutMs',
  replayMaxBodyMB: 'replay.maxBodyMB',
  verifyTrustedIssuers: 'verify.trustedIssuers',
  verifyJwks: 'verify.jwks',
  // The same setting: its `{ issuer, jwks }` items.
  verifyIssuerJwks: 'verify.jwks',
} as const satisfies Record<keyof Settings, string>;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** A key set listed for one issuer: `{ "issuer": "https://sts.windows.net/<tenant>/", "jwks": "~/keys.json" }`. */
export interface IssuerJwks {
  issuer: string;
  jwks: string;
}

function issuerJwks(v: unknown): IssuerJwks[] {
  if (!Array.isArray(v)) return [];
  const out: IssuerJwks[] = [];
  for (const x of v) {
    if (!x || typeof x !== 'object' || Array.isArray(x)) continue;
    const { issuer, jwks } = x as Record<string, unknown>;
    if (typeof issuer === 'string' && issuer && typeof jwks === 'string' && jwks) out.push({ issuer, jwks });
  }
  return out;
}

function num(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}

/**
 * Builds settings from a getter of `jwtMfa.`-relative keys. Values of the wrong type fall back to
 * the default, so a typo in settings.json never breaks analysis.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const d = DEFAULT_SETTINGS;
  const byHost: Record<string, string[]> = {};
  const rawByHost = get(KEYS.audiencesByHost);
  if (rawByHost && typeof rawByHost === 'object' && !Array.isArray(rawByHost)) {
    for (const [host, list] of Object.entries(rawByHost as Record<string, unknown>)) {
      const l = strings(list);
      // An own property even for `__proto__` (a host name from settings is input, not a prototype).
      if (l) Object.defineProperty(byHost, host, { value: l, enumerable: true, writable: true, configurable: true });
    }
  }
  const severity: Partial<Record<FindingCode, SeveritySetting>> = {};
  const rawSeverity = get(KEYS.severity);
  if (rawSeverity && typeof rawSeverity === 'object') {
    for (const code of FINDING_CODES) {
      const v = (rawSeverity as Record<string, unknown>)[code];
      if (typeof v === 'string' && SEVERITIES.has(v)) severity[code] = v as SeveritySetting;
    }
  }
  const bool = get(KEYS.codeLensEnabled);
  return {
    expectedAudiences: strings(get(KEYS.expectedAudiences)) ?? [...d.expectedAudiences],
    audiencesByHost: byHost,
    clockSkewSeconds: num(get(KEYS.clockSkewSeconds), 0, 86400) ?? d.clockSkewSeconds,
    severity,
    codeLensEnabled: typeof bool === 'boolean' ? bool : d.codeLensEnabled,
    maxFileSizeMB: num(get(KEYS.maxFileSizeMB), 0.001, 1024) ?? d.maxFileSizeMB,
    exclude: strings(get(KEYS.exclude)) ?? [],
    replayApprovedHosts: strings(get(KEYS.replayApprovedHosts)) ?? [],
    replayTimeoutMs: num(get(KEYS.replayTimeoutMs), 100, 600000) ?? d.replayTimeoutMs,
    replayMaxBodyMB: num(get(KEYS.replayMaxBodyMB), 0.001, 1024) ?? d.replayMaxBodyMB,
    verifyTrustedIssuers: strings(get(KEYS.verifyTrustedIssuers)) ?? [],
    verifyJwks: strings(get(KEYS.verifyJwks)) ?? [],
    verifyIssuerJwks: issuerJwks(get(KEYS.verifyJwks)),
  };
}

/** Settings from a flat settings.json object (`{"jwtMfa.clockSkewSeconds": 60, ...}`). */
export function settingsFromJson(json: unknown): Settings {
  const obj = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  return readSettings((key) => {
    const flat = obj[`${SECTION}.${key}`];
    if (flat !== undefined) return flat;
    // Also accept the nested form `{"jwtMfa": {"clockSkewSeconds": 60}}`.
    let v: unknown = obj[SECTION];
    for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v;
  });
}
