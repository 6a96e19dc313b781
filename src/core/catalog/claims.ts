// Short explanations of Entra access-token claims (docs/domain.md §1.2-1.3) and amr values (§1.4),
// in English and Japanese. Pure data: the Japanese is in l10n/catalog.ja.json (sections "header",
// "claims" and "amr", by the same keys; see ./japanese).
import type { Locale } from '../types';
import { japanese, wordsFor } from './japanese';

export const HEADER_PARAMS: Readonly<Record<string, string>> = {
  typ: 'Token type; "JWT" for Entra tokens.',
  alg: 'Signing algorithm, e.g. RS256.',
  kid: 'ID of the signing key; selects the key in the issuer\'s key set.',
  x5t: 'Thumbprint of the signing key; same as kid, v1 tokens only.',
  nonce: 'Present in Microsoft Graph tokens: their signature cannot be verified by third parties, by design.',
  enc: 'Content encryption algorithm (JWE).',
  cty: 'Content type of the payload.',
};

export const CLAIMS: Readonly<Record<string, string>> = {
  aud: 'Audience: the API this token is for. Only that API should accept it.',
  iss: 'Issuer: the security token service that issued the token (v1 sts.windows.net, v2 login.microsoftonline.com/…/v2.0).',
  idp: 'Identity provider that authenticated the user; differs from iss for guests.',
  iat: 'Issued at: when the token was issued.',
  nbf: 'Not before: the token is not valid before this time.',
  exp: 'Expiration: the token is not valid after this time.',
  acr: 'Authentication context class: "0" means the sign-in did not meet ISO/IEC 29115 (v1).',
  amr: 'Authentication methods used at sign-in. Partner Center requires "mfa" here for App+User calls.',
  acrs: 'Conditional Access authentication contexts the user satisfied (e.g. c1).',
  appid: 'Client application ID (v1).',
  azp: 'Client application ID (v2).',
  appidacr: 'How the client authenticated: 0 public client, 1 secret, 2 certificate (v1).',
  azpacr: 'How the client authenticated: 0 public client, 1 secret, 2 certificate (v2).',
  idtyp: 'Token type: "app" for app-only tokens, "user" for App+User tokens (optional claim).',
  scp: 'Delegated scopes granted to the app on behalf of the user; only in user tokens.',
  roles: 'App permissions (app-only tokens) or the user\'s app roles.',
  wids: 'Tenant-wide directory roles of the user (role template IDs).',
  groups: 'Group object IDs of the user.',
  hasgroups: 'The user has too many groups to list in the token.',
  sub: 'Subject: the principal, pairwise per application.',
  oid: 'Object ID of the user or service principal; the same across apps in a tenant.',
  tid: 'Tenant ID the user signed into.',
  upn: 'User principal name; for display only.',
  unique_name: 'Display name of the user (v1); for display only.',
  preferred_username: 'Username hint (v2); for display only.',
  name: 'Display name of the user.',
  given_name: 'Given name of the user.',
  family_name: 'Family name of the user.',
  uti: 'Unique token identifier (like jti).',
  jti: 'Unique token identifier.',
  rh: 'Internal claim; ignore.',
  aio: 'Internal claim; ignore.',
  sid: 'Session ID.',
  auth_time: 'When the user last authenticated.',
  ipaddr: 'IP address the user authenticated from.',
  tenant_region_scope: 'Region of the resource tenant (e.g. NA).',
  xms_cc: 'Client capabilities; "cp1" means the client handles claims challenges (CAE).',
  ver: 'Token format version: "1.0" or "2.0".',
  nonce: 'Nonce from the sign-in request; its presence suggests an ID token.',
  at_hash: 'Access-token hash; found in ID tokens.',
  c_hash: 'Authorization-code hash; found in ID tokens.',
  deviceid: 'Device ID (not in the current claims reference).',
  onprem_sid: 'On-premises security identifier of the user.',
  pwd_exp: 'When the password expires.',
  pwd_url: 'Where the user can change the password.',
  in_corp: 'The client signs in from the corporate network.',
  nickname: 'Nickname of the user.',
  email: 'Email address of the user.',
  ctry: 'Country of the user.',
  tenant_ctry: 'Country of the tenant.',
  login_hint: 'Login hint for single sign-on.',
};

export const AMR_VALUES: Readonly<Record<string, string>> = {
  pwd: 'Password (in Entra also an application\'s client secret).',
  rsa: 'Proof of an RSA key, e.g. Microsoft Authenticator.',
  otp: 'One-time passcode by email or text message.',
  fed: 'A federated authentication assertion (JWT or SAML) was used.',
  wia: 'Windows Integrated Authentication.',
  mfa: 'Multi-factor authentication was used. Partner Center requires this value.',
  ngcmfa: 'Equivalent to mfa (e.g. Windows Hello for Business); Partner Center documents only "mfa".',
  wiaormfa: 'Windows or an MFA credential was used; Partner Center documents only "mfa".',
  none: 'No completed authentication.',
  face: 'Facial recognition.',
  fpt: 'Fingerprint.',
  geo: 'Geolocation.',
  hwk: 'Proof of possession of a hardware-secured key.',
  iris: 'Iris scan.',
  kba: 'Knowledge-based authentication.',
  mca: 'Multiple-channel authentication.',
  pin: 'PIN or pattern.',
  rba: 'Risk-based authentication.',
  retina: 'Retina scan.',
  sc: 'Smart card.',
  sms: 'Confirmation by SMS.',
  swk: 'Proof of possession of a software-secured key.',
  tel: 'Confirmation by telephone call.',
  user: 'User-presence test.',
  vbm: 'Voiceprint.',
};

function pick(table: Readonly<Record<string, string>>, section: string, key: string, locale: Locale): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, key)) return undefined;
  return (wordsFor(locale) === 'ja' ? japanese(section, key) : undefined) ?? table[key];
}

export function explainClaim(name: string, locale: Locale): string | undefined {
  return pick(CLAIMS, 'claims', name, locale);
}

export function explainHeader(name: string, locale: Locale): string | undefined {
  return pick(HEADER_PARAMS, 'header', name, locale);
}

export function explainAmr(value: string, locale: Locale): string | undefined {
  return pick(AMR_VALUES, 'amr', value, locale);
}
