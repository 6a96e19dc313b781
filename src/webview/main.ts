// The inspector webview's script: renders the view models the extension posts. It computes nothing
// about tokens, and builds every node with textContent (never innerHTML) so claim text stays text.
// The countdown says time in core's one formatter ("73 years", "90 minutes"), as the rest of the view does.
import { duration } from '../core/duration';
import { RENDERED_TEXT_MAX } from './protocol';
import type { Card, ClaimRow, CompareModel, DiagnosisView, FromWebview, JsonPiece, Labels, PersistedState, ToWebview, ViewModel } from './protocol';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): PersistedState | undefined;
  setState(s: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
let countdown: ReturnType<typeof setInterval> | undefined;
/** When the model was received, to run the countdown from the extension's `now`. */
let receivedAt = 0;
let lastLabels: Labels | undefined;
/** The token view shown, to put its own "Source:" back when a diagnosis goes. */
let lastModel: ViewModel | undefined;
/** Kept so a re-render of the token keeps the diagnosis above it. */
let diagnosis: DiagnosisView | undefined;

type Attrs = Record<string, string | undefined>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string, attrs?: Attrs): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  return e;
}

function add(parent: Node, ...children: Node[]): void {
  for (const c of children) parent.appendChild(c);
}

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

function announce(text: string): void {
  status.textContent = '';
  // A fresh text node makes screen readers announce repeated messages too.
  setTimeout(() => (status.textContent = text), 30);
}

function fill(template: string, value: string): string {
  return template.split('{0}').join(value);
}

function section(id: string, title: string): HTMLElement {
  const s = el('section', 'section', undefined, { 'aria-labelledby': `${id}-h`, id });
  add(s, el('h2', undefined, title, { id: `${id}-h` }));
  return s;
}

function button(text: string, onClick: () => void, attrs?: Attrs, cls = 'btn'): HTMLButtonElement {
  const b = el('button', cls, text, { type: 'button', ...attrs });
  b.addEventListener('click', onClick);
  return b;
}

function jsonPre(pieces: JsonPiece[], label: string): HTMLElement {
  const pre = el('pre', 'json', undefined, { tabindex: '0', 'aria-label': label });
  for (const p of pieces) add(pre, el('span', `j-${p.t}`, p.s));
  return pre;
}

function clearCountdown(): void {
  if (countdown !== undefined) clearInterval(countdown);
  countdown = undefined;
}

function renderCard(c: Card, model: ViewModel): HTMLElement {
  const card = el('article', `card tone-${c.tone}`, undefined, { role: 'listitem', 'aria-labelledby': `card-${c.id}-t`, 'data-card': c.id, 'data-focus': `card-${c.id}`, tabindex: '-1' });
  add(card, el('h3', 'card-title', c.title, { id: `card-${c.id}-t` }));
  const value = el('p', 'card-value', c.value);
  add(card, value);
  if (c.detail) add(card, el('p', 'card-detail', c.detail));
  if (c.id === 'lifetime' && model.lifetime.exp !== undefined && c.tone !== 'bad') {
    const exp = model.lifetime.exp;
    const nbf = model.lifetime.nbf;
    const tick = () => {
      const now = model.lifetime.now + (Date.now() - receivedAt);
      if (nbf !== undefined && now < nbf) return;
      const left = exp - now;
      value.textContent = left >= 0 ? fill(model.labels.expiresIn, duration(Math.round(left / 1000), model.locale)) : fill(model.labels.expiredLabel, duration(Math.round(left / 1000), model.locale));
      if (left < 0) card.className = 'card tone-bad';
    };
    tick();
    countdown = setInterval(tick, 1000);
  }
  if (c.id === 'signature' && model.canVerify) {
    add(card, button(model.labels.verify, () => post({ type: 'verify' }), { 'aria-describedby': `card-${c.id}-t`, 'data-focus': 'verify' }));
  }
  if (c.tone === 'busy') card.setAttribute('aria-busy', 'true');
  return card;
}

function renderValueCell(r: ClaimRow, labels: Labels): HTMLElement {
  const td = el('td', 'value');
  add(td, el('code', 'val', r.value));
  if (r.time) {
    const t = el('div', 'time');
    add(t, el('span', 'utc', r.time.utc, { title: labels.utc }));
    add(t, el('span', 'local', `${labels.local}: ${r.time.local}`));
    add(t, el('span', 'rel', r.time.relative));
    add(td, t);
  }
  if (r.amr && r.amr.length) {
    const ul = el('ul', 'amr');
    for (const a of r.amr) {
      const li = el('li');
      add(li, el('code', undefined, a.value));
      if (a.explanation) add(li, el('span', 'amr-exp', ` — ${a.explanation}`));
      add(ul, li);
    }
    add(td, ul);
  }
  return td;
}

