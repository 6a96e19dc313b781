// A HAR's request sites (entries' URLs and Authorization values), read off the extension host's main
// thread: parsing a 32 MB HAR takes seconds, and the editor asks again after edits that may change its
// structure (issue 16). The worker is dist/harWorker.js (esbuild.config.mjs); the web build reads in
// place (src/extension/platform/web/harSites.ts).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { harSitesOf, type Site } from '../core/liveAnalysis';

/** Below this size the parse is quicker than starting a worker. */
const IN_PLACE_CHARS = 256 * 1024;

export function readHarSites(text: string): Promise<Site[]> {
  if (text.length <= IN_PLACE_CHARS) return Promise.resolve(harSitesOf(text));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(path.join(__dirname, 'harWorker.js'), { workerData: text });
    } catch {
      resolve([]);
      return;
    }
    worker.once('message', (sites: Site[]) => {
      resolve(sites);
      void worker.terminate();
    });
    // A worker that fails leaves the sites unknown (tokens are still reported), rather than parsing here.
    worker.once('error', () => resolve([]));
  });
}
