// The inspector webview's HTML shell. No vscode import: the headless screenshot script uses it too.
// Scripts run only with the per-load nonce; styles come only from the webview's own origin.

export interface HtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh base64 nonce from a CSPRNG, per load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** BCP 47 tag of the UI language. */
  lang: string;
  title: string;
}

const ATTR_SAFE = /^[A-Za-z0-9+/=._:;\-\s'%]*$/;

function attr(s: string): string {
  // Every value here is ours (URIs from asWebviewUri, the nonce, the language), never token text;
  // escape anyway so a surprising character cannot break out of the attribute.
  return ATTR_SAFE.test(s) ? s : s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes text for HTML content (or any attribute value). */
export function text(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource}`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

/** The page shell every webview of ours uses: the CSP above, our stylesheet, a title, then `body` (HTML). */
export function webviewPage(p: { lang: string; cspSource: string; nonce: string; styleUri: string; title: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${attr(p.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${text(p.title)}</title>
</head>
<body>
${p.body}
</body>
</html>`;
}

export function inspectorHtml(i: HtmlInput): string {
  return webviewPage({
    ...i,
    body: `<main id="root" aria-live="off"></main>
<div id="status" class="sr-only" role="status" aria-live="polite"></div>
<script nonce="${attr(i.nonce)}" src="${attr(i.scriptUri)}"></script>`,
  });
}
