/**
 * An optional human check added to escalated sandbox calls. Used only when the operator
 * configures a secret (SIGMA_SANDBOX_CAPTCHA_SECRET); otherwise the harder proof of work alone
 * does the job. Cloudflare Turnstile is the provided implementation; another provider only needs
 * this interface.
 */
export interface CaptchaVerifier {
  readonly provider: string;
  /** Public key the page needs to render the widget; null when the provider has none. */
  readonly siteKey: string | null;
  /** The browser script that renders the widget, for the page's Content-Security-Policy. */
  readonly scriptOrigin: string | null;
  verify(token: string, remoteIp: string): Promise<CaptchaOutcome>;
}

export interface CaptchaOutcome {
  success: boolean;
  /** Provider error codes, e.g. "timeout-or-duplicate"; empty on success. */
  reasons: string[];
}

export const TURNSTILE_SCRIPT_ORIGIN = 'https://challenges.cloudflare.com';
const VERIFY_TIMEOUT_MS = 5_000;

/**
 * Cloudflare Turnstile server-side validation (POST form to siteverify). A network failure or an
 * unreadable answer is a refusal: when a captcha is required, we cannot let it be skipped.
 */
export function createTurnstileVerifier(options: {
  secret: string;
  siteKey: string | undefined;
  verifyUrl: string;
  fetchImpl?: typeof fetch;
}): CaptchaVerifier {
  const doFetch = options.fetchImpl ?? fetch;
  return {
    provider: 'turnstile',
    siteKey: options.siteKey ?? null,
    scriptOrigin: TURNSTILE_SCRIPT_ORIGIN,
    async verify(token, remoteIp) {
      const form = new URLSearchParams({ secret: options.secret, response: token, remoteip: remoteIp });
      try {
        const response = await doFetch(options.verifyUrl, {
          method: 'POST',
          body: form,
          signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
        });
        if (!response.ok) return { success: false, reasons: [`verifier-http-${response.status}`] };
        const body = (await response.json()) as { success?: unknown; 'error-codes'?: unknown };
        const reasons = Array.isArray(body['error-codes']) ? body['error-codes'].map(String) : [];
        return { success: body.success === true, reasons: body.success === true ? [] : reasons };
      } catch (error) {
        return { success: false, reasons: [`verifier-unreachable: ${(error as Error).message}`] };
      }
    },
  };
}
