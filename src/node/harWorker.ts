// Worker thread entry (dist/harWorker.js): reads a HAR's request sites for src/node/harSites.ts. The
// text comes in slices (`HarWorkerMessage`), then `end`; the answer is the sites.
import { parentPort } from 'node:worker_threads';
import { harSitesOf } from '../core/liveAnalysis';
import type { HarWorkerMessage } from './harSites';

const slices: string[] = [];
parentPort?.on('message', (m: HarWorkerMessage) => {
  if ('slice' in m) slices.push(m.slice);
  else parentPort?.postMessage(harSitesOf(slices.join('')));
});
