import type { Context } from 'hono';
import type { GuardEnv } from '../auth/request-guard.js';
import type { z } from 'zod';

/**
 * One API route, declared once: the schemas it validates with are the ones the OpenAPI document is
 * generated from, so the two cannot drift apart.
 */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. `/api/sessions/:ref`. */
  path: string;
  summary: string;
  query?: Q;
  body?: B;
  /** Schema of a 2xx JSON answer; omitted for empty or non-JSON answers. */
  response?: z.ZodType;
  /** Media type of a non-JSON answer. */
  responseMediaType?: string;
  successStatus?: number;
  handler: (input: { c: Context<GuardEnv>; query: z.infer<Q>; body: z.infer<B>; params: Record<string, string> }) => Promise<Response> | Response;
}

/** Keeps the generic parameters of each route while building a heterogeneous list. */
export function route<Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}
