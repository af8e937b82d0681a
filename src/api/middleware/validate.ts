import type Koa from 'koa';
import type { z } from 'zod';
import { errors, type ParameterProblem } from '../errors.js';
import type { ApiState, RouteDefinition } from '../types.js';

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${String(issue.minimum)} characters`
        : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Turns zod issues into `details`, one entry per offending parameter (unknown ones included). */
export function problemsOf(error: z.ZodError, allowed: readonly string[]): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          parameter: key,
          message: `unknown parameter; this endpoint accepts: ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
        });
      }
    } else {
      problems.push({ parameter: issue.path.length ? issue.path.map(String).join('.') : '(query)', message: describe(issue) });
    }
  }
  return problems;
}

function shapeKeys(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def?: { shape?: Record<string, unknown>; in?: z.ZodType; schema?: z.ZodType } }).def;
  if (def?.shape) return Object.keys(def.shape);
  if (def?.in) return shapeKeys(def.in);
  return [];
}

/** Query strings give `string | string[]`; a parameter sent twice is ambiguous, so it is refused. */
function singleValued(query: Record<string, string | string[] | undefined>): { values: Record<string, string>; problems: ParameterProblem[] } {
  const values: Record<string, string> = {};
  const problems: ParameterProblem[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) problems.push({ parameter: key, message: 'given more than once; send it once (lists are comma-separated)' });
    else if (value !== undefined) values[key] = value;
  }
  return { values, problems };
}

export function parseInput<T>(schema: z.ZodType<T>, input: Record<string, string>, initialProblems: ParameterProblem[] = []): T {
  const result = schema.safeParse(input);
  const problems = [...initialProblems, ...(result.success ? [] : problemsOf(result.error, shapeKeys(schema)))];
  if (problems.length > 0 || !result.success) throw errors.invalidParameter(problems);
  return result.data;
}

/** Validates path and query parameters against the route's zod schemas (unknown parameters are a 400). */
export function validate(route: RouteDefinition): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    const { values, problems } = singleValued(ctx.query);
    const params = (ctx as unknown as { params?: Record<string, string> }).params ?? {};
    ctx.state.params = route.params ? parseInput(route.params, params) : {};
    ctx.state.query = parseInput(route.query, values, problems);
    await next();
  };
}
