// The web build's `process` (injected by esbuild.config.mjs): a web worker has no environment variables
// and no working directory, so `$processEnv` variables stay unresolved and proxies come from settings.
export const process = {
  env: {} as Record<string, string | undefined>,
  cwd: (): string => '/',
  platform: 'browser',
};
