import {
  COMMON_HEADERS,
  ERROR_CODES,
  errorResponse,
  openApiPath,
  parametersOf,
  toJsonSchema,
  withMeta,
  type OpenApiFragment,
} from '../api/openapi/document.js';
import type { RouteDefinition } from '../api/types.js';
import { SANDBOX_REFUSALS, type SandboxRefusalCode } from './errors.js';
import { ChallengeOfferSchema, ChallengeQuery, PROOF_HEADERS } from './schemas.js';

export const SANDBOX_TAG = 'Sandbox';

const SANDBOX_META = '#/components/schemas/SandboxMeta';

const SANDBOX_RESPONSE_HEADERS = {
  ...COMMON_HEADERS,
  'X-Sigma-Watermark': { description: 'Traces this response to your fingerprint and day (also in meta.watermark)', schema: { type: 'string' } },
};

const STATUS_DESCRIPTIONS: Record<string, string> = {
  '400': 'A parameter, the proof header or the solution is malformed',
  '401': 'No proof of work sent',
  '403': 'The proof is refused, or the client is not served (datacenter address, unidentifiable client)',
  '404': 'The sandbox is off, or the requested item does not exist',
  '429': 'The 24-hour cap of this client, bot User-Agent or address is used up',
  '500': 'Our fault; retry with exponential back-off',
};

/** The error responses of one sandbox operation: its refusal codes by status, plus `extra` codes. */
function refusals(on: 'challenge' | 'read', extra: Record<string, readonly string[]>): Record<string, unknown> {
  const byStatus = new Map<string, string[]>();
  for (const [code, refusal] of Object.entries(SANDBOX_REFUSALS) as Array<[SandboxRefusalCode, (typeof SANDBOX_REFUSALS)[SandboxRefusalCode]]>) {
    if (!refusal[on]) continue;
    const status = String(refusal.status);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of Object.entries(extra)) byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), ...codes])]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, codes]) => [status, errorResponse(status, STATUS_DESCRIPTIONS[status] ?? 'Refused', codes)]),
  );
}

/** The route's query parameters, with `limit` capped at the sandbox's item maximum (asking for more is a 400). */
function cappedQueryParameters(route: RouteDefinition, maxLimit: number): Array<Record<string, unknown>> {
  return parametersOf(route.query, 'query').map((parameter) => {
    if (parameter.name !== 'limit') return parameter;
    const schema = parameter.schema as { maximum?: number; default?: number };
    return {
      ...parameter,
      description: `page size, at most ${maxLimit} in the sandbox (an API key allows more)`,
      schema: {
        ...schema,
        maximum: Math.min(schema.maximum ?? maxLimit, maxLimit),
        ...(schema.default !== undefined ? { default: Math.min(schema.default, maxLimit) } : {}),
      },
    };
  });
}

const proofHeaderParameters = PROOF_HEADERS.map(({ name, schema, required }) => {
  const { description, ...rest } = toJsonSchema(schema);
  return { name, in: 'header', required, ...(typeof description === 'string' ? { description } : {}), schema: rest };
});

/** `/declarations/:id` → `/api/v1/sandbox/declarations/{id}`. */
export function sandboxOpenApiPath(koaPath: string): string {
  return openApiPath(`/sandbox${koaPath}`);
}

/**
 * The sandbox's part of the OpenAPI document, from the schemas that validate its calls: POST
 * /challenge and each served read route with the keyed route's own parameters and body, the proof
 * headers, the item cap and the sandbox's refusal codes.
 */
export function sandboxOpenApi(servedRoutes: readonly RouteDefinition[], options: { maxListingLimit: number }): OpenApiFragment {
  const paths: OpenApiFragment['paths'] = {
    [sandboxOpenApiPath('/challenge')]: {
      post: {
        operationId: 'sandboxChallenge',
        summary: 'A proof-of-work challenge for one anonymous sandbox call',
        description:
          "HMAC-signed, bound to your IP address and User-Agent, valid 10 minutes by default, good for one call. Find a nonce such that sha256(challenge + ':' + nonce) (hex) starts with `difficulty` zero bits, then call a sandbox route with X-Sandbox-POW-Challenge and X-Sandbox-POW-Solution.",
        tags: [SANDBOX_TAG],
        security: [],
        parameters: parametersOf(ChallengeQuery, 'query'),
        responses: {
          '200': {
            description: 'The challenge, its difficulty and your remaining quota',
            headers: SANDBOX_RESPONSE_HEADERS,
            content: { 'application/json': { schema: withMeta(ChallengeOfferSchema, SANDBOX_META) } },
          },
          ...refusals('challenge', { '500': ERROR_CODES['500']!.codes }),
        },
      },
    },
  };
  const notFoundCodes = ERROR_CODES['404']!.codes.filter((code) => code !== 'not_found');
  for (const route of servedRoutes) {
    paths[sandboxOpenApiPath(route.path)] = {
      get: {
        operationId: `sandbox${route.name[0]!.toUpperCase()}${route.name.slice(1)}`,
        summary: `${route.summary} (anonymous sandbox)`,
        description: `GET ${openApiPath(route.path)} without a key: same parameters and body, with a solved challenge instead, at most ${options.maxListingLimit} items per call, and a watermark in meta.`,
        tags: [SANDBOX_TAG],
        security: [],
        parameters: [
          ...(route.params ? parametersOf(route.params, 'path') : []),
          ...cappedQueryParameters(route, options.maxListingLimit),
          ...proofHeaderParameters,
        ],
        responses: {
          '200': {
            description: 'OK',
            headers: SANDBOX_RESPONSE_HEADERS,
            content: { 'application/json': { schema: withMeta(route.response, SANDBOX_META) } },
          },
          ...refusals('read', { '404': notFoundCodes, '500': ERROR_CODES['500']!.codes }),
        },
      },
    };
  }
  return {
    paths,
    tags: [
      {
        name: SANDBOX_TAG,
        description:
          'Anonymous, proof-of-work-gated access to the read routes: POST /api/v1/sandbox/challenge, solve it, then call the route under /api/v1/sandbox with X-Sandbox-POW-Challenge and X-Sandbox-POW-Solution. A sliding 24-hour cap per client (fewer calls for bot User-Agents), harder challenges (or a captcha) from the sixth call, datacenter addresses refused. Routes not listed here (/me, /health, bulk export, MCP, webhooks) answer 403 `sandbox_route_not_available` under /api/v1/sandbox; other paths 404 `not_found`.',
      },
    ],
    schemas: {
      SandboxMeta: {
        allOf: [
          { $ref: '#/components/schemas/Meta' },
          {
            type: 'object',
            properties: { watermark: { type: 'string', description: 'Traces this response to your fingerprint and day' } },
            required: ['watermark'],
          },
        ],
      },
    },
  };
}
