// JSONC files (settings.json, http-client.env.json) read from disk, for the CLI and the extension.
import { promises as fs } from 'node:fs';
import { parse, type ParseError } from 'jsonc-parser';

/** A JSONC file as a value; undefined when absent or unreadable. */
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
