import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** One run of text pdf.js found on a page, in PDF user space (y grows upwards). */
export interface PdfTextItem {
  page: number;
  text: string;
  x: number;
  y: number;
  size: number;
  width: number;
}

export interface PdfText {
  pages: number;
  items: PdfTextItem[];
}

export class PdfTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfTextError';
  }
}

type Reply = { id: number; ok: true; result: PdfText } | { id: number; ok: false; error: string };

let bridge: { worker: Worker; port: MessagePort } | null = null;
let nextId = 1;

function ensureBridge(): { worker: Worker; port: MessagePort } {
  if (bridge) return bridge;
  const worker = new Worker(new URL('./pdf-text-worker.mjs', import.meta.url));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);
  // Neither the worker nor the port may keep a finished process alive.
  worker.unref();
  port1.unref();
  worker.once('error', () => {
    bridge = null;
  });
  worker.once('exit', () => {
    bridge = null;
  });
  bridge = { worker, port: port1 };
  return bridge;
}

/**
 * Extracts the text runs of a PDF synchronously. pdf.js is asynchronous, but the adapter contract
 * makes `parse` a synchronous pure function; the extraction runs in a worker thread while this
 * thread waits on a shared flag (Atomics.wait), which keeps `parse` synchronous and deterministic.
 */
export function extractPdfTextSync(bytes: Uint8Array, timeoutMs = 30_000): PdfText {
  const { port } = ensureBridge();
  const id = nextId++;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  port.postMessage({ id, bytes: new Uint8Array(bytes), signal });
  const outcome = Atomics.wait(signal, 0, 0, timeoutMs);
  if (outcome === 'timed-out') {
    void bridge?.worker.terminate();
    bridge = null;
    throw new PdfTextError(`PDF text extraction timed out after ${timeoutMs} ms`);
  }
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (!received) throw new PdfTextError('PDF text extraction returned no answer');
    const reply = received.message as Reply;
    if (reply.id !== id) continue;
    if (!reply.ok) throw new PdfTextError(reply.error);
    return reply.result;
  }
}

/**
 * Rebuilds reading lines from text runs: page by page, top to bottom, runs on the same baseline
 * joined left to right. A wide gap between runs (a right-aligned date) becomes two spaces.
 */
export function pdfLines(text: PdfText): string[] {
  const lines: string[] = [];
  for (let page = 1; page <= text.pages; page++) {
    const items = text.items.filter((i) => i.page === page && i.text.length > 0);
    const rows: Array<{ y: number; items: PdfTextItem[] }> = [];
    for (const item of items) {
      const row = rows.find((r) => Math.abs(r.y - item.y) <= Math.max(1.5, item.size * 0.3));
      if (row) row.items.push(item);
      else rows.push({ y: item.y, items: [item] });
    }
    rows.sort((a, b) => b.y - a.y);
    for (const row of rows) {
      row.items.sort((a, b) => a.x - b.x);
      let line = '';
      let end = -Infinity;
      for (const item of row.items) {
        const gap = item.x - end;
        if (line && !/\s$/.test(line) && !/^\s/.test(item.text)) {
          if (gap > item.size * 3) line += '  ';
          else if (gap > item.size * 0.15) line += ' ';
        }
        line += item.text;
        end = item.x + item.width;
      }
      const trimmed = line.replace(/\s+$/, '');
      if (trimmed.trim()) lines.push(trimmed);
    }
  }
  return lines;
}