function claimsTable(rows: ClaimRow[], labels: Labels, caption: string): HTMLElement {
  const table = el('table', 'claims');
  add(table, el('caption', 'sr-only', caption));
  const thead = el('thead');
  const hr = el('tr');
  add(hr, el('th', undefined, labels.claim, { scope: 'col' }), el('th', undefined, labels.value, { scope: 'col' }), el('th', undefined, labels.explanation, { scope: 'col' }));
  add(thead, hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    const th = el('th', 'name', undefined, { scope: 'row' });
    add(th, el('code', undefined, r.name));
    add(tr, th, renderValueCell(r, labels), el('td', 'exp', r.explanation ?? ''));
    add(tbody, tr);
  }
  add(table, thead, tbody);
  return table;
}

function toolbar(model: { labels: Labels; pinned?: boolean; source?: { label: string } }, showPin: boolean): HTMLElement {
  const bar = el('header', 'toolbar');
  const titles = el('div', 'titles');
  add(titles, el('h1', undefined, model.labels.title));
  if (model.source) add(titles, el('p', 'source', `${model.labels.source}: ${model.source.label}`));
  else if (showPin) add(titles, el('p', 'source', model.labels.pasted));
  add(bar, titles);
  const actions = el('div', 'actions');
  if (showPin) {
    const pinned = !!model.pinned;
    add(
      actions,
      button(pinned ? model.labels.unpin : model.labels.pin, () => post({ type: 'togglePin' }), {
        'aria-pressed': pinned ? 'true' : 'false',
        'data-focus': 'pin',
        title: pinned ? model.labels.pinnedHint : model.labels.followingHint,
      }, 'btn secondary'),
    );
  }
  add(actions, button(model.labels.pasteToken, () => post({ type: 'pasteToken' }), { 'data-focus': 'paste' }, 'btn secondary'));
  add(bar, actions);
  return bar;
}

/** Re-rendering replaces the DOM: keep keyboard focus on the same control (or its card). */
function focusKey(): string | undefined {
  const a = document.activeElement as HTMLElement | null;
  return a?.closest<HTMLElement>('[data-focus]')?.dataset.focus;
}

let lastSignature = '';

function restoreFocus(key: string | undefined, model: ViewModel): void {
  const sig = model.cards.find((x) => x.id === 'signature');
  const sigText = sig ? `${sig.value}. ${sig.detail}` : '';
  const sigChanged = sigText !== lastSignature;
  lastSignature = sigText;
  if (!key) return;
  const find = (k: string) => root.querySelector<HTMLElement>(`[data-focus="${k}"]`);
  const target = find(key) ?? (key === 'verify' ? find('card-signature') : undefined);
  target?.focus();
  // Someone who pressed Verify hears the busy state and then the result.
  if ((key === 'verify' || key === 'card-signature') && sigChanged && sigText) announce(sigText);
}

/** Which token is shown: a new one opens at the top (the MFA verdict first), a re-render keeps the place. */
let shownKey: string | undefined;
function tokenKey(model: ViewModel): string {
  const s = model.source;
  return s ? `${s.uri}#${s.start}-${s.end}` : `pasted:${model.segments.parts.map((p) => p.text.slice(-24)).join('.')}`;
}

