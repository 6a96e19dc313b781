// Builds the four bundles: the extension for Node (`main`) and for a web worker (`browser`: vscode.dev,
// github.dev, Codespaces in a browser), both CJS with vscode external and jose bundled in; the CLI; and
// the inspector webview's script. `--watch` rebuilds on change; `--production` minifies without sourcemaps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  // The catalogs are half Japanese: written as UTF-8 (3 bytes a character) rather than \uXXXX escapes
  // (6), which keeps about 20 KB out of each bundle. Node, web workers and the webview read UTF-8.
  charset: 'utf8',
  // jsonc-parser's UMD entry requires files dynamically; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
};

const root = path.dirname(fileURLToPath(import.meta.url));
// The code calls only jsonc-parser's parse and parseTree: taken from the module that defines them, its
// main module's wrappers, enums and formatter (2 KB minified) stay out of every bundle.
common.alias = { 'jsonc-parser': path.join(root, 'node_modules/jsonc-parser/lib/esm/impl/parser.js') };
const web = (f) => path.join(root, 'src/extension/platform/web', f);

/**
 * The web build's platform seam, chosen here at build time (no runtime checks in src): the one Node
 * module that talks to the network is replaced whole by its fetch twin, and the few Node built-ins the
 * shared code touches by web versions (files through vscode.workspace.fs, Web Crypto, the POSIX path functions used).
 * Any other Node built-in fails the build (platform: browser), and test/unit/webBundle.test.ts checks
 * the bundle's metafile.
 */
export const webSubstitutes = {
  modules: {
    [path.join(root, 'src/node/send.ts')]: web('send.ts'),
    [path.join(root, 'src/node/harSites.ts')]: web('harSites.ts'),
    [path.join(root, 'src/core/incremental.ts')]: web('incremental.ts'),
    // .http environments are read from `file` folders only, which a web worker's editor does not have.
    [path.join(root, 'src/extension/environments.ts')]: web('environments.ts'),
    // HAR is read with jsonc-parser's tree only (same results; the streaming reader is Node-side speed).
    [path.join(root, 'src/core/http/harStream.ts')]: web('harStream.ts'),
  },
  builtins: {
    'node:fs': web('fs.ts'),
    'node:fs/promises': web('fs.ts'),
    'node:crypto': web('crypto.ts'),
    'node:path': web('path.ts'),
  },
};

const webPlatform = {
  name: 'web-platform',
  setup(build) {
    build.onResolve({ filter: /^node:(fs|fs\/promises|crypto|path)$/ }, (args) => ({ path: webSubstitutes.builtins[args.path] }));
    build.onResolve({ filter: /\/node\/(send|harSites)$|\/environments$|\/core\/incremental$|\/harStream$/ }, (args) => {
      const target = webSubstitutes.modules[path.resolve(args.resolveDir, `${args.path}.ts`)];
      return target ? { path: target } : undefined;
    });
  },
};

/** The `browser` entry's options (also used by the unit test that inspects its metafile). */
export const webExtensionBuild = {
  ...common,
  entryPoints: ['src/extension/extension.ts'],
  outfile: 'dist/web/extension.js',
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  inject: [web('process.ts'), web('fetch.ts')],
  plugins: [webPlatform],
  metafile: true,
};

/**
 * Modules the desktop extension loads on first use, each bundled into its own file next to
 * dist/extension.js: the source imports them with `import()`, which this build leaves to a run-time
 * `require` of that file. Signature verification (jose's verifier and key sets): most sessions never
 * press Verify, and it would be a tenth of the bundle every activation reads. (The web build has one
 * file: there, the same `import()` stays inside the bundle.)
 */
export const lazyModules = {
  [path.join(root, 'src/node/keys.ts')]: 'keys.js',
};

const lazyLoaded = {
  name: 'lazy-loaded',
  setup(build) {
    build.onResolve({ filter: /\/node\/keys$/ }, (args) => {
      const out = args.kind === 'dynamic-import' ? lazyModules[path.resolve(args.resolveDir, `${args.path}.ts`)] : undefined;
      return out ? { path: `./${out}`, external: true } : undefined;
    });
  },
};

/** The `main` entry's options (also used by the unit test that holds its size). */
export const nodeExtensionBuild = {
  ...common,
  entryPoints: ['src/extension/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // `import()` of a lazy module becomes `require('./keys.js')` (the extension host loads CommonJS).
  supported: { 'dynamic-import': false },
  plugins: [lazyLoaded],
  metafile: true,
};

/** The lazy modules' files (see lazyModules), each a CommonJS module of its own. */
export const lazyModuleBuilds = Object.entries(lazyModules).map(([entry, out]) => ({
  ...common,
  entryPoints: [entry],
  outfile: `dist/${out}`,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
}));

const builds = [
  nodeExtensionBuild,
  webExtensionBuild,
  ...lazyModuleBuilds,
  {
    // The worker thread that reads a HAR's request sites off the extension host's main thread.
    ...common,
    entryPoints: ['src/node/harWorker.ts'],
    outfile: 'dist/harWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// Imported by a test (for webExtensionBuild): build only when run as the script.
const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (!isMain) {
  // nothing: imported
} else if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const [i, out] of [[0, 'dist/extension.js'], [1, 'dist/web/extension.js']]) {
    const o = results[i].metafile?.outputs[out];
    if (o) console.log(`[esbuild] ${out} ${(o.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
}
