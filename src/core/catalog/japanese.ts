// The Japanese words of the catalogs live in l10n/catalog.ja.json, not in the code: the extension's
// bundles carry only English, and each face loads the Japanese file when its reader's language is
// Japanese (the extension reads it from its install folder, desktop and web alike; the CLI has it built
// in). Until it is loaded, or if it cannot be, a Japanese request reads in English rather than failing.
// Pure: the faces pass the parsed JSON in.
import type { Locale } from '../types';

/**
 * The file's shape: sections of words by key. A word is a string; a text whose sentence depends on
 * the values is a list of pieces, which the catalog's Japanese function picks and fills (`{0}`, `{1}`…).
 */
export type JapaneseCatalog = Readonly<Record<string, Readonly<Record<string, string | readonly string[] | Readonly<Record<string, string | readonly string[]>>>>>>;

let catalog: JapaneseCatalog | undefined;

/** Loads (or, with undefined, unloads) the Japanese words. */
export function useJapanese(c: JapaneseCatalog | undefined): void {
  catalog = c;
}

/** The locale the catalogs will answer in: Japanese only once its words are loaded. */
export function wordsFor(locale: Locale): Locale {
  return locale === 'ja' && catalog ? 'ja' : 'en';
}

/** A section's entry, if the Japanese words are loaded and have it. */
export function japanese<T = string>(section: string, key: string): T | undefined {
  const s = catalog?.[section];
  return s && Object.prototype.hasOwnProperty.call(s, key) ? (s[key] as T) : undefined;
}

/** `{0}`, `{1}`… (or `{name}`) filled from args; a hole without a value stays as it is. */
export function fill(text: string, ...args: Array<string | number | Readonly<Record<string, string | number>>>): string {
  const named = args.length === 1 && typeof args[0] === 'object' ? (args[0] as Readonly<Record<string, string | number>>) : undefined;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = named ? named[k] : args[Number(k)];
    return v === undefined ? m : String(v);
  });
}
