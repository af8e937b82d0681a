import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { meetsDifficulty } from '../../../src/sandbox/challenge.js';
import { PLAYGROUND_DIR } from '../../../src/sandbox/playground.js';

type Message = { type: string; nonce?: string; hashes?: number; engine?: string; message?: string };

interface WorkerScope {
  onmessage: (event: { data: unknown }) => void;
  sigmaPow: { sha256Js(bytes: Uint8Array): Uint8Array; leadingZeroBits(bytes: Uint8Array): number };
}

/** Runs the browser worker script in a bare V8 context shaped like a worker's global scope. */
function loadWorker(withWebCrypto: boolean): { scope: WorkerScope; messages: Message[]; done: Promise<Message> } {
  const messages: Message[] = [];
  let finish!: (m: Message) => void;
  const done = new Promise<Message>((resolve) => (finish = resolve));
  const context: Record<string, unknown> = {
    TextEncoder,
    performance,
    postMessage: (m: Message) => {
      messages.push(m);
      if (m.type !== 'progress') finish(m);
    },
  };
  if (withWebCrypto) context.crypto = globalThis.crypto;
  context.self = context;
  vm.createContext(context);
  vm.runInContext(readFileSync(path.join(PLAYGROUND_DIR, 'pow-worker.js'), 'utf8'), context);
  return { scope: context as unknown as WorkerScope, messages, done };
}

describe('playground proof-of-work worker', () => {
  it('its fallback SHA-256 matches node for every padding boundary and UTF-8 input', () => {
    const { scope } = loadWorker(false);
    const inputs = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(119), 'x'.repeat(1000), 'déclaration €'];
    for (const input of inputs) {
      const bytes = new TextEncoder().encode(input);
      const ours = Buffer.from(scope.sigmaPow.sha256Js(bytes)).toString('hex');
      expect(ours, `length ${bytes.length}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it.each([
    ['WebCrypto', true, 'webcrypto'],
    ['the JavaScript fallback (no secure context)', false, 'javascript'],
  ])('solves a challenge with %s, and the server accepts the nonce', async (_name, withWebCrypto, engine) => {
    const { scope, done } = loadWorker(withWebCrypto);
    const challenge = 's1.abcdefghijklmnopqrstuv.1795000000.1795000600.10.AAAAAAAAAAAAAAAAAAAAAA.sig';
    scope.onmessage({ data: { challenge, difficulty: 10 } });
    const result = await done;
    expect(result.type).toBe('solved');
    expect(result.engine).toBe(engine);
    expect(meetsDifficulty(challenge, result.nonce!, 10)).toBe(true);
    expect(result.hashes).toBe(Number(result.nonce) + 1);
  });

  it('answers a malformed request with an error message', async () => {
    const { scope, done } = loadWorker(true);
    scope.onmessage({ data: { challenge: 42, difficulty: 99 } });
    expect(await done).toMatchObject({ type: 'error', message: expect.stringContaining('challenge') });
  });
});
