// Loaded before every unit test (.mocharc.json `require`): the catalogs' Japanese words, from the file
// the extension reads at run time and the CLI builds in, as the faces load it when the reader's language
// is Japanese. catalog.test.ts checks what happens without it.
import { useJapanese } from '../../../src/core/catalog/japanese';
import japaneseWords from '../../../l10n/catalog.ja.json';

useJapanese(japaneseWords);
