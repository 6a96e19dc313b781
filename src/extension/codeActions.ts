// Quick fixes on our diagnostics: inspect the token, replay its request, accept its audience, or turn
// the check off. Thin: what the finding says comes from the diagnostics owner's analysis.
import * as vscode from 'vscode';
import { audiencesOf } from '../core/classify';
import { FINDING_CODES, type FindingCode } from '../core/types';
import { isCommandRegistered } from './available';
import { Commands } from './commands';
import { DIAGNOSTIC_SOURCE, type DiagnosticsOwner } from './diagnostics';
import { environmentQuickFixes } from './environments';
import { Disposable } from './lifecycle';
import { isRequestFile } from './locate';
import { plainLabel } from './render/escape';
import { ALL_DOCUMENTS } from './hover';

/** Most audiences of one token offered as "add" actions. */
const MAX_AUDIENCE_ACTIONS = 3;

export function codeOf(d: vscode.Diagnostic): FindingCode | undefined {
  const v = typeof d.code === 'object' ? d.code.value : d.code;
  return (FINDING_CODES as readonly unknown[]).includes(v) ? (v as FindingCode) : undefined;
}

/** Arguments of `jwtMfa.addExpectedAudience`. */
export interface AddAudienceArgs {
  audience: string;
  /** When the token is judged for a known host, the audience is accepted for that host. */
  host?: string;
  uri?: string;
}

export class CodeActionsOwner extends Disposable implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DiagnosticsOwner) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider(ALL_DOCUMENTS, this, { providedCodeActionKinds: CodeActionsOwner.kinds }));
  }

  /** Stops, answering nothing, as soon as `cancel` fires (checked on entry and after each await). */
  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, cancel?: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (cancel?.isCancellationRequested) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d));
    if (ours.length === 0) return [];
    const [inspector, replay] = await Promise.all([isCommandRegistered(Commands.openInspector), isCommandRegistered(Commands.replayRequest)]);
    if (cancel?.isCancellationRequested) return [];
    const analysis = this.diagnostics.currentTokensOf(doc) ?? [];
    const envTokens = this.diagnostics.environmentTokensOf(doc);
    const uri = doc.uri.toString();
    const out: vscode.CodeAction[] = [];
    const byRange = new Map<string, vscode.Diagnostic[]>();
    for (const d of ours) {
      const k = `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
      byRange.set(k, [...(byRange.get(k) ?? []), d]);
    }
    for (const diags of byRange.values()) {
      const range = diags[0].range;
      const start = doc.offsetAt(range.start);
      const end = doc.offsetAt(range.end);
      const target = { uri, start, end };
      const token = analysis.find((t) => t.start === start && t.end === end);
      // Diagnostics on a request that takes its token from an environment (13.7): the fixes act on the
      // value where it is defined, and replay in its environment.
      const { actions: envActions, envOf } = environmentQuickFixes(doc, diags, envTokens, { inspector, replay });
      out.push(...envActions);
      if (inspector && !envActions.length) {
        const a = new vscode.CodeAction(vscode.l10n.t('Inspect token'), vscode.CodeActionKind.QuickFix);
        a.command = { command: Commands.openInspector, title: a.title, arguments: [target] };
        // What a user most likely wants first, and safe to apply as the preferred fix: it sends nothing.
        a.isPreferred = true;
        a.diagnostics = diags;
        out.push(a);
      }
      // A token defined once (`@token = …`) may be sent by several requests: one replay for each
      // request these diagnostics point at (all of the token's requests when none points anywhere).
      const pointed = new Set(diags.flatMap((d) => d.relatedInformation?.map((r) => r.location.range.start.line) ?? []));
      const requests = (token?.requests ?? []).filter((r, i, all) => (pointed.size === 0 || pointed.has(r.line)) && all.findIndex((x) => x.line === r.line) === i);
      if (replay && isRequestFile(doc)) {
        for (const request of requests) {
          const title = requests.length > 1 ? vscode.l10n.t('Replay the request on line {0} & diagnose', String(request.line + 1)) : vscode.l10n.t('Replay request & diagnose');
          const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          a.command = { command: Commands.replayRequest, title, arguments: [{ ...target, line: request.line }] };
          a.diagnostics = diags.filter((d) => !d.relatedInformation?.length || d.relatedInformation.some((r) => r.location.range.start.line === request.line));
          out.push(a);
        }
      }
      const offered = new Set<string>();
      for (const d of diags) {
        const code = codeOf(d)!;
        if (code === 'audience-mismatch') {
          const env = envOf(d);
          const decoded = env?.decoded ?? token?.decoded ?? this.diagnostics.cache.get(doc.getText(range));
          const relLine = d.relatedInformation?.[0]?.location.range.start.line;
          const finding = env
            ? env.findings.find((f) => f.code === code)
            : token?.findings.find((f) => f.code === code && (relLine === undefined ? !f.request : f.request?.line === relLine));
          const host = typeof finding?.values.host === 'string' ? finding.values.host : undefined;
          for (const aud of decoded.claims ? audiencesOf(decoded.claims).slice(0, MAX_AUDIENCE_ACTIONS) : []) {
            if (offered.has(`${aud}|${host}`)) continue;
            offered.add(`${aud}|${host}`);
            const title = host
              ? vscode.l10n.t('Accept audience "{0}" for {1}', plainLabel(aud), plainLabel(host))
              : vscode.l10n.t('Add audience "{0}" to the expected audiences', plainLabel(aud));
            const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
            const args: AddAudienceArgs = { audience: aud, host, uri };
            a.command = { command: Commands.addExpectedAudience, title, arguments: [args] };
            a.diagnostics = [d];
            out.push(a);
          }
        }
        if (offered.has(code)) continue;
        offered.add(code);
        const off = new vscode.CodeAction(vscode.l10n.t('Turn the "{0}" check off', code), vscode.CodeActionKind.QuickFix);
        off.command = { command: Commands.disableCheck, title: off.title, arguments: [code, uri] };
        off.diagnostics = [d];
        out.push(off);
      }
    }
    return out;
  }
}
