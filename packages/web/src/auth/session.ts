/**
 * The signed-in user (GET /api/me) as a react-query entry. A 401 anywhere clears it, which
 * sends the shell back to the login page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TMe } from '@xietong/core/api';
import { useEffect } from 'react';
import { ApiError, callApi, onUnauthorized } from '../api/client';
import { foundationApi } from '../api/endpoints';

export const ME_KEY = ['me'] as const;

export function useMe() {
  const qc = useQueryClient();
  useEffect(() => onUnauthorized(() => qc.setQueryData(ME_KEY, null)), [qc]);
  return useQuery<TMe | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await callApi(foundationApi.me);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** The current user; only used below the shell's guard, where it is known to exist. */
export function useCurrentUser(): TMe {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside a signed-in shell');
  return data;
}
