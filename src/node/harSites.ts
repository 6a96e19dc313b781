// A HAR's request sites (entries' URLs and Authorization values), read off the extension host's main
// thread: parsing a 32 MB HAR takes seconds, and the editor asks again after each edit that may change
// its structure (issue 16). The worker is dist/harWorker.js (esbuild.config.mjs); the web build reads in
// place (src/extension/platform/web/harSites.ts).
//
// The text goes to the worker in slices of about a megabyte read from the document model, with a yield
// to the host between slices: the host never joins the whole text (`getText()` of a 30 MB document is a
// long task of its own), and never parses it.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Site, TextSource } from '../core/liveAnalysis';

/** Characters per slice sent to the worker. */
export const SLICE_CHARS = 1 << 20;

/** The worker's messages: the text's slices in order, then `end`. */
export type HarWorkerMessage = { slice: string } | { end: true };

/**
 * The sites of the document `src` describes, read in a worker thread. Undefined when `signal` aborts
 * first (the worker is stopped) or when no worker could run (the sites stay unknown: tokens are still
 * reported, without their requests, rather than parsing here).
 */
export async function readHarSites(src: TextSource, signal: AbortSignal): Promise<Site[] | undefined> {
  if (signal.aborted) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(path.join(__dirname, 'harWorker.js'));
  } catch {
    return undefined;
  }
  const done = new Promise<Site[] | undefined>((resolve) => {
    const stop = () => {
      resolve(undefined);
      void worker.terminate();
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.once('message', (sites: Site[]) => {
      signal.removeEventListener('abort', stop);
      resolve(sites);
      void worker.terminate();
    });
    worker.once('error', () => {
      signal.removeEventListener('abort', stop);
      resolve(undefined);
    });
  });
  // The length is read once: an edit mid-way aborts this read (the caller's signal).
  const length = src.length;
  for (let p = 0; p < length && !signal.aborted; ) {
    const q = Math.min(length, p + SLICE_CHARS);
    worker.postMessage({ slice: src.slice(p, q) } satisfies HarWorkerMessage);
    p = q;
    // Lets the host run what is waiting (typing, other extensions) between slices.
    if (p < length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!signal.aborted) worker.postMessage({ end: true } satisfies HarWorkerMessage);
  return done;
}
