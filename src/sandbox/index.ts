/**
 * The anonymous sandbox: what the app mounts (router and playground page) and what the CLI needs.
 * See createSandboxRouter for the order of checks on every call.
 */
export { createSandboxRouter, SANDBOX_PREFIX, SANDBOX_HEADERS, type SandboxRouterOptions } from './router.js';
export { createPlaygroundMiddleware, createPlaygroundRouter } from './playground.js';
export { createSandboxGuard, type SandboxGuard } from './guard.js';
export { createTurnstileVerifier, type CaptchaVerifier, type CaptchaOutcome } from './captcha.js';
export { SandboxError, sandboxErrors } from './errors.js';
export type { RouteDefinition, RouteInput } from './route-definition.js';
