// The `dotenv` package's `parse` (its default, non-`fast` parser; the same in dotenv 16, 17 and
// 18.0.10, lib/main.js `parse`), kept verbatim as the oracle the .env reader's values are compared
// with: the package itself is not a dependency (its module pulls in node:fs, and the reader has to
// keep positions, which dotenv does not give).
// Copyright (c) 2015, Scott Motte. BSD-2-Clause (https://github.com/motdotla/dotenv/blob/master/LICENSE).
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

export function dotenvParse(src: string): Record<string, string> {
  const obj: Record<string, string> = {};
  let lines = src.toString();
  lines = lines.replace(/\r\n?/gm, '\n');
  let match: RegExpExecArray | null;
  LINE.lastIndex = 0;
  while ((match = LINE.exec(lines)) != null) {
    const key = match[1];
    let value = match[2] || '';
    value = value.trim();
    const maybeQuote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    if (maybeQuote === '"') {
      value = value.replace(/\\n/g, '\n');
      value = value.replace(/\\r/g, '\r');
    }
    obj[key] = value;
  }
  return obj;
}
