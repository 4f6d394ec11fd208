/**
 * One endpoint contract = method + path + zod schemas. The server registers its handler
 * against it (validation, types, OpenAPI), and the web client calls it (types), so the
 * two cannot drift (STYLE.md §2.6, §2.11).
 */
import { z } from 'zod';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TEndpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends boolean = boolean,
> = {
  method: THttpMethod;
  path: string;
  summary: string;
  tags: string[];
  /** false only for login and health */
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** the status of a successful answer */
  status?: 200 | 201 | 202 | 204;
};

export function defineEndpoint<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType = z.ZodType,
  const A extends boolean = boolean,
>(e: TEndpoint<P, Q, B, R, A>): TEndpoint<P, Q, B, R, A> {
  return e;
}

export type TEndpointParams<E> = E extends TEndpoint<infer P, z.ZodType, z.ZodType, z.ZodType, boolean> ? z.input<P> : never;
export type TEndpointQuery<E> = E extends TEndpoint<z.ZodType, infer Q, z.ZodType, z.ZodType, boolean> ? z.input<Q> : never;
export type TEndpointBody<E> = E extends TEndpoint<z.ZodType, z.ZodType, infer B, z.ZodType, boolean> ? z.input<B> : never;
export type TEndpointResponse<E> = E extends TEndpoint<z.ZodType, z.ZodType, z.ZodType, infer R, boolean> ? z.output<R> : never;

/** Shared pieces */
export const ZUuid = z.uuid({ message: '应为UUID格式' });
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZIsoDateTime = z.string();
export const ZOk = z.object({ ok: z.literal(true) });
