// Runs pdf.js (the maintained Mozilla library, legacy build for Node 20) off the main thread so
// adapters/amf/pdf-text.ts can offer a synchronous extraction to the synchronous `parse` contract.
// Plain .mjs on purpose: a worker thread cannot load TypeScript without a loader.
import { parentPort } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function extract(bytes) {
  const task = getDocument({
    data: bytes,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const items = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!('str' in item)) continue;
        items.push({
          page: p,
          text: item.str,
          x: item.transform[4],
          y: item.transform[5],
          size: Math.hypot(item.transform[2], item.transform[3]) || Math.abs(item.transform[0]) || 1,
          width: item.width,
        });
      }
      page.cleanup();
    }
    return { pages: doc.numPages, items };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ port }) => {
  port.on('message', async ({ id, bytes, signal }) => {
    let reply;
    try {
      reply = { id, ok: true, result: await extract(bytes) };
    } catch (error) {
      reply = { id, ok: false, error: `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}` };
    }
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
