// Turns what a person pastes (a header line, "Bearer …", quotes, wrapped lines) into a bare token.
import { scan } from '../../core/scan';

/** The first token in pasted text, or undefined. Whitespace inside a wrapped token is dropped. */
export function tokenFromPaste(input: string): string | undefined {
  const capped = input.length > 8 * 1024 * 1024 ? input.slice(0, 8 * 1024 * 1024) : input;
  // Line breaks and spaces inside a wrapped token; quotes and "Bearer" around it.
  let s = capped.trim().replace(/^authorization\s*:\s*/i, '').replace(/^bearer\s+/i, '');
  s = s.replace(/^["'`]+|["'`,;]+$/g, '');
  const compact = s.replace(/\s+/g, '');
  for (const candidate of [compact, s]) {
    const t = scan(candidate)[0];
    if (t) return candidate.slice(t.start, t.end);
  }
  return undefined;
}
