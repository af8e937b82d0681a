import { z } from 'zod';
import { paramDocs, type JsonSchema } from '../params.js';
import type { RouteDefinition } from '../types.js';

export const API_PREFIX = '/api/v1';

type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/** Transformed parameters (dates, CSV lists, booleans) publish the schema they declared in `paramDocs`. */
const override: Override = (ctx) => {
  const doc = paramDocs.get(ctx.zodSchema);
  if (!doc) return;
  for (const key of Object.keys(ctx.jsonSchema)) {
    if (key !== 'description' && key !== 'default') delete (ctx.jsonSchema as Record<string, unknown>)[key];
  }
  Object.assign(ctx.jsonSchema, doc);
};

export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', override }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** `/declarations/:id` → `/api/v1/declarations/{id}`. */
export function openApiPath(koaPath: string): string {
  return API_PREFIX + koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

interface ObjectJsonSchema {
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export type OpenApiPaths = Record<string, Record<string, unknown>>;

/** What a router mounted beside the read API (the sandbox, the playground) adds to the document. */
export interface OpenApiFragment {
  paths: OpenApiPaths;
  tags?: Array<{ name: string; description?: string }>;
  schemas?: Record<string, JsonSchema>;
}

const routerDocs = new WeakMap<object, OpenApiFragment>();

/**
 * Attaches to a router the document of what it serves, so whoever mounts it with
 * `createApp({ extraRouters })` publishes it in /openapi.json and /docs without restating it.
 */
export function documentRouter<R extends object>(router: R, fragment: OpenApiFragment): R {
  routerDocs.set(router, fragment);
  return router;
}

export function routerDocumentation(router: object): OpenApiFragment | undefined {
  return routerDocs.get(router);
}

/** A body schema plus the `meta` every 200 carries (`metaRef`: the Meta component or a richer one). */
export function withMeta(schema: z.ZodType, metaRef = '#/components/schemas/Meta'): JsonSchema {
  const body = toJsonSchema(schema) as ObjectJsonSchema & JsonSchema;
  return {
    ...body,
    properties: { ...(body.properties ?? {}), meta: { $ref: metaRef } },
    required: [...(body.required ?? []), 'meta'],
  };
}

/** One error status of an operation, in the error envelope, naming the codes it may carry. */
export function errorResponse(status: string, description: string, codes: readonly string[]): Record<string, unknown> {
  return {
    description: `${description}: ${codes.join(', ')}`,
    headers: status === '429' ? { ...COMMON_HEADERS, 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } : COMMON_HEADERS,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

export function parametersOf(schema: z.ZodType, location: 'query' | 'path'): JsonSchema[] {
  const output = toJsonSchema(schema, 'output') as ObjectJsonSchema;
  const input = toJsonSchema(schema, 'input') as ObjectJsonSchema;
  const required = new Set(input.required ?? []);
  return Object.entries(output.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

export const ERROR_CODES: Record<string, { description: string; codes: string[] }> = {
  '400': { description: 'A parameter failed validation (details name each one)', codes: ['invalid_parameter'] },
  '401': { description: 'No key, or a malformed, unknown or revoked key', codes: ['missing_api_key', 'invalid_api_key'] },
  '403': { description: 'Key valid but not allowed', codes: ['forbidden'] },
  '404': { description: 'Not found', codes: ['company_not_found', 'insider_not_found', 'declaration_not_found', 'not_found'] },
  '429': { description: 'Burst limit (per second, per key) or daily quota (per account, resets 00:00 UTC)', codes: ['rate_limited', 'quota_exceeded'] },
  '500': { description: 'Our fault; retry with exponential back-off', codes: ['internal_error'] },
};

/** On every response, errors and public routes included (see the Rate limits section). */
export const COMMON_HEADERS = {
  'X-Request-Id': { description: 'Echoes a sane client X-Request-Id, else a new UUID', schema: { type: 'string' } },
  'X-RateLimit-Limit': { description: "The account's daily quota (the sandbox: its 24-hour cap; 0 when no key or proof was accepted)", schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left today (UTC); 0 when no key or proof was accepted', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the quota resets (next 00:00 UTC; the sandbox: when its oldest counted call leaves the window), ISO 8601', schema: { type: 'string', format: 'date-time' } },
};

const RATE_HEADERS = {
  ...COMMON_HEADERS,
  'X-RateLimit-Burst-Limit': { description: "The key's requests per second", schema: { type: 'integer' } },
  'X-RateLimit-Burst-Remaining': { description: 'Requests left in the current second', schema: { type: 'integer' } },
};

export const API_DESCRIPTION = `Insider-dealing declarations from many regulators, normalized into one model and scored.

**Authentication.** Send \`Authorization: Bearer sit_live_…\` or \`X-Api-Key: sit_live_…\` (both may be sent if they carry the same key). /health, /openapi.json and /docs need no key.

**Conventions.** Every 200 has \`meta: { requestId, latencyMs, dataFreshness }\`; \`dataFreshness\` gives, per enabled source and for prices, fx, scoring and backtest, the ISO time of the last successful update (null when never). Listings return \`{ items, total, limit, offset, meta }\` (limit 1–200, default 50; offset ≥ 0). A missing value is \`null\`, never omitted. Timestamps are ISO 8601 UTC with milliseconds, dates YYYY-MM-DD. Unknown parameters and bad values are a 400 \`invalid_parameter\` naming each parameter, never clamped.

**Errors.** \`{ "error": { "code", "message", "status", "requestId", "details"? } }\`. Retry 429 after \`Retry-After\` seconds and ≥ 500 with exponential back-off.

**Rate limits.** Per key, a burst of N requests per second (429 \`rate_limited\`); per account, a daily quota that resets at 00:00 UTC (429 \`quota_exceeded\`). Every response carries \`X-RateLimit-Limit/Remaining/Reset\`: a keyed request's describe its account's daily quota, a sandbox call's its 24-hour cap; a response no quota counted (public routes, 401s, sandbox refusals before a proof was accepted, unknown paths) says 0 of 0, resetting at the next 00:00 UTC, because an anonymous caller has no keyed quota. Public routes are never counted or limited.

**Polling without gaps.** Every change: \`GET /api/v1/declarations?updatedSince=<T>&sort=updatedAt&order=asc&limit=200\`, then \`updatedSince=<last updatedAt>&afterId=<last id>\` until a page is shorter than the limit; keep the last pair. New filings by publication date: the same with \`since\`/\`sort=pubDate\`. Each writing transaction gets a strictly increasing \`updatedAt\` in commit order and ties are broken by id, so nothing is skipped or seen twice.`;

export const DOCS_PATH = '/docs';

/**
 * The OpenAPI 3.1 document, generated from the routes' own zod schemas, plus what the routers
 * mounted beside them document (`extensions`: the sandbox and the playground).
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  options: { version?: string; extensions?: readonly OpenApiFragment[] } = {},
): JsonSchema {
  const { version = '1.0.0', extensions = [] } = options;
  const paths: OpenApiPaths = {};
  const tags = new Set<string>();
  const tagDescriptions = new Map<string, string | undefined>();
  for (const route of routes) {
    tags.add(route.tag);
    const parameters = [...(route.params ? parametersOf(route.params, 'path') : []), ...parametersOf(route.query, 'query')];
    const errorStatuses = route.public ? ['400', '500'] : Object.keys(ERROR_CODES);
    paths[openApiPath(route.path)] = {
      get: {
        operationId: route.name,
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        tags: [route.tag],
        ...(route.public ? { security: [] } : {}),
        parameters,
        responses: {
          '200': {
            description: 'OK',
            headers: route.public ? COMMON_HEADERS : RATE_HEADERS,
            content: { 'application/json': { schema: withMeta(route.response) } },
          },
          ...Object.fromEntries(
            errorStatuses.map((status) => [status, errorResponse(status, ERROR_CODES[status]!.description, ERROR_CODES[status]!.codes)]),
          ),
        },
      },
    };
  }
  paths[`${API_PREFIX}/openapi.json`] = {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document',
      tags: ['Service'],
      security: [],
      parameters: [],
      responses: {
        '200': { description: 'The OpenAPI 3.1 document', headers: COMMON_HEADERS, content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  paths[DOCS_PATH] = {
    get: {
      operationId: 'getDocs',
      summary: 'This document as a human-readable HTML reference',
      tags: ['Service'],
      security: [],
      parameters: [],
      responses: { '200': { description: 'HTML page', headers: COMMON_HEADERS, content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
  for (const tag of [...tags, 'Service']) tagDescriptions.set(tag, undefined);
  for (const fragment of extensions) {
    for (const [path, item] of Object.entries(fragment.paths)) {
      if (paths[path]) throw new Error(`OpenAPI: ${path} is documented twice`);
      paths[path] = item;
    }
    for (const tag of fragment.tags ?? []) tagDescriptions.set(tag.name, tag.description);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sigma API', version, description: API_DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    tags: [...tagDescriptions].map(([name, description]) => ({ name, ...(description ? { description } : {}) })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sit_live_<32 base62>' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: {
        Meta: {
          type: 'object',
          properties: {
            requestId: { type: 'string' },
            latencyMs: { type: 'number' },
            dataFreshness: {
              type: 'object',
              description: 'Per enabled source and for prices, fx, scoring, backtest: last successful update (ISO 8601) or null',
              additionalProperties: { type: ['string', 'null'] },
            },
          },
          required: ['requestId', 'latencyMs', 'dataFreshness'],
        },
        ...Object.assign({}, ...extensions.map((fragment) => fragment.schemas ?? {})),
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                status: { type: 'integer' },
                requestId: { type: 'string' },
                details: {
                  type: 'array',
                  items: { type: 'object', properties: { parameter: { type: 'string' }, message: { type: 'string' } }, required: ['parameter', 'message'] },
                },
              },
              required: ['code', 'message', 'status', 'requestId'],
            },
          },
          required: ['error'],
        },
      },
    },
  };
}
