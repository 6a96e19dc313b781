// The two commands quick fixes use to change settings: accept an audience, turn a check off.
// Both write workspace settings (user settings when no folder is open) and take effect at once.
import * as vscode from 'vscode';
import { audienceMatches, builtinHost } from '../core/audiences';
import { KEYS, SECTION } from '../core/settings';
import { FINDING_CODES, type FindingCode } from '../core/types';
import type { AddAudienceArgs } from './codeActions';
import { Commands } from './commands';
import { getSettings } from './config';
import type { DisposableStore } from './lifecycle';
import { plainLabel } from './render/escape';

function scopeOf(uri: unknown): vscode.Uri | undefined {
  try {
    return typeof uri === 'string' ? vscode.Uri.parse(uri, true) : uri instanceof vscode.Uri ? uri : undefined;
  } catch {
    return undefined;
  }
}

function target(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** The value a key holds at `target` only (so we extend what is written there, not defaults). */
function valueAt<T>(cfg: vscode.WorkspaceConfiguration, key: string, t: vscode.ConfigurationTarget): T | undefined {
  const i = cfg.inspect<T>(key);
  return t === vscode.ConfigurationTarget.Workspace ? i?.workspaceValue : i?.globalValue;
}

export async function addExpectedAudience(arg?: AddAudienceArgs): Promise<boolean> {
  let audience = typeof arg?.audience === 'string' ? arg.audience.trim() : undefined;
  if (!audience) {
    audience = (await vscode.window.showInputBox({ prompt: vscode.l10n.t('Audience to add to the expected audiences (jwtMfa.expectedAudiences)') }))?.trim();
    if (!audience) return false;
  }
  const scope = scopeOf(arg?.uri);
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const t = target();
  const host = typeof arg?.host === 'string' && arg.host ? arg.host.toLowerCase() : undefined;
  if (host) {
    const byHost = { ...(valueAt<Record<string, string[]>>(cfg, KEYS.audiencesByHost, t) ?? {}) };
    const effective = getSettings(scope).audiencesByHost;
    const current = (Object.hasOwn(effective, host) ? effective[host] : undefined) ?? [...(builtinHost(host)?.audiences ?? [])];
    if (current.some((a) => audienceMatches(audience!, [a], true))) return false;
    byHost[host] = [...current, audience];
    await cfg.update(KEYS.audiencesByHost, byHost, t);
    void vscode.window.showInformationMessage(vscode.l10n.t('Audience "{0}" is now accepted for {1} (jwtMfa.audiencesByHost).', plainLabel(audience), plainLabel(host)));
    return true;
  }
  const current = getSettings(scope).expectedAudiences;
  if (current.some((a) => audienceMatches(audience!, [a], true))) return false;
  await cfg.update(KEYS.expectedAudiences, [...current, audience], t);
  void vscode.window.showInformationMessage(vscode.l10n.t('Audience "{0}" added to the expected audiences (jwtMfa.expectedAudiences).', plainLabel(audience)));
  return true;
}

export async function disableCheck(code?: unknown, uri?: unknown): Promise<boolean> {
  let c = typeof code === 'string' && (FINDING_CODES as readonly string[]).includes(code) ? (code as FindingCode) : undefined;
  if (!c) {
    const picked = await vscode.window.showQuickPick([...FINDING_CODES], { placeHolder: vscode.l10n.t('Check to turn off (jwtMfa.severity)') });
    if (!picked) return false;
    c = picked as FindingCode;
  }
  const cfg = vscode.workspace.getConfiguration(SECTION, scopeOf(uri));
  const t = target();
  const before = valueAt<Record<string, string>>(cfg, KEYS.severity, t);
  const severity = { ...(before ?? {}), [c]: 'off' };
  await cfg.update(KEYS.severity, severity, t);
  // Say what changed and where, and offer to take it back (the notification is not awaited).
  const where = t === vscode.ConfigurationTarget.Workspace ? vscode.l10n.t('the workspace settings (.vscode/settings.json)') : vscode.l10n.t('your user settings');
  const undo = vscode.l10n.t('Undo');
  const off: FindingCode = c;
  void vscode.window
    .showInformationMessage(vscode.l10n.t('The "{0}" check is off: jwtMfa.severity in {1} now says "{0}": "off".', off, where), undo)
    .then(async (answer) => {
      if (answer !== undo) return;
      await undoDisable(off, uri, t, before);
    });
  lastDisabled = { code: off, uri, target: t, before };
  return true;
}

/** What the last "turn this check off" changed, so Undo (and tests) can take it back. */
let lastDisabled: { code: FindingCode; uri: unknown; target: vscode.ConfigurationTarget; before: Record<string, string> | undefined } | undefined;

/** Puts jwtMfa.severity back to what it held before the check was turned off (only that code, if it changed since). */
async function undoDisable(code: FindingCode, uri: unknown, t: vscode.ConfigurationTarget, before: Record<string, string> | undefined): Promise<boolean> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scopeOf(uri));
  const now = { ...(valueAt<Record<string, string>>(cfg, KEYS.severity, t) ?? {}) };
  if (before && code in before) now[code] = before[code];
  else delete now[code];
  await cfg.update(KEYS.severity, Object.keys(now).length ? now : undefined, t);
  lastDisabled = undefined;
  void vscode.window.showInformationMessage(vscode.l10n.t('The "{0}" check is on again.', code));
  return true;
}

/** The Undo of the last "turn this check off" (the notification's button runs the same). */
export async function undoLastDisable(): Promise<boolean> {
  const l = lastDisabled;
  return l ? undoDisable(l.code, l.uri, l.target, l.before) : false;
}

export function registerSettingsCommands(store: DisposableStore): void {
  store.add(vscode.commands.registerCommand(Commands.addExpectedAudience, (arg?: AddAudienceArgs) => addExpectedAudience(arg)));
  store.add(vscode.commands.registerCommand(Commands.disableCheck, (code?: unknown, uri?: unknown) => disableCheck(code, uri)));
}
