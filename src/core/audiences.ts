// Which audiences each well-known host accepts (docs/domain.md §2), and audience comparison.
import { lastAnswer } from './memo';

export const PARTNER_CENTER_HOST = 'api.partnercenter.microsoft.com';
export const PARTNER_CENTER_AUDIENCES = ['https://api.partnercenter.microsoft.com', 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'];
export const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
/** ARM compares exactly, trailing slash included (docs/domain.md §2). */
export const ARM_AUDIENCES = [
  'https://management.azure.com/',
  'https://management.core.windows.net/',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013',
];

export interface HostEntry {
  /** Human name for messages. */
  name: string;
  audiences: readonly string[];
  /** Compare exactly (ARM); otherwise a single trailing slash is ignored. */
  exact?: boolean;
}

export const BUILTIN_HOSTS: Readonly<Record<string, HostEntry>> = {
  [PARTNER_CENTER_HOST]: { name: 'Partner Center', audiences: PARTNER_CENTER_AUDIENCES },
  'graph.microsoft.com': { name: 'Microsoft Graph', audiences: GRAPH_AUDIENCES },
  'graph.microsoft.us': { name: 'Microsoft Graph (US Gov)', audiences: ['https://graph.microsoft.us', 'https://graph.microsoft.us/', '00000003-0000-0000-c000-000000000000'] },
  'microsoftgraph.chinacloudapi.cn': { name: 'Microsoft Graph (China)', audiences: ['https://microsoftgraph.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/', '00000003-0000-0000-c000-000000000000'] },
  'management.azure.com': { name: 'Azure Resource Manager', audiences: ARM_AUDIENCES, exact: true },
};

/** Known audiences to name in messages ("this is a Microsoft Graph token"). */
const KNOWN_AUDIENCE_NAMES: Array<[string[], string]> = [
  [PARTNER_CENTER_AUDIENCES, 'Partner Center'],
  [GRAPH_AUDIENCES, 'Microsoft Graph'],
  [ARM_AUDIENCES, 'Azure Resource Manager'],
  [['https://api.partner.microsoft.com', '4990cffe-04e8-4e8b-808a-1175604b879f'], 'Microsoft Partner (Dev Center) API'],
  [['https://graph.windows.net', 'https://graph.windows.net/', '00000002-0000-0000-c000-000000000000'], 'Azure AD Graph (retired)'],
];

function norm(aud: string, exact: boolean): string {
  const lower = aud.trim().toLowerCase();
  return exact ? lower : lower.replace(/\/$/, '');
}

export function audienceMatches(actual: string, accepted: readonly string[], exact = false): boolean {
  const a = norm(actual, exact);
  return accepted.some((x) => norm(x, exact) === a);
}

/** The name of a well-known audience, or undefined. */
export function audienceName(aud: string): string | undefined {
  for (const [list, name] of KNOWN_AUDIENCE_NAMES) if (audienceMatches(aud, list)) return name;
  return undefined;
}

export function isPartnerCenterAudience(aud: string): boolean {
  return audienceMatches(aud, PARTNER_CENTER_AUDIENCES);
}

/** The URL (`url` resolved against `base` when given), or undefined when it is not one (e.g. `{{host}}/x`). */
export function parseUrl(url: string, base?: string | URL): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/** The parts of a URL the checks read: host name (lower-cased), port and path. */
export interface UrlParts {
  host: string;
  port: string;
  path: string;
}

/**
 * `url`'s parts, or undefined when it is not a URL. The last answer is kept: a token's checks ask
 * for the same request URL several times (three URL parses per token were a tenth of a HAR scan's garbage).
 */
export const urlParts: (url: string) => UrlParts | undefined = lastAnswer((url) => {
  const u = parseUrl(url);
  return u ? { host: u.hostname.toLowerCase(), port: u.port, path: u.pathname } : undefined;
});

/** The host of a URL, lower-cased, or undefined when it cannot be resolved (e.g. `{{host}}`). */
export function hostOf(url: string): string | undefined {
  return urlParts(url)?.host || undefined;
}

function userEntry(key: string, user: Readonly<Record<string, readonly string[]>> | undefined): HostEntry | undefined {
  if (!user) return undefined;
  for (const [k, v] of Object.entries(user)) {
    if (k.toLowerCase() === key && Array.isArray(v)) return { name: k, audiences: v };
  }
  return undefined;
}

/** The entry for a host: user entries (exact host) override the built-in table. */
export function hostEntry(host: string | undefined, user?: Readonly<Record<string, readonly string[]>>): HostEntry | undefined {
  if (!host) return undefined;
  const h = host.toLowerCase();
  return userEntry(h, user) ?? (Object.hasOwn(BUILTIN_HOSTS, h) ? BUILTIN_HOSTS[h] : undefined);
}

/**
 * The entry for a request URL, and the key it was found under. A user entry for `host:port` applies
 * when the URL names that port (two services on one host, e.g. two loopback servers); then a user entry
 * for the host; then the built-in table.
 */
export function hostEntryForUrl(url: string, user?: Readonly<Record<string, readonly string[]>>): { host: string; entry: HostEntry } | undefined {
  const u = urlParts(url);
  const host = u?.host;
  if (!u || !host) return undefined;
  if (u.port) {
    const withPort = userEntry(`${host}:${u.port}`, user);
    if (withPort) return { host: `${host}:${u.port}`, entry: withPort };
  }
  const entry = hostEntry(host, user);
  return entry ? { host, entry } : undefined;
}

/** The built-in entry for a host name (own entries only: `constructor` or `__proto__` is no host). */
export function builtinHost(host: string): HostEntry | undefined {
  const h = host.toLowerCase();
  return Object.hasOwn(BUILTIN_HOSTS, h) ? BUILTIN_HOSTS[h] : undefined;
}
