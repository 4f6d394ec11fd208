import { useQuery } from '@tanstack/react-query';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';

/** The agency directory (every user needs it to pick a receiving agency); it changes rarely. */
export function useAgencies() {
  return useQuery({
    queryKey: ['agencies'],
    queryFn: ({ signal }) => callApi(foundationApi.listAgencies, { signal }),
    staleTime: 10 * 60_000,
  });
}
