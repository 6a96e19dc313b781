// The CLI reads the extension's settings from ./.vscode/settings.json (JSONC) so editor and CLI agree.
import * as path from 'node:path';
import { readJsonc } from '../node/jsonc';
export { readJsonc };
import { settingsFromJson, type Settings } from '../core/settings';

/** The raw `.vscode/settings.json` of a folder (it also holds REST Client's environments). */
export function readWorkspaceSettingsJson(cwd: string): Promise<unknown> {
  return readJsonc(path.join(cwd, '.vscode', 'settings.json'));
}

/**
 * Settings from a repository's `.vscode/settings.json`, minus everything that widens trust: a
 * repository never names the origins a token may go to, the issuers to trust, or the key sets to
 * verify with (those come from the command line only: --allow, --jwks).
 */
export function repositorySettings(json: unknown): Settings {
  return { ...settingsFromJson(json), replayApprovedHosts: [], verifyTrustedIssuers: [], verifyJwks: [], verifyIssuerJwks: [] };
}

export async function loadWorkspaceSettings(cwd: string): Promise<Settings> {
  return repositorySettings(await readWorkspaceSettingsJson(cwd));
}
