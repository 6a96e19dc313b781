// The ```http / ```rest fences of Markdown, as the CodeLens (lenses on fenced requests only) and
// Replay & diagnose (the fence under the request's line) read them.
import assert from 'node:assert/strict';
import { fenceAtOffset, httpFences, isFencedLine } from '../../../src/core/http/fences';
import { parseHttpFile, requestAtOffset } from '../../../src/core/http/httpFile';
import { findRequestSites } from '../../../src/core/http/sites';
import { pcUser } from '../helpers/fixtures';

const PC = 'https://api.partnercenter.microsoft.com/v1/customers';

describe('Markdown http fences', () => {
  const text = [
    '# Runbook', // 0
    '```http', // 1
    `GET ${PC}`, // 2
    'Authorization: Bearer {{t}}', // 3
    '```', // 4
    'prose', // 5
    '```sh', // 6
    'echo', // 7
    '```', // 8
    '```REST', // 9
    '', // 10
    `POST ${PC}`, // 11
  ].join('\n');

  it('gives each fence its first and last line inside; an unclosed fence runs to the end; other languages are left out', () => {
    const fences = httpFences(text);
    assert.deepEqual(
      fences.map((f) => [f.line, f.lastLine, text.slice(f.start, f.end)]),
      [
        [2, 3, `GET ${PC}\nAuthorization: Bearer {{t}}`],
        [10, 11, `\nPOST ${PC}`],
      ],
    );
    assert.deepEqual(httpFences('```http\r\nGET https://a.example\r\n```\r\n').map((f) => [f.line, f.lastLine]), [[1, 1]], 'CRLF');
    assert.deepEqual(httpFences('```http\n```\n'), [], 'an empty fence');
  });

  it('tells which lines lie inside a fence', () => {
    const fences = httpFences(text);
    assert.deepEqual(
      [...Array(13).keys()].filter((l) => isFencedLine(fences, l)),
      [2, 3, 10, 11],
    );
    assert.equal(isFencedLine([], 0), false);
  });

  it('finds the fence holding an offset (its last line\'s end included), and none on the fence markers or outside', () => {
    const fences = httpFences(text);
    const at = (needle: string, plus = 0) => fenceAtOffset(fences, text.indexOf(needle) + plus)?.line;
    assert.equal(at(`GET ${PC}`), 2);
    assert.equal(at('{{t}}', 5), 2, 'end of the last line inside');
    assert.equal(at('```http'), undefined);
    assert.equal(at('prose'), undefined);
    assert.equal(at('echo'), undefined);
    assert.equal(at(`POST ${PC}`), 10);
    assert.equal(fenceAtOffset(fences, text.length)?.line, 10, 'the end of an unclosed fence');
  });

  it('a fenced request found at its document line is the one its fence, read alone, holds there', () => {
    const fences = httpFences(text);
    const line11 = text.split('\n').slice(0, 11).join('\n').length + 1;
    const f = fenceAtOffset(fences, line11)!;
    const r = requestAtOffset(parseHttpFile(text.slice(f.start, f.end)), line11 - f.start);
    assert.equal(r?.method, 'POST');
    assert.equal(r.line + f.line, 11);
  });

  it('keeps the fenced requests of a token and leaves its curl lines out (what the Markdown CodeLens shows)', () => {
    const t = pcUser(['pwd']);
    const md = ['```http', `GET ${PC}`, `Authorization: Bearer ${t}`, '```', '', `curl -H 'Authorization: Bearer ${t}' ${PC}`, ''].join('\n');
    const sites = findRequestSites(md, 'runbook.md');
    assert.deepEqual(sites.map((s) => s.requests.map((r) => r.line)), [[1], [5]], 'the analysis attributes both');
    const fences = httpFences(md);
    assert.deepEqual(sites.map((s) => s.requests.filter((r) => isFencedLine(fences, r.line)).map((r) => r.line)), [[1], []]);
  });
});
