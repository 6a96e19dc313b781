// The web-standard globals core may use: every runtime it runs in (Node 20, VS Code's extension host,
// a browser, a web worker) has them. Only src/core/tsconfig.json reads this file; the root tsconfig
// gets the full declarations from the DOM and Node libraries. Anything else (fs, path, vscode, the
// DOM) is not declared here, so core code that reaches for it fails `npm run typecheck`.
// Members are the subset core uses; add one here only if every runtime above has it.

interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { new (): TextEncoder };

interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare var TextDecoder: { new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };

interface URL {
  readonly host: string;
  readonly hostname: string;
  readonly href: string;
  readonly origin: string;
  readonly pathname: string;
  readonly port: string;
  readonly protocol: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
  toString(): string;
}
declare var URL: { new (url: string, base?: string | URL): URL; prototype: URL };

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare var AbortSignal: { prototype: AbortSignal; timeout(milliseconds: number): AbortSignal };

interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };

/** Timers (core/sendFlow's deadline): an opaque handle, as Node and browsers differ on its type. */
declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(handle: unknown): void;

interface Headers {
  get(name: string): string | null;
}

/** What core reads from a `fetch` response. */
interface Response {
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
}
