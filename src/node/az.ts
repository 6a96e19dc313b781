// Asks the Azure CLI for an access token (`az account get-access-token`), for `jwt-mfa token --az`.
// Partners already sign in there; the token goes back to the caller only, never to a log or a file.
import { execFile } from 'node:child_process';

export type AzResult = { ok: true; token: string; expiresOn?: string } | { ok: false; reason: 'missing' | 'not-signed-in' | 'failed' | 'bad-output'; message: string };

export interface AzOptions {
  resource: string;
  tenant?: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters by definition
const ANSI = /\x1b\[[0-9;]*m/g;

/** The first line of az's error output that says something (without ANSI colours), clipped. */
function firstLine(stderr: string): string {
  const lines = stderr.replace(ANSI, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^WARNING:/i.test(l));
  const l = lines.find((x) => /^ERROR:/i.test(x)) ?? lines[0] ?? '';
  const clean = l.replace(/^ERROR:\s*/i, '');
  return clean.length > 300 ? clean.slice(0, 300) + '…' : clean;
}

export function getAzToken(opts: AzOptions): Promise<AzResult> {
  const args = ['account', 'get-access-token', '--resource', opts.resource, '--output', 'json'];
  if (opts.tenant) args.push('--tenant', opts.tenant);
  // On Windows az is az.cmd, which needs a shell: the arguments were validated by the caller (a URL,
  // a tenant name) and are quoted here.
  const win = process.platform === 'win32';
  const file = win ? 'az.cmd' : 'az';
  return new Promise((resolve) => {
    execFile(
      file,
      win ? args.map((a) => `"${a}"`) : args,
      { env: opts.env as NodeJS.ProcessEnv, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 4 * 1024 * 1024, windowsHide: true, shell: win },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (e && (e.code === 'ENOENT' || (win && /not recognized/i.test(String(stderr))))) {
          resolve({ ok: false, reason: 'missing', message: 'the Azure CLI (az) is not installed or not on PATH' });
          return;
        }
        if (e) {
          const said = firstLine(String(stderr));
          const notSignedIn = /az login|not logged in|no subscription found|please run ['"]?az login/i.test(said) || /az login/i.test(String(stderr));
          resolve({ ok: false, reason: notSignedIn ? 'not-signed-in' : 'failed', message: said || `az exited with ${e.code ?? 'an error'}` });
          return;
        }
        try {
          const j = JSON.parse(String(stdout)) as { accessToken?: unknown; expiresOn?: unknown };
          if (typeof j.accessToken !== 'string' || !j.accessToken) throw new Error('no accessToken');
          resolve({ ok: true, token: j.accessToken.trim(), expiresOn: typeof j.expiresOn === 'string' ? j.expiresOn : undefined });
        } catch {
          resolve({ ok: false, reason: 'bad-output', message: 'az answered something that is not a token (expected JSON with accessToken)' });
        }
      },
    );
  });
}
