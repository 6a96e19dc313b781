// ESLint keeps the layers (README, "Design"): core is pure (no vscode, no Node, no face), the webview
// runs in a browser frame, and nothing imports back up into a face. `npm run lint` runs before every
// build and in `npm test`; test/unit/layers.test.ts proves a forbidden import fails it.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

/** `no-restricted-imports` options: no vscode, no Node module, and none of the named sibling layers. */
function forbid({ vscode = true, node = true, layers = [] }, why) {
  const paths = [];
  const patterns = [];
  if (vscode) paths.push({ name: 'vscode', message: `${why}: no vscode API here.` });
  if (node) {
    paths.push(...NODE_BUILTINS.map((name) => ({ name, message: `${why}: no Node module here.` })));
    patterns.push({ group: ['node:*'], message: `${why}: no Node module here.` });
  }
  if (layers.length) patterns.push({ group: layers.map((l) => `**/${l}/*`), message: `${why}: imports go down the layers, never up or across.` });
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Control characters in a pattern are deliberate only where untrusted text is made visible.
      'no-control-regex': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Ambient declarations of globals are `declare var` by definition.
  { files: ['**/*.d.ts'], rules: { 'no-var': 'off' } },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': forbid({ layers: ['extension', 'node', 'cli', 'webview'] }, 'src/core is pure') },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': forbid({ layers: ['extension', 'node', 'cli'] }, 'src/webview runs in a browser frame') },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': forbid({ node: false, layers: ['extension', 'cli', 'webview'] }, 'src/node is shared by the CLI and the extension') },
  },
  // One way to wire a feature (README, "Design"): extension.ts owns the one DisposableStore; features
  // register into it through src/extension/lifecycle.ts, never into context.subscriptions themselves.
  {
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/extension.ts', 'src/extension/lifecycle.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='subscriptions']", message: 'Register into the DisposableStore extension.ts passes in (src/extension/lifecycle.ts), not context.subscriptions.' },
        { selector: "Property[key.name='dispose']", message: 'No ad-hoc { dispose } object: use toDisposable, DisposableStore or MutableDisposable (src/extension/lifecycle.ts).' },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': forbid({ node: false, layers: ['extension', 'webview'] }, 'src/cli runs without VS Code') },
  },
);
