// Web build of src/node/harSites.ts: there are no worker threads in the web extension host (itself a
// web worker, off the page's main thread), so the HAR is read in place.
import { harSitesOf, type Site, type TextSource } from '../../../core/liveAnalysis';

export function readHarSites(src: TextSource, signal: AbortSignal): Promise<Site[] | undefined> {
  return Promise.resolve(signal.aborted ? undefined : harSitesOf(src.slice(0, src.length)));
}
