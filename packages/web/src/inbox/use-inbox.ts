import { useQuery } from '@tanstack/react-query';
import type { TEndpointQuery } from '@xietong/core/api';
import { callApi } from '../api/client';
import { processApi } from '../api/endpoints';

export type TInboxQuery = TEndpointQuery<typeof processApi.inbox>;

export function useInbox(query: TInboxQuery, enabled = true) {
  return useQuery({
    queryKey: ['inbox', query],
    queryFn: ({ signal }) => callApi(processApi.inbox, { query, signal }),
    enabled,
    placeholderData: (prev) => prev,
  });
}