function render(model: ViewModel): void {
  const focused = focusKey();
  const key = tokenKey(model);
  const isNew = key !== shownKey;
  shownKey = key;
  clearCountdown();
  receivedAt = Date.now();
  const L = model.labels;
  lastLabels = L;
  const frag = document.createDocumentFragment();
  add(frag, toolbar(model, true));
  add(frag, el('p', 'sr-only', model.summary));

  const ver = section('verdicts', L.verdicts);
  const cards = el('div', 'cards', undefined, { role: 'list' });
  for (const c of model.cards) add(cards, renderCard(c, model));
  add(ver, cards);
  add(frag, ver);

  const fs = section('findings', L.findings);
  if (model.findings.length === 0) add(fs, el('p', 'muted', L.noFindings));
  else {
    const ul = el('ul', 'findings');
    for (const f of model.findings) {
      const li = el('li', `finding sev-${f.severity}`);
      const head = el('p', 'finding-head');
      add(head, el('span', 'badge', f.severityLabel), el('strong', undefined, f.title), el('code', 'code', f.code));
      add(li, head, el('p', 'finding-msg', f.message));
      if (f.request) add(li, el('p', 'finding-req', f.request));
      const rem = el('p', 'finding-remedy');
      add(rem, el('strong', undefined, `${L.remedy}: `), document.createTextNode(f.remedy));
      add(li, rem);
      add(ul, li);
    }
    add(fs, ul);
  }
  add(frag, fs);

  const seg = section('segments', L.segments);
  const p = el('p', 'segments', undefined, { tabindex: '0', 'aria-label': L.segments });
  model.segments.parts.forEach((part, i) => {
    if (i > 0) add(p, el('span', 'dot', '.'));
    add(p, el('span', `seg seg-${i}`, part.text, { title: part.label }));
    if (part.hidden > 0) add(p, el('span', 'more', ` [${fill(L.moreChars, String(part.hidden))}] `));
  });
  add(seg, p);
  const legend = el('p', 'legend');
  model.segments.parts.forEach((part, i) => add(legend, el('span', `chip seg-${i}`, part.label)));
  add(seg, legend);
  add(frag, seg);

  if (model.claims.length) {
    const cs = section('claims', L.claims);
    add(cs, claimsTable(model.claims, L, L.claims));
    add(frag, cs);
  }
  if (model.headerRows.length) {
    const hs = section('header-claims', L.header);
    add(hs, claimsTable(model.headerRows, L, L.header));
    add(frag, hs);
  }

  const raw = section('raw', L.rawJson);
  const panes = el('div', 'panes');
  const pane = (title: string, copyLabel: string, part: 'header' | 'payload', pieces: JsonPiece[]) => {
    const d = el('div', 'pane');
    const h = el('div', 'pane-head');
    add(h, el('h3', undefined, title), button(L.copy, () => post({ type: 'copy', part }), { 'aria-label': copyLabel, 'data-focus': `copy-${part}` }, 'btn secondary small'));
    add(d, h, jsonPre(pieces, title));
    return d;
  };
  add(panes, pane(L.header, L.copyHeader, 'header', model.headerJson));
  if (model.payloadJson.length) add(panes, pane(L.payload, L.copyPayload, 'payload', model.payloadJson));
  add(raw, panes);
  add(frag, raw);

  root.replaceChildren(frag);
  document.title = L.title;
  restoreFocus(focused, model);
  if (isNew) window.scrollTo(0, 0);
}

function renderCompare(m: CompareModel): void {
  clearCountdown();
  const L = m.labels;
  const frag = document.createDocumentFragment();
  add(frag, toolbar({ labels: { ...L, title: L.compareTitle } }, false));
  const s = section('compare', L.compareTitle);
  const table = el('table', 'claims compare');
  add(table, el('caption', 'sr-only', L.compareTitle));
  const hr = el('tr');
  add(hr, el('th', undefined, L.claim, { scope: 'col' }), el('th', undefined, m.leftTitle, { scope: 'col' }), el('th', undefined, m.rightTitle, { scope: 'col' }));
  const thead = el('thead');
  add(thead, hr);
  const tbody = el('tbody');
  for (const r of m.rows) {
    const tr = el('tr', r.same ? 'same' : 'diff');
    const th = el('th', 'name', undefined, { scope: 'row', title: r.explanation });
    add(th, el('code', undefined, r.claim), el('span', 'sr-only', ` (${r.same ? L.same : L.different})`));
    if (!r.same) add(th, el('span', 'diff-mark', ' ≠', { 'aria-hidden': 'true' }));
    const a = el('td', 'value');
    add(a, el('code', 'val', r.left));
    const b = el('td', 'value');
    add(b, el('code', 'val', r.right));
    add(tr, th, a, b);
    add(tbody, tr);
  }
  add(table, thead, tbody);
  add(s, table);
  add(frag, s);
  root.replaceChildren(frag);
  // A comparison opens at the top of the table, where the differences are (never mid-page on equal claims).
  shownKey = undefined;
  window.scrollTo(0, 0);
}

/** A labelled line of the diagnosis (`Request: GET …`). */
function fact(label: string, value: string, cls: string): HTMLElement {
  const p = el('p', `diag-fact ${cls}`);
  add(p, el('strong', undefined, `${label}: `), el('code', undefined, value));
  return p;
}

