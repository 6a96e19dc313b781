// Every command id in one place (package.json contributes the same ids under category "JWT").
export const Commands = {
  openInspector: 'jwtMfa.openInspector',
  /** The editor context menu's "Inspect Token" (shown on a token): the inspector on the token at the cursor. */
  inspectToken: 'jwtMfa.inspectToken',
  scanWorkspace: 'jwtMfa.scanWorkspace',
  copyDecoded: 'jwtMfa.copyDecodedJson',
  copyRedacted: 'jwtMfa.copyTokenRedacted',
  compareTokens: 'jwtMfa.compareTokens',
  replayRequest: 'jwtMfa.replayRequest',
  diagnoseResponse: 'jwtMfa.diagnoseResponse',
  forgetApprovedHosts: 'jwtMfa.forgetApprovedHosts',
  addExpectedAudience: 'jwtMfa.addExpectedAudience',
  disableCheck: 'jwtMfa.disableCheck',
  getTokenWithMfa: 'jwtMfa.getTokenWithMfa',
  replayWithNewToken: 'jwtMfa.replayWithNewToken',
  copyNewTokenAsHeader: 'jwtMfa.copyNewTokenAsHeader',
  walkthroughOpenSample: 'jwtMfa.walkthrough.openSample',
  walkthroughInspectSample: 'jwtMfa.walkthrough.inspectSample',
} as const;
