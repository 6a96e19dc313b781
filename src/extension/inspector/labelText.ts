// The inspector's UI words in English, through a translate function: the extension passes
// vscode.l10n.t (Japanese in l10n/bundle.l10n.ja.json); scripts and tests pass English through.
import type { Labels } from '../../webview/protocol';

import type { L10n } from '../render/l10n';

/** English, with `{0}` left in place for the webview to fill. */
export const english: L10n = { t: (message) => message };

export function makeLabels(l10n: L10n): Labels {
  return {
    title: l10n.t('JWT Inspector'),
    segments: l10n.t('Token segments'),
    verdicts: l10n.t('Verdicts'),
    findings: l10n.t('Findings'),
    noFindings: l10n.t('No findings.'),
    remedy: l10n.t('Remedy'),
    claims: l10n.t('Claims'),
    claim: l10n.t('Claim'),
    value: l10n.t('Value'),
    explanation: l10n.t('Explanation'),
    header: l10n.t('Header'),
    payload: l10n.t('Payload'),
    signature: l10n.t('Signature'),
    encryptedKey: l10n.t('Encrypted key'),
    ciphertext: l10n.t('Ciphertext'),
    tag: l10n.t('Authentication tag'),
    rawJson: l10n.t('Raw JSON'),
    copy: l10n.t('Copy'),
    copied: l10n.t('Copied to the clipboard.'),
    copyHeader: l10n.t('Copy header JSON'),
    copyPayload: l10n.t('Copy payload JSON'),
    verify: l10n.t('Verify signature'),
    verifying: l10n.t('Verifying…'),
    pin: l10n.t('Pin this token'),
    unpin: l10n.t('Unpin (follow the cursor)'),
    pinnedHint: l10n.t('Pinned: the panel keeps this token.'),
    followingHint: l10n.t('Following the token under the cursor.'),
    pasteToken: l10n.t('Paste a token…'),
    moreChars: l10n.t('{0} more characters not shown', '{0}'),
    utc: l10n.t('UTC'),
    local: l10n.t('Local'),
    inFuture: l10n.t('in {0}', '{0}'),
    inPast: l10n.t('{0} ago', '{0}'),
    expiredLabel: l10n.t('Expired {0} ago', '{0}'),
    expiresIn: l10n.t('Valid, expires in {0}', '{0}'),
    source: l10n.t('Source'),
    pasted: l10n.t('Pasted token (not saved; reopen to paste again)'),
    askToken: l10n.t('Paste a token to inspect it.'),
    compareTitle: l10n.t('Compare tokens'),
    left: l10n.t('First token'),
    right: l10n.t('Second token'),
    same: l10n.t('same'),
    different: l10n.t('different'),
  };
}
