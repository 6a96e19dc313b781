// The CLI reads the extension's settings from ./.vscode/settings.json (JSONC) so editor and CLI agree.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { settingsFromJson, type Settings } from '../core/settings';

/** A JSONC file (settings.json, http-client.env.json) as a value; undefined when absent or unreadable. */
export async function readJsonc(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const errors: ParseError[] = [];
  return parse(text, errors, { allowTrailingComma: true });
}

/** The raw `.vscode/settings.json` of a folder (it also holds REST Client's environments). */
export function readWorkspaceSettingsJson(cwd: string): Promise<unknown> {
  return readJsonc(path.join(cwd, '.vscode', 'settings.json'));
}

export async function loadWorkspaceSettings(cwd: string): Promise<Settings> {
  return settingsFromJson(await readWorkspaceSettingsJson(cwd));
}
