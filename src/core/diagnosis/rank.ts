// Step 3 of a diagnosis: candidates become ranked causes, by the rules in docs/codes.md
// ("How causes are ranked"):
// 1. The server's own words outrank inference: a cause the server states (and the sent token does
//    not contradict) ranks above every cause that is only proven by the token, which ranks above
//    mere hints. A stated cause is `high`.
// 2. When the server states a cause it can only reach after accepting the token (MFA, app-only,
//    scope: Partner Center checks MFA after the token's lifetime and audience), causes of an
//    earlier check that rest on the token alone are "passed": ranked last, `low`.
// 3. Within a group, the higher weight first; ties follow the catalogue order (docs/codes.md).
// 4. `unknown` is added only when no other cause is `medium` or `high`, and never beside a cause
//    that already cites the response's own evidence (status line, WWW-Authenticate, error body).
import { CAUSE_CODES, type CauseCode, type Confidence } from '../catalog/causes';
import type { Cause } from '../diagnose';
import { audiencesOf, strList } from '../classify';
import { ev, jsonQuote, type Facts } from './facts';
import type { Candidate } from './rules';

const ORDER: Record<CauseCode, number> = Object.fromEntries(CAUSE_CODES.map((c, i) => [c, i])) as Record<CauseCode, number>;

/** Checks a server makes before it looks at who the user is and what they may do. */
const ACCEPTANCE: ReadonlySet<CauseCode> = new Set(['expired', 'not-yet-valid', 'audience-mismatch', 'malformed']);
/** Causes a server can only state after it accepted the token. */
const AFTER_ACCEPTANCE: ReadonlySet<CauseCode> = new Set(['mfa-missing', 'app-only', 'insufficient-scope']);

export type Basis = Cause['basis'];

const TIER: Record<Basis, number> = { stated: 3, proven: 2, hinted: 1, passed: 0 };

/** Candidates of one code become one: the highest weight, every piece of evidence, the strongest grounds. */
function merge(cands: readonly Candidate[]): Candidate[] {
  const groups = new Map<CauseCode, Candidate[]>();
  for (const c of cands) groups.set(c.code, [...(groups.get(c.code) ?? []), c]);
  return [...groups.values()].map((g) => {
    const stated = g.filter((c) => c.stated);
    return {
      code: g[0].code,
      weight: Math.max(...g.map((c) => c.weight)),
      proven: g.some((c) => c.proven),
      stated: stated.length > 0,
      contradicted: stated.length > 0 && stated.every((c) => c.contradicted),
      statedBy: (stated.find((c) => !c.contradicted) ?? stated[0])?.statedBy,
      evidence: g.flatMap((c) => c.evidence),
      values: Object.assign({}, ...[...g].reverse().map((c) => c.values ?? {})),
    };
  });
}

function basisOf(c: Candidate): Basis {
  if (c.stated && !c.contradicted) return 'stated';
  if (c.proven) return 'proven';
  return 'hinted';
}

function confidenceOf(basis: Basis, weight: number): Confidence {
  if (basis === 'stated') return 'high';
  if (basis === 'passed') return 'low';
  return weight >= 70 ? 'high' : weight >= 40 ? 'medium' : 'low';
}

export function rank(candidates: readonly Candidate[], f: Facts): Cause[] {
  const merged = merge(candidates);
  const afterAcceptance = merged.find((c) => AFTER_ACCEPTANCE.has(c.code) && basisOf(c) === 'stated');
  const causes: Cause[] = merged.map((c) => {
    let basis = basisOf(c);
    const evidence = c.evidence.filter((x): x is string => !!x).map(ev);
    if (afterAcceptance && ACCEPTANCE.has(c.code) && basis !== 'stated') {
      basis = 'passed';
      const said = afterAcceptance.statedBy ?? f.evidence.status;
      evidence.push(ev(`the server got past this check (it answered: ${said})`));
    }
    const score = Math.min(100, c.weight);
    return { code: c.code, basis, score, confidence: confidenceOf(basis, score), evidence: [...new Set(evidence)], values: c.values ?? {} };
  });

  const serverEvidence = new Set([f.evidence.status, ...f.evidence.www, ...(f.evidence.body ? [f.evidence.body] : [])]);
  const strong = causes.some((c) => c.confidence !== 'low');
  const citesServer = causes.some((c) => c.evidence.some((e) => serverEvidence.has(e)));
  if (!strong && !citesServer) {
    const e = [f.evidence.status, ...f.evidence.www, f.evidence.body, f.token?.decoded.kind === 'jwe' ? 'token: encrypted (JWE), not inspectable' : undefined];
    if (f.claimsOf) {
      const amr = f.claimsOf.amr !== undefined ? strList(f.claimsOf.amr) : undefined;
      e.push(`token: aud ${jsonQuote(audiencesOf(f.claimsOf))}, amr ${amr ? jsonQuote(amr) : '(absent)'}`);
    }
    causes.push({
      code: 'unknown',
      basis: 'hinted',
      score: 20,
      confidence: 'low',
      evidence: e.filter((x): x is string => !!x).map(ev),
      values: { status: `${f.status}${f.statusText ? ' ' + f.statusText : ''}` },
    });
  }
  for (const c of causes) if (c.evidence.length === 0) c.evidence.push(f.evidence.status);
  return causes.sort((a, b) => TIER[b.basis] - TIER[a.basis] || b.score - a.score || ORDER[a.code] - ORDER[b.code]);
}
