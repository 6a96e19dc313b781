// The inspector's UI words in English, through a translate function: the extension passes
// vscode.l10n.t (Japanese in l10n/bundle.l10n.ja.json); scripts and tests pass English through.
import type { Labels } from '../../webview/protocol';

export type Translate = (message: string, ...args: string[]) => string;

/** English, with `{0}` left in place for the webview to fill. */
export const english: Translate = (message) => message;

export function makeLabels(t: Translate): Labels {
  return {
    title: t('JWT Inspector'),
    segments: t('Token segments'),
    verdicts: t('Verdicts'),
    findings: t('Findings'),
    noFindings: t('No findings.'),
    remedy: t('Remedy'),
    claims: t('Claims'),
    claim: t('Claim'),
    value: t('Value'),
    explanation: t('Explanation'),
    header: t('Header'),
    payload: t('Payload'),
    signature: t('Signature'),
    encryptedKey: t('Encrypted key'),
    ciphertext: t('Ciphertext'),
    tag: t('Authentication tag'),
    rawJson: t('Raw JSON'),
    copy: t('Copy'),
    copied: t('Copied to the clipboard.'),
    copyHeader: t('Copy header JSON'),
    copyPayload: t('Copy payload JSON'),
    verify: t('Verify signature'),
    verifying: t('Verifying…'),
    pin: t('Pin this token'),
    unpin: t('Unpin (follow the cursor)'),
    pinnedHint: t('Pinned: the panel keeps this token.'),
    followingHint: t('Following the token under the cursor.'),
    pasteToken: t('Paste a token…'),
    moreChars: t('{0} more characters not shown', '{0}'),
    utc: t('UTC'),
    local: t('Local'),
    inFuture: t('in {0}', '{0}'),
    inPast: t('{0} ago', '{0}'),
    expiredLabel: t('Expired {0} ago', '{0}'),
    expiresIn: t('Valid, expires in {0}', '{0}'),
    source: t('Source'),
    pasted: t('Pasted token (not saved; reopen to paste again)'),
    askToken: t('Paste a token to inspect it.'),
    compareTitle: t('Compare tokens'),
    left: t('First token'),
    right: t('Second token'),
    same: t('same'),
    different: t('different'),
    diagnosis: t('401 diagnosis'),
    units: [t('d'), t('h'), t('min'), t('s')],
  };
}
