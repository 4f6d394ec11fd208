/**
 * Binary endpoints (view/download/export, multipart upload) from the same contracts: URLs are
 * built from the endpoint's path and typed params/query; uploads go through XMLHttpRequest so
 * the user sees upload progress.
 */
import type { TEndpoint, TEndpointParams, TEndpointQuery, TEndpointResponse } from '@xietong/core/api';
import { ApiError, buildPath, buildQuery, type TIfDefined } from './client';

/** `params`/`query` required exactly when the contract has them (verify has neither). */
export type TUploadOptions<E> = TIfDefined<TEndpointParams<E>, 'params'> & TIfDefined<TEndpointQuery<E>, 'query'>;

export function endpointUrl<E extends TEndpoint>(
  endpoint: E,
  opts: { params?: TEndpointParams<E>; query?: Partial<TEndpointQuery<E>> },
): string {
  return buildPath(endpoint.path, opts.params as Record<string, unknown>) + buildQuery(opts.query as Record<string, unknown>);
}

export function uploadFile<E extends TEndpoint>(
  endpoint: E,
  opts: TUploadOptions<E>,
  file: File,
  onProgress: (percent: number) => void,
): Promise<TEndpointResponse<E>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(endpoint.method, endpointUrl(endpoint, opts as { params?: TEndpointParams<E>; query?: Partial<TEndpointQuery<E>> }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry', null));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(json as TEndpointResponse<E>);
        return;
      }
      const err = (json as { error?: { code?: string; message?: string; messageEn?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(xhr.status, err?.code ?? `HTTP_${xhr.status}`, err?.message ?? `服务器错误（HTTP ${xhr.status}）`, err?.messageEn ?? `Server error (HTTP ${xhr.status})`, err?.details ?? null));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
