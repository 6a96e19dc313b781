// The one owner of the "JWT MFA Inspector" output channel: every line written is redacted first, and the
// last lines are kept for the extension API (tests assert no whole token ever reaches the channel).
import * as vscode from 'vscode';
import { redactText } from '../../core/redact';
import { Disposable } from '../lifecycle';

export const OUTPUT_CHANNEL_NAME = 'JWT MFA Inspector';
const KEEP_LINES = 5000;

export class DiagnosisOutput extends Disposable {
  private readonly channel: vscode.OutputChannel;
  private readonly kept: string[] = [];

  constructor() {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME));
  }

  /** Appends text (one or more lines), redacted: tokens by pattern, and `secrets` (values a request carried) by value. */
  append(text: string, secrets?: readonly string[]): void {
    const safe = redactText(text.endsWith('\n') ? text.slice(0, -1) : text, secrets);
    for (const line of safe.split('\n')) this.kept.push(line);
    if (this.kept.length > KEEP_LINES) this.kept.splice(0, this.kept.length - KEEP_LINES);
    this.channel.appendLine(safe);
  }

  /** What was written, as it was written (already redacted). */
  lines(): readonly string[] {
    return this.kept;
  }

  show(): void {
    this.channel.show(true);
  }
}
