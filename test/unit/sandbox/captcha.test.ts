import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnstileVerifier } from '../../../src/sandbox/captcha.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

describe('Turnstile captcha verifier', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(async () => server.close());

  it('accepts a token the provider confirms', async () => {
    server.route('/siteverify', { headers: { 'content-type': 'application/json' }, body: '{"success":true,"error-codes":[]}' });
    const verifier = createTurnstileVerifier({ secret: 's3cret', siteKey: 'site', verifyUrl: `${server.baseUrl}/siteverify` });
    expect(await verifier.verify('tok', '203.0.113.1')).toEqual({ success: true, reasons: [] });
    expect(verifier.siteKey).toBe('site');
    const sent = server.requests.at(-1)!;
    expect(sent.method).toBe('POST');
  });

  it('refuses with the provider reasons, on HTTP errors and when unreachable', async () => {
    server.route('/siteverify', {
      headers: { 'content-type': 'application/json' },
      body: '{"success":false,"error-codes":["timeout-or-duplicate"]}',
    });
    const verifier = createTurnstileVerifier({ secret: 's', siteKey: undefined, verifyUrl: `${server.baseUrl}/siteverify` });
    expect(await verifier.verify('tok', '203.0.113.1')).toEqual({ success: false, reasons: ['timeout-or-duplicate'] });

    server.route('/broken', { status: 500, body: 'oops' });
    const broken = createTurnstileVerifier({ secret: 's', siteKey: undefined, verifyUrl: `${server.baseUrl}/broken` });
    expect(await broken.verify('tok', '203.0.113.1')).toEqual({ success: false, reasons: ['verifier-http-500'] });

    const unreachable = createTurnstileVerifier({ secret: 's', siteKey: undefined, verifyUrl: 'http://127.0.0.1:1/siteverify' });
    const outcome = await unreachable.verify('tok', '203.0.113.1');
    expect(outcome.success).toBe(false);
    expect(outcome.reasons[0]).toMatch(/^verifier-unreachable/);
  });
});
