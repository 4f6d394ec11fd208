/**
 * The typed client: one function for every endpoint contract in @xietong/core/api. Request and
 * response types come from the contract's zod schemas, so the browser never keeps its own copy
 * of an API type (STYLE.md §2.11).
 */
import type {
  TEndpoint,
  TEndpointBody,
  TEndpointParams,
  TEndpointQuery,
  TEndpointResponse,
} from '@xietong/core/api';

/** An error answered by the server: `{ error: { code, message, messageEn, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type TIfDefined<T, K extends string> = [T] extends [never] ? { [P in K]?: never } : { [P in K]: T };

export type TCallOptions<E> = TIfDefined<TEndpointParams<E>, 'params'> &
  Partial<TIfDefined<TEndpointQuery<E>, 'query'>> &
  TIfDefined<TEndpointBody<E>, 'body'> & {
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

/** `/api/cases/:id` + `{ id }` → `/api/cases/<id>` (each value URL-encoded). */
export function buildPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, k: string) => {
    const v = params?.[k];
    if (v === undefined || v === null) throw new Error(`missing path parameter ${k} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

export function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Listeners told when the server says the session is gone (401), so the shell can show the login page. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export async function callApi<E extends TEndpoint>(
  endpoint: E,
  ...[opts]: [TEndpointParams<E>] extends [never]
    ? [TEndpointBody<E>] extends [never]
      ? [opts?: TCallOptions<E>]
      : [opts: TCallOptions<E>]
    : [opts: TCallOptions<E>]
): Promise<TEndpointResponse<E>> {
  const o = (opts ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };
  const url = buildPath(endpoint.path, o.params) + buildQuery(o.query);
  const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
  let res: Response;
  try {
    res = await fetch(url, {
      method: endpoint.method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}), ...o.headers },
      body: hasBody ? JSON.stringify(o.body ?? {}) : undefined,
      signal: o.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry', null);
  }
  if (res.status === 204) return undefined as TEndpointResponse<E>;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; messageEn?: string; details?: unknown } } | null)?.error;
    if (res.status === 401 && endpoint.path !== '/api/auth/login') unauthorizedListeners.forEach((fn) => fn());
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? `服务器错误（HTTP ${res.status}）`,
      err?.messageEn ?? `Server error (HTTP ${res.status})`,
      err?.details ?? null,
    );
  }
  return json as TEndpointResponse<E>;
}

/** A fresh Idempotency-Key for one user intent (a retried click reuses it). */
export function newIdempotencyKey(): string {
  // randomUUID needs a secure context; an intranet server on plain http still has getRandomValues.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
