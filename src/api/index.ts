/** The API's public surface for the rest of Sigma (serve command, sandbox, tests). */
export { createApp, type CreateAppOptions } from './app.js';
export { READ_ROUTES } from './routes/index.js';
export { handle } from './handle.js';
export { validate, parseInput } from './middleware/validate.js';
export { ApiError, errors } from './errors.js';
export { buildOpenApiDocument } from './openapi/document.js';
export type { ApiDeps, ApiState, AuthContext, RouteDefinition, RouteInput } from './types.js';
