// Sigma playground: proof-of-work solver, run in a Web Worker so the page stays responsive.
// Finds a nonce such that sha256(challenge + ':' + nonce) starts with `difficulty` zero bits.
//
// In:  { challenge: string, difficulty: number }
// Out: { type: 'progress', hashes, elapsedMs }            about every 100 ms
//      { type: 'solved', nonce, hashes, elapsedMs, engine } once
//      { type: 'error', message }
'use strict';

const BATCH = 512; // digests in flight at once: WebCrypto is async, one at a time would idle
const PROGRESS_EVERY_MS = 100;

function leadingZeroBits(bytes) {
  let bits = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(bytes[i]) - 24;
  }
  return bits;
}

// WebCrypto exists only in secure contexts (https:// or localhost). A server reached over plain
// http on a LAN gets this small synchronous SHA-256 instead, so the playground still works.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);

function sha256Js(bytes) {
  const total = ((bytes.length + 9 + 63) >> 6) << 6;
  const block = new Uint8Array(total);
  block.set(bytes);
  block[bytes.length] = 0x80;
  const view = new DataView(block.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(total - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(total - 4, bitLength >>> 0);
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i += 1) W[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const x = W[i - 15];
      const y = W[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((word, i) => outView.setUint32(i * 4, word >>> 0));
  return out;
}

async function solve(challenge, difficulty, report) {
  const encoder = new TextEncoder();
  const prefix = `${challenge}:`;
  const subtle = self.crypto && self.crypto.subtle;
  const started = performance.now();
  let lastReport = started;
  for (let base = 0; ; base += BATCH) {
    let digests;
    if (subtle) {
      const pending = [];
      for (let i = 0; i < BATCH; i += 1) pending.push(subtle.digest('SHA-256', encoder.encode(prefix + (base + i))));
      digests = await Promise.all(pending);
    } else {
      digests = [];
      for (let i = 0; i < BATCH; i += 1) digests.push(sha256Js(encoder.encode(prefix + (base + i))));
    }
    for (let i = 0; i < BATCH; i += 1) {
      if (leadingZeroBits(new Uint8Array(digests[i])) >= difficulty) {
        return {
          nonce: String(base + i),
          hashes: base + i + 1,
          elapsedMs: performance.now() - started,
          engine: subtle ? 'webcrypto' : 'javascript',
        };
      }
    }
    const now = performance.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      report(base + BATCH, now - started);
    }
  }
}

self.onmessage = (event) => {
  const { challenge, difficulty } = event.data || {};
  if (typeof challenge !== 'string' || !Number.isInteger(difficulty) || difficulty < 1 || difficulty > 32) {
    self.postMessage({ type: 'error', message: 'the worker needs { challenge: string, difficulty: 1..32 }' });
    return;
  }
  solve(challenge, difficulty, (hashes, elapsedMs) => self.postMessage({ type: 'progress', hashes, elapsedMs }))
    .then((result) => self.postMessage({ type: 'solved', ...result }))
    .catch((error) => self.postMessage({ type: 'error', message: String(error && error.message ? error.message : error) }));
};

// Exposed for the unit test that runs this file outside a browser.
self.sigmaPow = { leadingZeroBits, sha256Js, solve };
