// Worker thread entry (dist/harWorker.js): reads a HAR's request sites for src/node/harSites.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { harSitesOf } from '../core/liveAnalysis';

parentPort?.postMessage(harSitesOf(workerData as string));
