// The secrets sweep the real-VS Code runs end with (scripts/e2e/secrets.mjs): it must find a whole token in
// a log, name the file and line with the token redacted, and leave redacted and unsigned forms alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redact } from '../../src/core/redact';
import { mint, userClaims } from './helpers/fixtures';

interface Leak {
  where: string;
  line: number;
  token: string;
}
interface SweepModule {
  sweep(sources: Array<{ name?: string; text?: string; file?: string }>, o?: { signatures?: Set<string> }): Promise<{ leaks: Leak[]; scanned: number }>;
  knownSignatures(texts: string[]): Promise<Set<string>>;
  logFiles(dir: string): string[];
  describeLeaks(leaks: Leak[], base?: string): string;
}
const load = async () => (await import(new URL('../../scripts/e2e/secrets.mjs', import.meta.url).href)) as SweepModule;

describe('secrets sweep', () => {
  const token = mint(userClaims(), undefined, 'c2lnbmF0dXJlLW9mLWEtcmVhbC1sb29raW5nLXRva2Vu');

  it('finds a whole token, names the line, and never prints the token', async () => {
    const { sweep, describeLeaks } = await load();
    const text = `start\nAuthorization: Bearer ${token}\nredacted: ${redact(token)}\nunsigned: ${mint(userClaims(), { alg: 'none' }, '')}\n`;
    const { leaks, scanned } = await sweep([{ name: 'out.log', text }]);
    assert.equal(scanned, 1);
    assert.deepEqual(leaks.map((l) => [l.where, l.line]), [['out.log', 2]]);
    const message = describeLeaks(leaks);
    assert.ok(!message.includes(token.split('.')[2]), 'the signature is not in the message');
    assert.ok(!message.includes(token.split('.')[1]), 'the payload is not in the message');
    assert.match(message, /out\.log:2: eyJ.*…\[redacted\]/);
  });

  it('sweeps the user settings and the test sign-in provider\'s record too, not the workspace copy', async () => {
    const { logFiles, sweep } = await load();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-sweep-'));
    try {
      fs.mkdirSync(path.join(dir, 'User', 'globalStorage', 'jwt-mfa-tests.jwt-mfa-stand-in-auth'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'ws'));
      fs.writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify({ 'x.token': token }));
      fs.writeFileSync(path.join(dir, 'User', 'globalStorage', 'jwt-mfa-tests.jwt-mfa-stand-in-auth', 'asked.json'), '[]');
      fs.writeFileSync(path.join(dir, 'ws', 'settings.json'), '{}');
      const files = logFiles(dir).map((f) => path.relative(dir, f)).sort();
      assert.deepEqual(files, [path.join('User', 'globalStorage', 'jwt-mfa-tests.jwt-mfa-stand-in-auth', 'asked.json'), path.join('User', 'settings.json')]);
      const { leaks } = await sweep(files.map((f) => ({ file: path.join(dir, f) })));
      assert.equal(leaks.length, 1, 'a token in the user settings is a leak');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a known token\'s signature on its own, and a five-part JWE', async () => {
    const { sweep, knownSignatures } = await load();
    const signatures = await knownSignatures([`x ${token} y`]);
    assert.equal(signatures.size, 1);
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ';
    const { leaks } = await sweep([{ name: 'a.txt', text: `sig ${token.split('.')[2]}\njwe ${jwe}\n` }], { signatures });
    assert.deepEqual(leaks.map((l) => l.line).sort(), [1, 2]);
    assert.ok(leaks.every((l) => !l.token.includes(token.split('.')[2]) && !l.token.includes(jwe.split('.')[4])));
  });

  it('reads the log files of a run folder (output channels, *.log), not the browser profile or the workspace', async () => {
    const { logFiles, sweep } = await load();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    try {
      const w = (p: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
        fs.writeFileSync(path.join(root, p), text);
      };
      w('ud/logs/1/exthost1/output_logging_1/1-JWT MFA Inspector.log', `line\n${token}\n`);
      w('ud/logs/1/remoteagent.log', 'ok\n');
      w('ws/tokens.log', token);
      w('chrome/Default/x.log', token);
      const files = logFiles(root).map((f) => path.relative(root, f)).sort();
      assert.deepEqual(files, ['ud/logs/1/exthost1/output_logging_1/1-JWT MFA Inspector.log', 'ud/logs/1/remoteagent.log']);
      const { leaks } = await sweep(logFiles(root).map((file) => ({ file })));
      assert.equal(leaks.length, 1);
      assert.equal(leaks[0].line, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
