// `jwt-mfa scan --format sarif`: SARIF 2.1.0 that GitHub code scanning accepts. Typed with
// @types/sarif; test/unit/sarif.test.ts validates it against the SARIF schema and GitHub's rules.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { findingTitle } from '../core/catalog/findings';
import { FINDING_CODES, type FindingCode, type Locale, type Severity } from '../core/types';
import { version } from '../../package.json';
import type { FileReport, MintedReport, TokenReport } from './format';

export const REPOSITORY = 'https://github.com/jwt-mfa/jwt-mfa-inspector';
/** The key of our partial fingerprint; bump its version if what it hashes ever changes. */
export const FINGERPRINT_KEY = 'jwtMfa/tokenHeader/v1';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DEFAULT_SEVERITY: Record<FindingCode, Severity> = {
  'mfa-missing': 'error',
  'audience-mismatch': 'error',
  expired: 'warning',
  'not-yet-valid': 'warning',
  'app-only': 'information',
  'id-token': 'warning',
  unsigned: 'warning',
  'signature-missing': 'warning',
  'not-from-entra': 'warning',
  'signature-invalid': 'error',
  encrypted: 'information',
  malformed: 'warning',
  'not-jwt': 'information',
};

type Text = Record<Locale, string>;
/** What each rule checks (fullDescription) and what to do about it (help). Plain text; the help's
 *  Markdown adds a link to the code's section of docs/codes.md. */
const RULE_TEXT: Record<FindingCode, { full: Text; help: Text }> = {
  'mfa-missing': {
    full: {
      en: 'An App+User access token whose amr claim lacks "mfa". Since 1 April 2026 Partner Center answers such calls with 401 "MFA required".',
      ja: 'amr クレームに "mfa" を含まない App+User のアクセス トークン。2026 年 4 月 1 日以降、Partner Center はこの呼び出しに 401「MFA required」を返します。',
    },
    help: {
      en: 'Sign in interactively with MFA and get a new refresh token (Secure Application Model); tokens refreshed from a sign-in without MFA never gain "mfa". Do not use the password grant.',
      ja: 'MFA を伴う対話型サインインで新しいリフレッシュ トークンを取得してください（セキュア アプリケーション モデル）。MFA なしのサインインから更新したトークンに "mfa" が付くことはありません。パスワード グラントは使わないでください。',
    },
  },
  'audience-mismatch': {
    full: {
      en: 'The aud claim is missing, or is not what the host the token is sent to (or jwtMfa.expectedAudiences) expects.',
      ja: 'aud クレームがないか、送信先のホスト（または jwtMfa.expectedAudiences）が受け付ける値ではありません。',
    },
    help: {
      en: 'Request the token for the API you call (its scope or resource), or add the audience to jwtMfa.expectedAudiences if it is right.',
      ja: '呼び出す API 向け（そのスコープまたはリソース）にトークンを取得してください。正しい対象ユーザーであれば jwtMfa.expectedAudiences に追加してください。',
    },
  },
  expired: {
    full: { en: 'The token\'s exp time has passed, beyond the allowed clock skew.', ja: 'トークンの exp が、許容する時計のずれを超えて過ぎています。' },
    help: {
      en: 'Get a new access token (from the refresh token) instead of keeping one in a file: access tokens live about 60 to 90 minutes.',
      ja: 'ファイルに保存したトークンではなく、（リフレッシュ トークンから）新しいアクセス トークンを取得してください。アクセス トークンの有効期間は約 60～90 分です。',
    },
  },
  'not-yet-valid': {
    full: { en: 'The token\'s nbf time is in the future, beyond the allowed clock skew.', ja: 'トークンの nbf が、許容する時計のずれを超えて未来です。' },
    help: { en: 'Check the clock of the machine that made or judges the token.', ja: 'トークンを発行した、または判定するマシンの時計を確認してください。' },
  },
  'app-only': {
    full: {
      en: 'An app-only token (client credentials): the MFA rule does not apply, but only app-only APIs accept it; Partner Center customer operations need App+User.',
      ja: 'アプリのみのトークン（クライアント資格情報）。MFA の規則は適用されませんが、受け付けるのはアプリのみの API だけです。Partner Center の顧客操作には App+User が必要です。',
    },
    help: {
      en: 'For an operation that needs a user, get an App+User token through an interactive sign-in with MFA.',
      ja: 'ユーザーが必要な操作には、MFA を伴う対話型サインインで App+User のトークンを取得してください。',
    },
  },
  'id-token': {
    full: { en: 'An OpenID Connect ID token where an access token belongs.', ja: 'アクセス トークンを使うべき場所にある OpenID Connect の ID トークン。' },
    help: { en: 'Send the access token of the sign-in, not its ID token: APIs refuse ID tokens.', ja: 'サインインの ID トークンではなくアクセス トークンを送ってください。API は ID トークンを拒否します。' },
  },
  unsigned: {
    full: { en: 'A token with alg "none": anyone can forge it.', ja: 'alg が "none" のトークン。誰でも偽造できます。' },
    help: { en: 'Use a signed token from the identity provider; never accept alg "none".', ja: 'ID プロバイダーが署名したトークンを使ってください。alg "none" は決して受け付けないでください。' },
  },
  'signature-missing': {
    full: {
      en: 'The header names a signing algorithm, but the signature segment is empty (header.payload.): no API accepts the token as it is.',
      ja: 'ヘッダーは署名アルゴリズムを指定していますが、署名の部分が空です (header.payload.)。このままではどの API も受け付けません。',
    },
    help: {
      en: 'Copy the whole token, signature included; a token printed in documentation with its signature elided is only an example.',
      ja: '署名を含むトークン全体をコピーしてください。ドキュメントで署名を省略して示されたトークンは例にすぎません。',
    },
  },
  'not-from-entra': {
    full: {
      en: 'A token whose issuer is Entra ID but whose header says HS256 (a shared secret) or alg "none": Entra ID never signs access tokens that way, so the token did not come from Entra ID.',
      ja: '発行者は Entra ID ですが、ヘッダーの alg が HS256（共有シークレット）または "none" のトークン。Entra ID はアクセス トークンをそのように署名しないため、Entra ID が発行したものではありません。',
    },
    help: {
      en: 'Get the token from Entra ID itself (MSAL, az account get-access-token); Microsoft APIs refuse a hand-made or test token.',
      ja: 'トークンは Entra ID から取得してください（MSAL、az account get-access-token）。手作りやテスト用のトークンは Microsoft の API に拒否されます。',
    },
  },
  'signature-invalid': {
    full: { en: 'Signature verification was asked for and failed against the issuer\'s keys.', ja: '署名の検証を求められ、発行者の鍵で検証に失敗しました。' },
    help: {
      en: 'The token was altered or signed by another key: get a new token from the real issuer, and check the key set given with --jwks.',
      ja: 'トークンが改変されたか別の鍵で署名されています。正規の発行者から新しいトークンを取得し、--jwks で渡した鍵セットを確認してください。',
    },
  },
  encrypted: {
    full: { en: 'A JWE (encrypted token): its claims cannot be read, so nothing else is checked.', ja: 'JWE（暗号化されたトークン）。クレームを読めないため、ほかの検査はしません。' },
    help: { en: 'Nothing to fix; check the token where it can be decrypted.', ja: '修正は不要です。復号できる場所でトークンを確認してください。' },
  },
  malformed: {
    full: { en: 'The token\'s header decodes, but its payload is not readable JSON.', ja: 'トークンのヘッダーはデコードできますが、ペイロードが読み取れる JSON ではありません。' },
    help: { en: 'The token was cut or altered when copied: copy it whole again.', ja: 'コピーの際にトークンが切れたか改変されています。もう一度全体をコピーしてください。' },
  },
  'not-jwt': {
    full: { en: 'A JWS whose payload is text, not JSON claims: a signed message, not a JWT.', ja: 'ペイロードが JSON クレームではなくテキストの JWS。署名付きメッセージであり、JWT ではありません。' },
    help: { en: 'Nothing to fix if a signed message is expected; an API that wants an access token needs a JWT.', ja: '署名付きメッセージを想定しているなら修正は不要です。アクセス トークンを求める API には JWT が必要です。' },
  },
};

