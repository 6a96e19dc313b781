// The CLI reads the extension's settings from ./.vscode/settings.json (JSONC) so editor and CLI agree.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { DEFAULT_SETTINGS, settingsFromJson, type Settings } from '../core/settings';

export async function loadWorkspaceSettings(cwd: string): Promise<Settings> {
  let text: string;
  try {
    text = await fs.readFile(path.join(cwd, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return settingsFromJson({});
  }
  const errors: ParseError[] = [];
  const json = parse(text, errors, { allowTrailingComma: true });
  if (!json || typeof json !== 'object') return { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
  return settingsFromJson(json);
}