/** The 401 diagnosis section: only present when the replay feature posts one. */
function renderDiagnosis(d: DiagnosisView): void {
  document.getElementById('diagnosis')?.remove();
  const L = d.labels;
  const s = section('diagnosis', d.title);
  s.classList.add('diagnosis', `tone-${d.tone}`);
  // "Source:" names the request that was sent or diagnosed, not where its token first occurs.
  const where = root.querySelector('.toolbar .source');
  if (d.source && where) where.textContent = `${L.source}: ${d.source}`;
  else if (d.source) add(s, fact(L.source, d.source, 'diag-source'));
  if (d.request) add(s, fact(L.request, d.request, 'diag-request'));
  if (d.status) add(s, fact(L.response, d.status, 'diag-status'));
  if (!d.request && !d.status && d.summary) add(s, el('p', 'finding-msg', d.summary));
  if (d.challenges?.length) {
    add(s, el('h3', 'diag-h', L.challenges));
    const ul = el('ul', 'challenges');
    for (const c of d.challenges) {
      const li = el('li');
      add(li, el('code', undefined, c));
      add(ul, li);
    }
    add(s, ul);
  }
  if (d.token) {
    add(s, fact(L.token, d.token.redacted, 'diag-token'));
    if (d.token.verdicts.length) {
      const ul = el('ul', 'verdicts');
      for (const v of d.token.verdicts) {
        const li = el('li', `finding sev-${v.severity}`);
        add(li, el('span', 'badge', v.severityLabel), el('code', 'code', v.code), document.createTextNode(` ${v.message}`));
        add(ul, li);
      }
      add(s, ul);
    }
    if (d.judged) add(s, el('p', 'muted diag-judged', d.judged));
  } else if (d.token === undefined && (d.request || d.status)) add(s, el('p', 'muted diag-token', L.noToken));
  add(s, el('h3', 'diag-h', L.causes));
  if (!d.causes?.length) add(s, el('p', 'muted', L.noCauses));
  const ol = el('ol', 'causes');
  for (const c of d.causes ?? []) {
    const li = el('li', 'finding');
    const head = el('p', 'finding-head');
    add(head, el('strong', undefined, c.summary), el('code', 'code', c.code));
    if (c.confidence) add(head, el('span', 'badge', c.confidence));
    add(li, head);
    if (c.evidence?.length) {
      const ul = el('ul', 'evidence', undefined, { 'aria-label': L.evidence });
      for (const e of c.evidence) add(ul, el('li', undefined, e));
      add(li, ul);
    }
    const rem = el('p', 'finding-remedy');
    add(rem, el('strong', undefined, `${L.remedy}: `), document.createTextNode(c.remedy));
    add(li, rem);
    add(ol, li);
  }
  if (d.causes?.length) add(s, ol);
  if (d.correlation?.length) {
    const head = el('div', 'pane-head');
    add(head, el('h3', 'diag-h', L.correlation), button(L.copyCorrelation, () => post({ type: 'copyCorrelation' }), { 'data-focus': 'copy-correlation' }, 'btn secondary small'));
    add(s, head);
    const ul = el('ul', 'correlation');
    for (const c of d.correlation) {
      const li = el('li');
      add(li, el('code', undefined, `${c.name}: ${c.value}`));
      add(ul, li);
    }
    add(s, ul);
  }
  const bar = root.querySelector('.toolbar');
  if (bar) bar.after(s);
  else root.prepend(s);
}

function renderAsk(labels: Labels, message: string): void {
  clearCountdown();
  const frag = document.createDocumentFragment();
  add(frag, toolbar({ labels }, false));
  const s = section('ask', labels.askToken);
  add(s, el('p', 'muted', message));
  add(s, button(labels.pasteToken, () => post({ type: 'pasteToken' })));
  add(frag, s);
  root.replaceChildren(frag);
}

/** Tells the extension what is on screen (tests read it): text without the token, and any active element. */
function reportRendered(view: 'token' | 'compare' | 'ask' | 'diagnosis'): void {
  const clone = root.cloneNode(true) as HTMLElement;
  clone.querySelector('.segments')?.remove();
  const text = (clone.textContent ?? '').slice(0, RENDERED_TEXT_MAX);
  const active = root.querySelectorAll('img, svg, iframe, object, embed, script, style, link, [onerror], [onload], [onclick]').length;
  post({ type: 'rendered', view, text, active });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'show':
      lastModel = m.model;
      render(m.model);
      if (diagnosis) renderDiagnosis(diagnosis);
      reportRendered('token');
      vscode.setState({ source: m.model.source ? { uri: m.model.source.uri, start: m.model.source.start, end: m.model.source.end } : undefined, pinned: m.model.pinned });
      break;
    case 'showCompare':
      diagnosis = undefined;
      renderCompare(m.model);
      reportRendered('compare');
      vscode.setState({});
      break;
    case 'showDiagnosis':
      diagnosis = m.diagnosis;
      renderDiagnosis(m.diagnosis);
      window.scrollTo(0, 0);
      reportRendered('diagnosis');
      break;
    case 'clearDiagnosis':
      diagnosis = undefined;
      document.getElementById('diagnosis')?.remove();
      if (lastModel?.source) {
        const where = root.querySelector('.toolbar .source');
        if (where) where.textContent = `${lastModel.labels.source}: ${lastModel.source.label}`;
      }
      reportRendered('token');
      break;
    case 'askToken':
      diagnosis = undefined;
      renderAsk(m.labels, m.message);
      reportRendered('ask');
      vscode.setState({});
      break;
    case 'copied':
      announce(lastLabels?.copied ?? '✓');
      break;
  }
});

post({ type: 'ready' });
