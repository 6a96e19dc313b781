// Turns what a person pastes (a header line, "Bearer …", quotes, wrapped lines) into a bare token.
// The inspector's paste box and `jwt-mfa decode` both read pasted tokens through here.
import { scan } from './scan';

const MAX_PASTE = 8 * 1024 * 1024;

/** Pasted text without `Authorization:`, `Bearer `, surrounding quotes or trailing `,`/`;`. */
function unwrap(input: string): string {
  const capped = input.length > MAX_PASTE ? input.slice(0, MAX_PASTE) : input;
  const s = capped.trim().replace(/^authorization\s*:\s*/i, '').replace(/^bearer\s+/i, '');
  return s.replace(/^["'`]+|["'`,;]+$/g, '');
}

/** The pasted text unwrapped, with white space inside a wrapped token dropped. */
export function compactPaste(input: string): string {
  return unwrap(input).replace(/\s+/g, '');
}

/** The first token in pasted text, or undefined. Whitespace inside a wrapped token is dropped. */
export function tokenFromPaste(input: string): string | undefined {
  const s = unwrap(input);
  for (const candidate of [s.replace(/\s+/g, ''), s]) {
    const t = scan(candidate)[0];
    if (t) return candidate.slice(t.start, t.end);
  }
  return undefined;
}