/**
 * The rule of a request whose token is made when it is sent (`{{$aadToken}}`, httpyac OAuth2, a request
 * variable): the file holds no token, so the scan cannot tell whether MFA, audience or lifetime are
 * right. Its results are SARIF's `kind: "open"` ("the tool did not have enough information to determine
 * whether there was a problem", §3.27.9) with `level: "none"`, which the spec requires for every kind
 * but "fail" (§3.27.10). Not `level: "note"`, which is the least severe *failure*, and not a
 * toolExecutionNotification, which is for the tool's own runtime conditions, not a place in a file.
 */
export const MADE_WHEN_SENT = 'made-when-sent';

const MADE_WHEN_SENT_TEXT = {
  short: { en: 'Token made when the request is sent', ja: '要求の送信時に作られるトークン' },
  full: {
    en: 'A request whose Authorization header gets its token only when it is sent (REST Client\'s {{$aadToken}} and {{$aadV2Token}}, httpyac OAuth2, a request variable): the file holds no token, so its MFA, audience and lifetime cannot be judged from the file.',
    ja: 'Authorization ヘッダーのトークンが送信時にだけ作られる要求（REST Client の {{$aadToken}} と {{$aadV2Token}}、httpyac の OAuth2、要求変数）。ファイルにトークンがないため、MFA、対象ユーザー (aud)、有効期間をファイルからは判定できません。',
  },
  help: {
    en: 'Judge the token the request really gets: in VS Code, "Get it now and inspect" above the request; on the command line, jwt-mfa diagnose with --token or --token-file.',
    ja: '要求が実際に受け取るトークンで判定してください。VS Code では要求の上の「今すぐ取得して検査」、コマンド ラインでは jwt-mfa diagnose に --token または --token-file を付けて実行します。',
  },
  message: {
    en: (m: MintedReport) => `${m.method} ${m.url}: the token is made when the request is sent (${m.expression}); it cannot be judged from the file.`,
    ja: (m: MintedReport) => `${m.method} ${m.url}: トークンは要求の送信時に作られるため（${m.expression}）、ファイルからは判定できません。`,
  },
};

