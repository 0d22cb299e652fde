import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateSessionRequestSchema, SessionSchema } from '@codepiper/protocol';
import { buildOpenApiDocument } from './openapi.js';
import { route } from './route-spec.js';

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument(
    [
      route({
        method: 'post',
        path: '/api/sessions',
        summary: 'Start a session',
        body: CreateSessionRequestSchema,
        response: SessionSchema,
        successStatus: 201,
        handler: ({ c }) => c.body(null),
      }),
      route({
        method: 'get',
        path: '/api/sessions/:ref/log',
        summary: 'log',
        query: z.object({ from: z.coerce.number().optional() }),
        responseMediaType: 'application/octet-stream',
        handler: ({ c }) => c.body(null),
      }),
    ],
    '1.2.3',
  ) as { openapi: string; info: { version: string }; paths: Record<string, Record<string, any>> };

  it('describes each route with the request and response schemas it validates with', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    const create = doc.paths['/api/sessions']!.post;
    expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('command');
    expect(create.responses['201'].content['application/json'].schema.required).toContain('id');
    expect(create.responses.default.content['application/json'].schema.properties).toHaveProperty('error');
  });

  it('turns path and query parameters into OpenAPI parameters', () => {
    const log = doc.paths['/api/sessions/{ref}/log']!.get;
    const names = log.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(names).toEqual(['path:ref', 'query:from']);
    expect(log.responses['200'].content).toHaveProperty('application/octet-stream');
  });
});
