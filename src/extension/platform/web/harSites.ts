// Web build of src/node/harSites.ts: there are no worker threads in the web extension host (itself a
// web worker, off the page's main thread), so the HAR is read in place.
import { harSitesOf, type Site } from '../../../core/liveAnalysis';

export function readHarSites(text: string): Promise<Site[]> {
  return Promise.resolve(harSitesOf(text));
}
