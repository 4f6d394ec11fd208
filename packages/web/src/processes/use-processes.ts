import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TEndpointBody } from '@xietong/core/api';
import { callApi, newIdempotencyKey } from '../api/client';
import { processApi } from '../api/endpoints';

/** The process catalogue (ten cross-agency processes); static for a server version. */
export function useCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: ({ signal }) => callApi(processApi.catalogue, { signal }),
    staleTime: 60 * 60_000,
    enabled,
  });
}

export type TActBody = TEndpointBody<typeof processApi.act>;

/**
 * Fire one action on a process instance. The Idempotency-Key is made once per intent (per
 * mutate call), so a network retry of the same click cannot act twice.
 */
export function useAct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ instanceId, body, key }: { instanceId: string; body: TActBody; key?: string }) =>
      callApi(processApi.act, { params: { id: instanceId }, body, headers: { 'Idempotency-Key': key ?? newIdempotencyKey() } }),
    onSuccess: (inst) => {
      void qc.invalidateQueries({ queryKey: ['case', inst.caseId] });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}
