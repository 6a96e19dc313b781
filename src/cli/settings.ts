// The CLI reads the extension's settings from ./.vscode/settings.json (JSONC) so editor and CLI agree.
import * as path from 'node:path';
import { readJsonc } from '../node/jsonc';
export { readJsonc };
import { settingsFromJson, type Settings } from '../core/settings';

/** The raw `.vscode/settings.json` of a folder (it also holds REST Client's environments). */
export function readWorkspaceSettingsJson(cwd: string): Promise<unknown> {
  return readJsonc(path.join(cwd, '.vscode', 'settings.json'));
}

export async function loadWorkspaceSettings(cwd: string): Promise<Settings> {
  return settingsFromJson(await readWorkspaceSettingsJson(cwd));
}
