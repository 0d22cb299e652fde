import { z } from 'zod';
import type { RouteSpec } from './route-spec.js';
import { ErrorResponseSchema } from '@codepiper/protocol';

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

/** OpenAPI 3.1 document generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = toJsonSchema(ErrorResponseSchema, 'output');
  for (const spec of routes) {
    const openApiPath = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description: m[1] === 'ref' ? 'session id, unique id prefix, or session name' : undefined,
    }));
    if (spec.query) {
      const querySchema = toJsonSchema(spec.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(querySchema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: querySchema.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(spec.successStatus ?? 200);
    const success: Record<string, unknown> = { description: 'success' };
    if (spec.response) success.content = { 'application/json': { schema: toJsonSchema(spec.response, 'output') } };
    else if (spec.responseMediaType) success.content = { [spec.responseMediaType]: { schema: { type: 'string', format: 'binary' } } };
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      parameters,
      responses: {
        [status]: success,
        default: { description: 'error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    if (spec.body) operation.requestBody = { required: false, content: { 'application/json': { schema: toJsonSchema(spec.body, 'input') } } };
    (paths[openApiPath] ??= {})[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CodePiper daemon API', version },
    paths,
  };
}
