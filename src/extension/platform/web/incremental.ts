// Web build of src/core/incremental.ts: the base class as it is, so every edit is a whole analysis in
// steps. The incremental code stays out of the web bundle's 250 KB (issue 19); the web extension host
// is a worker, so its work never holds the page's UI thread (issue 16's keypress-to-paint).
export { LiveAnalysis as DocumentAnalysis } from '../../../core/liveAnalysis';
