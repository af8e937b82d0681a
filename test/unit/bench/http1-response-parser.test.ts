import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Http1ResponseParser, type ParsedResponse } from '../../../bench/lib/http1-response-parser.js';

const lengthDelimited = (status: number, body: string, extra = '') =>
  `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function chunked(status: number, chunks: string[], trailer = ''): string {
  const parts = chunks.filter((c) => c.length > 0).map((c, i) => `${Buffer.byteLength(c).toString(16)}${i % 2 ? ';ext=1' : ''}\r\n${c}\r\n`);
  return `HTTP/1.1 ${status} X\r\nTransfer-Encoding: chunked\r\n\r\n${parts.join('')}0\r\n${trailer}\r\n`;
}

/** Feeds `text` cut at the given offsets and collects every response that ended. */
function feedInPieces(text: string, cuts: number[]): ParsedResponse[] {
  const bytes = Buffer.from(text, 'utf8');
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parser = new Http1ResponseParser();
  const out: ParsedResponse[] = [];
  let from = 0;
  for (const to of [...offsets, bytes.length]) {
    if (to > from) out.push(...parser.feed(bytes.subarray(from, to)));
    from = Math.max(from, to);
  }
  expect(parser.idle).toBe(true);
  return out;
}

describe('Http1ResponseParser', () => {
  it('ends each response after its Content-Length, with its status', () => {
    const text = lengthDelimited(200, '{"a":1}') + lengthDelimited(404, 'not here') + lengthDelimited(200, '');
    expect(feedInPieces(text, [])).toEqual([
      { status: 200, close: false },
      { status: 404, close: false },
      { status: 200, close: false },
    ]);
  });

  it('follows chunked bodies, chunk extensions and trailers', () => {
    const text = chunked(200, ['ab', 'cdef', '\r\n0\r\n']) + chunked(500, ['x'], 'X-Trailer: 1\r\n');
    expect(feedInPieces(text, []).map((r) => r.status)).toEqual([200, 500]);
  });

  it('knows responses without a body and Connection: close', () => {
    const text = 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n' + lengthDelimited(200, 'bye', 'Connection: close\r\n');
    expect(feedInPieces(text, [])).toEqual([
      { status: 204, close: false },
      { status: 200, close: true },
    ]);
  });

  it('finds the same responses however the bytes are split across reads', () => {
    const response = fc.oneof(
      fc.tuple(fc.constantFrom(200, 400, 503), fc.string({ unit: 'binary', maxLength: 300 })).map(([s, b]) => lengthDelimited(s, b)),
      fc.tuple(fc.constantFrom(200, 429), fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 })).map(([s, c]) => chunked(s, c)),
    );
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 40 }), (responses, cuts) => {
        const whole = feedInPieces(responses.join(''), []);
        expect(whole).toHaveLength(responses.length);
        expect(feedInPieces(responses.join(''), cuts)).toEqual(whole);
        // Byte by byte: every terminator split at every position.
        const everyByte = Array.from({ length: Buffer.byteLength(responses.join('')) }, (_, i) => i);
        expect(feedInPieces(responses.join(''), everyByte)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('ends a body without length at the close, and refuses a cut-short response or garbage', () => {
    const parser = new Http1ResponseParser();
    expect(parser.feed(Buffer.from('HTTP/1.0 200 OK\r\n\r\nuntil the end'))).toEqual([]);
    expect(parser.end()).toEqual({ status: 200, close: false });

    const cut = new Http1ResponseParser();
    cut.feed(Buffer.from(lengthDelimited(200, 'abcdef').slice(0, -2)));
    expect(() => cut.end()).toThrow(/middle of a response/);

    expect(() => new Http1ResponseParser().feed(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/status line/);
    expect(() => new Http1ResponseParser().feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow(/chunk size/);
  });
});