function madeWhenSentRule(locale: Locale): ReportingDescriptor {
  const helpUri = `${REPOSITORY}/blob/main/docs/codes.md#${MADE_WHEN_SENT}`;
  const t = MADE_WHEN_SENT_TEXT;
  return {
    id: MADE_WHEN_SENT,
    name: ruleName(MADE_WHEN_SENT),
    shortDescription: { text: t.short[locale] },
    fullDescription: { text: t.full[locale] },
    help: { text: t.help[locale], markdown: `${t.help[locale]}\n\n[${MADE_WHEN_SENT}](${helpUri})` },
    helpUri,
    defaultConfiguration: { level: 'none' },
    properties: { tags: ['security', 'jwt', 'mfa'] },
  };
}

/** PascalCase name for a code (SARIF1001: a rule's name must differ from its id). */
function ruleName(code: string): string {
  return code.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
}

function rule(code: FindingCode, locale: Locale): ReportingDescriptor {
  const helpUri = `${REPOSITORY}/blob/main/docs/codes.md#finding-${code}`;
  const t = RULE_TEXT[code];
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: findingTitle(code, locale) },
    fullDescription: { text: t.full[locale] },
    help: { text: t.help[locale], markdown: `${t.help[locale]}\n\n[${code}](${helpUri})` },
    helpUri,
    defaultConfiguration: { level: LEVEL[DEFAULT_SEVERITY[code]] },
    properties: { tags: ['security', 'jwt', 'mfa'] },
  };
}

/** A SARIF artifact URI: relative paths as percent-encoded segments with /, absolute ones as file: URLs. */
export function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Canonical JSON: keys sorted at every level, so a header's key order does not change the hash. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The result's identity for code scanning: the file, the code, the token's decoded header (alg, kid,
 * typ: never the token, its claims or signature) and which such token of the file it is. Moving lines
 * keeps it; a new token with another key id, or another file, changes it.
 */
function fingerprint(uri: string, code: string, t: TokenReport, occurrence: number): string {
  return createHash('sha256').update(`${uri}\0${code}\0${canonical(t.header)}\0${occurrence}`).digest('hex');
}

/** A made-when-sent result's identity: the file, the request (method, URL with credentials redacted) and what makes the token, and which such request of the file it is; not its line. */
function mintedFingerprint(uri: string, m: MintedReport, occurrence: number): string {
  return createHash('sha256').update(`${uri}\0${MADE_WHEN_SENT}\0${m.method} ${m.url}\0${m.expression}\0${occurrence}`).digest('hex');
}

export function toSarif(reports: FileReport[], locale: Locale): Log {
  const rules = [...FINDING_CODES.map((c) => rule(c, locale)), madeWhenSentRule(locale)];
  const results: Result[] = [];
  const notifications: Notification[] = [];
  for (const r of reports) {
    if ('error' in r) {
      notifications.push({ level: 'error', message: { text: `${r.path}: ${r.error}` } });
      continue;
    }
    const uri = artifactUri(r.path);
    const seen = new Map<string, number>();
    for (const t of r.tokens) {
      for (const f of t.findings) {
        const key = `${f.code}\0${canonical(t.header)}`;
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        results.push({
          ruleId: f.code,
          ruleIndex: FINDING_CODES.indexOf(f.code as FindingCode),
          level: LEVEL[f.severity],
          message: { text: `${f.message} ${f.remedy}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: { startLine: t.start.line + 1, startColumn: t.start.character + 1, endLine: t.end.line + 1, endColumn: t.end.character + 1 },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(uri, f.code, t, n) },
        });
      }
    }
    const seenMinted = new Map<string, number>();
    for (const m of r.minted ?? []) {
      const key = `${m.method} ${m.url}\0${m.expression}`;
      const n = seenMinted.get(key) ?? 0;
      seenMinted.set(key, n + 1);
      results.push({
        ruleId: MADE_WHEN_SENT,
        ruleIndex: rules.length - 1,
        kind: 'open',
        level: 'none',
        message: { text: MADE_WHEN_SENT_TEXT.message[locale](m) },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: m.line + 1 } } }],
        partialFingerprints: { [FINGERPRINT_KEY]: mintedFingerprint(uri, m, n) },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'jwt-mfa', version, semanticVersion: version, informationUri: REPOSITORY, rules } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(reports: FileReport[], locale: Locale): string {
  return JSON.stringify(toSarif(reports, locale));
}
