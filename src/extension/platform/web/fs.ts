// The web build's `node:fs` and `node:fs/promises` (swapped in by esbuild.config.mjs): the few calls
// src/node reads files with, over `vscode.workspace.fs`, so they reach whatever file system the
// editor has (a remote host's, a Codespace's). A path is a `file` path, as on desktop.
import * as vscode from 'vscode';

const uri = (p: string) => vscode.Uri.file(p);

function notFound(p: string, e: unknown): Error {
  const err = new Error(`${p}: ${(e as Error)?.message ?? 'cannot be read'}`) as Error & { code?: string };
  err.code = e instanceof vscode.FileSystemError && e.code === 'FileNotFound' ? 'ENOENT' : 'EIO';
  return err;
}

export async function readFile(p: string, _encoding?: unknown): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(p)));
  } catch (e) {
    throw notFound(p, e);
  }
}

export async function stat(p: string): Promise<{ size: number; isFile(): boolean; isDirectory(): boolean }> {
  let s: vscode.FileStat;
  try {
    s = await vscode.workspace.fs.stat(uri(p));
  } catch (e) {
    throw notFound(p, e);
  }
  return { size: s.size, isFile: () => (s.type & vscode.FileType.File) !== 0, isDirectory: () => (s.type & vscode.FileType.Directory) !== 0 };
}

/** The editor's file system shows no symbolic links to resolve: the path itself, once it exists. */
export async function realpath(p: string): Promise<string> {
  await stat(p);
  return p;
}

/** The names in a folder (request files beside an environment file). */
export async function readdir(p: string): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(uri(p))).map(([name]) => name);
  } catch (e) {
    throw notFound(p, e);
  }
}

export const promises = { readFile, stat, realpath, readdir };
export default { promises };
