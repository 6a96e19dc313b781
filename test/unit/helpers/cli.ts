// Runs the CLI in process, as `jwt-mfa …` would: output captured, the clock frozen at the fixtures' NOW.
import { main, type Io } from '../../../src/cli/main';
import { NOW } from './fixtures';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(args: string[], opts: { cwd: string; stdin?: string; env?: Record<string, string> }): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd,
    env: opts.env ?? {},
    now: () => NOW,
  };
  const code = await main(args, io);
  return { code, out, err };
}
