import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

export interface TransportResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  body(): Promise<Buffer>;
  discard(): Promise<void>;
}

function decode(body: Buffer, encoding: string | null): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

/**
 * One request through Node's HTTP client with its lenient parser, for servers whose responses
 * fetch() refuses (BaFin's portal sends header bytes the strict parsers reject). Buffers the whole
 * body and decodes gzip/deflate/br like fetch does.
 */
export function lenientRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
): Promise<TransportResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: init.method, insecureHTTPParser: true, headers: init.headers, signal: init.signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          let body: Buffer;
          try {
            body = decode(Buffer.concat(chunks), headers.get('content-encoding'));
          } catch (error) {
            reject(error);
            return;
          }
          resolve({
            url,
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers,
            body: async () => body,
            discard: async () => undefined,
          });
        });
      },
    );
    request.on('error', reject);
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
}
