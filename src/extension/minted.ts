// Tokens made when the request is sent (issue 13 point 8) in the editor: the one CodeLens above such a
// request (.http/.rest) and the hover on its Authorization value (or the variable it goes through;
// also in Markdown's ```http / ```rest fences) say that the token is made when the request is sent and
// cannot be judged from the file. On REST Client's
// `{{$aadToken}}` / `{{$aadV2Token}}` that CodeLens is also "Get it now and inspect" (issue 17): it runs
// `jwtMfa.getTokenWithMfa` for that request.
import * as vscode from 'vscode';
import { canGetNow, findMintedRequests, mintedAtOffset, type MintedRequest, type MintedToken } from '../core/http/minted';
import { isCommandRegistered } from './available';
import { documentName } from './locate';
import { Commands } from './commands';
import { escapeMarkdown } from './render/escape';

/** Request files up to this size are read for such requests. */
const MAX_CHARS = 1024 * 1024;

/** Arguments of `jwtMfa.getTokenWithMfa` from the CodeLens: the request's document and 0-based line. */
export interface MintedArgs {
  uri: string;
  line: number;
}

export function isMintedArgs(a: unknown): a is MintedArgs {
  return !!a && typeof a === 'object' && typeof (a as MintedArgs).uri === 'string' && Number.isInteger((a as MintedArgs).line);
}

export function mintedRequestsOf(doc: vscode.TextDocument): MintedRequest[] {
  const text = doc.getText();
  return text.length > MAX_CHARS ? [] : findMintedRequests(text, documentName(doc));
}

const shown = (m: MintedToken) => (m.expression.length > 60 ? `${m.expression.slice(0, 60)}…` : m.expression);

/** One lens per such request (none where another lens already sums up a token on that line). */
export async function mintedCodeLenses(doc: vscode.TextDocument, list: readonly MintedRequest[], skipLines: ReadonlySet<number>): Promise<vscode.CodeLens[]> {
  if (!list.length) return [];
  const getIt = await isCommandRegistered(Commands.getTokenWithMfa);
  const uri = doc.uri.toString();
  const out: vscode.CodeLens[] = [];
  for (const { request: r, minted: m } of list) {
    if (skipLines.has(r.line) || r.line >= doc.lineCount) continue;
    const range = doc.lineAt(r.line).range;
    if (getIt && canGetNow(m)) {
      const title = vscode.l10n.t('Token made when sent ({0}) · Get it now and inspect', shown(m));
      out.push(new vscode.CodeLens(range, { title, command: Commands.getTokenWithMfa, arguments: [{ uri, line: r.line } satisfies MintedArgs], tooltip: vscode.l10n.t('Sign in through VS Code for this request\'s scope and inspect the new token') }));
    } else {
      out.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Token made when sent ({0}): cannot be judged from the file', shown(m)), command: '' }));
    }
  }
  return out;
}

/** The hover on the Authorization value (or a variable definition) of such a request. */
export async function mintedHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
  const m = mintedAtOffset(mintedRequestsOf(doc), doc.offsetAt(pos));
  if (!m) return undefined;
  const getIt = canGetNow(m.minted) && (await isCommandRegistered(Commands.getTokenWithMfa));
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${vscode.l10n.t('Token made when the request is sent')}**\n\n`);
  md.appendMarkdown(escapeMarkdown(vscode.l10n.t('{0} makes the token when the request is sent, so it cannot be judged from the file.', shown(m.minted))));
  if (m.minted.fromRequest) md.appendMarkdown(' ' + escapeMarkdown(vscode.l10n.t('It comes from the response of the request named "{0}".', m.minted.fromRequest)));
  if (getIt) {
    const args = encodeURIComponent(JSON.stringify([{ uri: doc.uri.toString(), line: m.request.line } satisfies MintedArgs]));
    md.appendMarkdown(`\n\n[${vscode.l10n.t('Get it now and inspect')}](command:${Commands.getTokenWithMfa}?${args})`);
    md.isTrusted = { enabledCommands: [Commands.getTokenWithMfa] };
  }
  md.supportHtml = false;
  md.supportThemeIcons = false;
  const [s, e] = m.minted.ranges.find(([a, b]) => doc.offsetAt(pos) >= a && doc.offsetAt(pos) <= b)!;
  return new vscode.Hover(md, new vscode.Range(doc.positionAt(s), doc.positionAt(e)));
}
