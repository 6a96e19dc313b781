// The loopback stand-in's programmatic API (tests, `npm start`).
export { startStandIn, MFA_REASON, STEP_UP_CLAIMS, type StandIn, type StandInOptions, type Received } from './server';
export { TOKEN_KINDS, TENANT, CLIENT_APP_ID, KID, type TokenKind, type ClaimOverrides } from './tokens';
