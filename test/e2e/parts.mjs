// Page objects, one per workbench part a UI test touches: the workbench itself (palette, quick input,
// theme, screenshots), the editor, the hover, the Problems panel and the inspector (a webview). Each waits
// for conditions, never for time, so specs hold no polling loops of their own.
import fs from 'node:fs';
import path from 'node:path';

/** Polls `probe` until it returns a truthy value; after `timeoutMs`, throws naming `what` (a string, or a function of the moment). */
export async function until(page, probe, what, { timeoutMs = 30_000, everyMs = 200 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e?.message;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${last ? `; last: ${JSON.stringify(String(last).slice(0, 300))}` : ''}`);
    await page.waitForTimeout(everyMs);
  }
}

export class WorkbenchPart {
  constructor(session) {
    this.session = session;
  }

  get page() {
    return this.session.page;
  }

  /**
   * Opens the quick input with `key`, types `text`, waits for a row showing it, and picks it. The
   * quick input is one widget shared by every picker: one that is still closing (a pick just made)
   * can close the one opened now, or take its keystrokes. So the input is checked to hold `text`, and
   * when it does not (or no row shows), the picker is opened again until `timeoutMs`.
   */
  async quickPick(key, text, { timeoutMs = 30_000 } = {}) {
    const { page } = this;
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    const want = key === 'F1' ? `>${text}` : text;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      try {
        await input.waitFor({ timeout: Math.max(1, Math.min(10_000, deadline - Date.now())) });
        // The palette's input starts with ">": type after it rather than replace it.
        if (key === 'F1') await input.pressSequentially(text);
        else await input.fill(text);
        await until(page, async () => (await input.isVisible()) && (await input.inputValue()) === want, `the quick input to hold ${JSON.stringify(want)}`, {
          timeoutMs: Math.max(1, Math.min(5_000, deadline - Date.now())),
        });
        await row.waitFor({ timeout: Math.max(1, Math.min(10_000, deadline - Date.now())) });
        await page.keyboard.press('Enter');
        return;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
        const value = await input.inputValue({ timeout: 1_000 }).catch(() => '(no input)');
        this.session.log(`quick input (${key}) attempt ${attempt} did not show ${JSON.stringify(text)} (input holds ${JSON.stringify(value)}): opening it again`);
      }
    }
  }

  /** F1, type the command's title, Enter. */
  async runCommand(title) {
    await this.quickPick('F1', title);
  }

  /** Closes the primary side bar when it is open (the palette does not list the command when it is closed). */
  async closeSideBar() {
    const bar = this.page.locator('.monaco-workbench .part.sidebar');
    if (!(await bar.isVisible())) return;
    await this.runCommand('View: Close Primary Side Bar');
    await bar.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Switches the color theme ('dark' | 'light'): edits the user settings and reloads the window (the
   * web workbench reads them at load; the theme picker searches Open VSX, unreachable here).
   */
  async setTheme(theme) {
    const file = path.join(this.session.dirs.ud, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    settings['workbench.colorTheme'] = `Default ${this.session.themes[theme]}`;
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    await this.page.reload();
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    await this.waitTheme(theme);
  }

  async waitTheme(theme, timeoutMs = 20_000) {
    const cls = theme === 'dark' ? 'vs-dark' : 'vs';
    await this.page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c) ?? false, cls, { timeout: timeoutMs });
  }

  /** A notification holding `text`, read in the notification center (headless, VS Code does not always pop a toast). */
  async notification(text, { timeoutMs = 45_000 } = {}) {
    const center = this.page.locator('.notifications-center');
    const item = center.locator('.notification-list-item', { hasText: text }).first();
    // The center can close after it was found open (a notification's action button closes it): a
    // notification arriving then shows as a toast only. So look again, reopening the center when shut.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!(await center.isVisible())) await this.showNotifications();
      try {
        await item.waitFor({ timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
        return item;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
      }
    }
  }

  /**
   * Opens the notification center from the palette. (Not its bell in the status bar: the bell's
   * tooltip stays up under the pointer and takes the clicks meant for a notification's buttons.)
   */
  async showNotifications() {
    await this.runCommand('Notifications: Show Notifications');
  }

  /** Saves a README screenshot (`name.jpg`: JPEG, since PNGs would push the .vsix past 1 MB). */
  async screenshot(name) {
    fs.mkdirSync(this.session.shots, { recursive: true });
    const file = path.join(this.session.shots, name);
    await this.page.waitForTimeout(400); // let hovers and panels finish fading in
    await this.page.screenshot({ path: file, type: 'jpeg', quality: 80 });
    this.session.log(`screenshot ${path.relative(this.session.root, file)}`);
    return file;
  }
}

export class EditorPart {
  constructor(session) {
    this.session = session;
  }

  get page() {
    return this.session.page;
  }

  /** Quick Open (Ctrl+P) a workspace file, and wait until the editor shows `expectText`. */
  async openFile(name, expectText) {
    await this.session.workbench.quickPick('Control+P', name);
    await this.page.locator('.monaco-editor .view-line', { hasText: expectText }).first().waitFor({ timeout: 30_000 });
  }

  /**
   * Where `text` is on screen, on the first line containing `lineText` (both searched with plain
   * spaces) of the active editor, else of any editor; null when no line shows it.
   */
  async textBox(lineText, text, maxDx = 40) {
    return this.page.evaluate(
      ({ lineText, text, maxDx }) => {
        const norm = (s) => s.replace(/\u00a0/g, ' ');
        // The active editor first: other editor groups may show similar text.
        for (const root of [document.querySelector('.editor-group-container.active .monaco-editor'), document]) {
          if (!root) continue;
          for (const line of root.querySelectorAll('.view-lines .view-line')) {
            if (!norm(line.textContent).includes(lineText)) continue;
            const w = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            for (let n; (n = w.nextNode()); ) {
              const i = norm(n.textContent).indexOf(text);
              if (i >= 0) {
                const r = document.createRange();
                r.setStart(n, i);
                r.setEnd(n, i + text.length);
                const b = r.getBoundingClientRect();
                return { x: b.x + Math.min(b.width / 2, maxDx), y: b.y + b.height / 2 };
              }
            }
          }
        }
        return null;
      },
      { lineText, text, maxDx },
    );
  }

  /** Clicks on `text` in the first editor line containing `lineText` (puts the cursor there). */
  async clickIn(lineText, text) {
    const box = await this.textBox(lineText, text, 30);
    if (!box) throw new Error(`no editor line shows "${lineText}" … "${text}"`);
    await this.page.mouse.click(box.x, box.y);
  }

  /**
   * Waits until the first editor line containing `lineText` carries a diagnostic's squiggle (Monaco draws
   * it in the view overlay at the same `top` as the line), so that a hover asked for afterwards has the
   * diagnostic's part to show. A condition, not a delay: analysis may take long on a loaded machine.
   */
  async waitSquiggle(lineText, { timeoutMs = 60_000 } = {}) {
    await this.page.waitForFunction(
      (lineText) => {
        const norm = (s) => s.replace(/\u00a0/g, ' ');
        for (const root of [document.querySelector('.editor-group-container.active .monaco-editor'), document]) {
          if (!root) continue;
          const line = [...root.querySelectorAll('.view-lines .view-line')].find((l) => norm(l.textContent).includes(lineText));
          if (!line) continue;
          const editor = line.closest('.monaco-editor');
          return [...editor.querySelectorAll('.view-overlays > div')].some((o) => o.style.top === line.style.top && o.querySelector('[class*="squiggly-"]'));
        }
        return false;
      },
      lineText,
      { timeout: timeoutMs, polling: 200 },
    );
  }
}

export class HoverPart {
  constructor(session) {
    this.session = session;
  }

  get page() {
    return this.session.page;
  }

  /**
   * Hovers `text` on the first editor line containing `lineText` (both searched with plain spaces), and
   * returns the text of the hover once it contains `expect` (a RegExp or string). With `squiggle` (the
   * default when `expect` names a diagnostic's part), it first waits for the line's diagnostic, so that
   * every part the test asserts exists before the mouse arrives. Then it keeps still, as a person would:
   * the hover shows its parts as their providers answer, and moving away would cancel a slow one. It
   * moves away and back only when the hover closed or stayed incomplete for `stillMs`.
   */
  async show(lineText, text, expect, { tries = 6, squiggle = true, stillMs = 20_000 } = {}) {
    const { page } = this;
    if (squiggle) await this.session.editor.waitSquiggle(lineText);
    const box = await this.session.editor.textBox(lineText, text);
    if (!box) throw new Error(`no editor line shows "${lineText}" … "${text}"`);
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)');
    const wanted = (s) => (expect instanceof RegExp ? expect.test(s) : s.includes(expect ?? ''));
    let last = '';
    for (let i = 0; i < tries; i++) {
      await page.mouse.move(box.x + 250, box.y + 300);
      await page.mouse.move(box.x, box.y, { steps: 5 });
      try {
        await hover.first().waitFor({ timeout: 10_000 });
        const shown = await page
          .waitForFunction(
            ({ source, flags, plain }) => {
              const t = [...document.querySelectorAll('.monaco-editor .monaco-hover:not(.hidden)')].map((h) => h.innerText).join('\n');
              return source !== null ? new RegExp(source, flags).test(t) : t.includes(plain);
            },
            expect instanceof RegExp ? { source: expect.source, flags: expect.flags, plain: '' } : { source: null, flags: '', plain: expect ?? '' },
            { timeout: stillMs, polling: 200 },
          )
          .then(() => true, () => false);
        last = (await hover.allInnerTexts()).join('\n');
        if (shown && wanted(last)) return last;
      } catch {
        // not shown yet: move away and back
      }
    }
    throw new Error(`hover never showed ${expect}; last hover: ${JSON.stringify(last.slice(0, 300))}`);
  }
}

export class ProblemsPart {
  constructor(session) {
    this.session = session;
  }

  get page() {
    return this.session.page;
  }

  /** Opens the Problems panel and returns its rows' text once `expect` rows match (or the timeout). */
  async rows({ atLeast = 1, match = /./, timeoutMs = 30_000 } = {}) {
    const { page } = this;
    await this.session.workbench.runCommand('Problems: Focus on Problems View');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ timeout: timeoutMs });
    const end = Date.now() + timeoutMs;
    let texts = [];
    while (Date.now() < end) {
      texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      if (texts.filter((t) => match.test(t)).length >= atLeast) break;
      await page.waitForTimeout(250);
    }
    return texts;
  }
}

export class InspectorPart {
  constructor(session) {
    this.session = session;
  }

  get page() {
    return this.session.page;
  }

  /** The inspector's inner frame (the active webview of ours: the walkthrough's Markdown media are webviews too). */
  get frame() {
    return this.page.frameLocator('iframe.webview.ready[src*="extensionId=jwt-mfa.jwt-mfa-inspector"]').frameLocator('#active-frame');
  }

  /** Text of `selector` inside the active webview's inner frame. */
  async text(selector = 'body', { timeoutMs = 30_000 } = {}) {
    const loc = this.frame.locator(selector);
    await loc.first().waitFor({ timeout: timeoutMs });
    return loc.first().innerText();
  }

  /**
   * Layout checks of the inspector's page: the elements whose right edge passes the panel's width (what
   * makes it scroll sideways), and how the text of `selector` is laid out, as its lines (a line ends where
   * the next character's box sits lower).
   */
  async layout(selector = 'h1') {
    return this.frame.locator('body').evaluate((body, sel) => {
      const width = document.documentElement.clientWidth;
      const wide = [];
      for (const e of body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1) wide.push(`${e.tagName.toLowerCase()}.${e.className}: ${Math.round(r.right)} > ${width}`);
      }
      const lines = [];
      const el = document.querySelector(sel);
      if (el) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let top;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (let i = 0; i < n.data.length; i++) {
            const range = document.createRange();
            range.setStart(n, i);
            range.setEnd(n, i + 1);
            const r = range.getClientRects()[0];
            if (!r) continue;
            if (top === undefined || r.top > top + r.height / 2) lines.push('');
            top = r.top;
            lines[lines.length - 1] += n.data[i];
          }
        }
      }
      return { width, scrollWidth: document.documentElement.scrollWidth, wide, lines: lines.map((l) => l.trim()) };
    }, selector);
  }

  /**
   * The text of `selector` once it matches every pattern (the webview may still be loading, or a
   * message still on its way); then the text of `read` when given.
   */
  async textWhen(selector, patterns, { timeoutMs = 30_000, read } = {}) {
    const list = Array.isArray(patterns) ? patterns : [patterns];
    let last = '';
    await until(
      this.page,
      async () => {
        last = await this.text(selector, { timeoutMs: 2000 });
        return list.every((p) => p.test(last));
      },
      () => `${selector} to show ${list.join(' and ')}; last: ${JSON.stringify(last.slice(0, 300))}`,
      { timeoutMs, everyMs: 250 },
    );
    return read ? this.text(read) : last;
  }
}
