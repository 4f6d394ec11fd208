/**
 * Register a handler against an endpoint contract from core: the contract's zod schemas
 * give validation, types and the OpenAPI entry; the handler unpacks and calls one action.
 */
import type { TActor } from '@xietong/core';
import type { TEndpoint, TEndpointResponse } from '@xietong/core/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from './app-error';
import type { TRequestContext } from './context';

export const ZErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string(), details: z.unknown().optional() }),
});

type Input<E> = E extends TEndpoint<infer P, infer Q, infer B, z.ZodType, boolean>
  ? { params: z.output<P>; query: z.output<Q>; body: z.output<B> }
  : never;

export type TAuthedContext = TRequestContext & { actor: TActor };

export function route<E extends TEndpoint<z.ZodType, z.ZodType, z.ZodType, z.ZodType, boolean>>(
  app: FastifyInstance,
  e: E,
  handler: (
    input: Input<E>,
    ctx: E['auth'] extends true ? TAuthedContext : TRequestContext,
    req: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<TEndpointResponse<E>>,
): void {
  const status = e.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: e.method,
    url: e.path,
    schema: {
      summary: e.summary,
      tags: e.tags,
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      response: { [status]: e.response, '4xx': ZErrorBody },
      ...(e.auth ? { security: [{ session: [] }] } : {}),
    },
    config: { auth: e.auth },
    handler: async (req, reply) => {
      const ctx = req.ctx;
      if (e.auth && !ctx.actor) throw new AppError('AUTH_REQUIRED');
      const out = await handler(
        { params: req.params, query: req.query, body: req.body } as Input<E>,
        ctx as never,
        req,
        reply,
      );
      reply.status(status);
      return out;
    },
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: TRequestContext;
    sessionError?: 'expired';
    mustChangePassword?: boolean;
  }
  interface FastifyContextConfig {
    auth?: boolean;
  }
}
