// The web build's HAR streaming reader: none. The browser bundle reads HAR files with jsonc-parser's
// tree only (what `readHar` falls back to anyway): the streaming reader's 5 KB would take the bundle
// past its 250 KB cap (test/unit/webBundle.test.ts), and results are the same either way.
import type { Har } from '../../../core/http/har';

export function readHarStreaming(): Har | null {
  return null;
}
