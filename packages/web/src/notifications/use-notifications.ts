import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationsApi, type TEndpointBody, type TEndpointQuery } from '@xietong/core/api';
import { callApi } from '../api/client';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

export function useNotifications(query: TEndpointQuery<typeof notificationsApi.listNotifications>, opts: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, query],
    queryFn: ({ signal }) => callApi(notificationsApi.listNotifications, { query, signal }),
    placeholderData: (prev) => prev,
    // the bell refreshes itself: deadlines and 待办 arrive from the sweeps, not from the user's own clicks
    ...(opts.poll ? { refetchInterval: 60_000 } : {}),
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callApi(notificationsApi.markNotificationRead, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: ['notification-preferences'], queryFn: ({ signal }) => callApi(notificationsApi.getNotificationPreferences, { signal }) });
}

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TEndpointBody<typeof notificationsApi.updateNotificationPreferences>) => callApi(notificationsApi.updateNotificationPreferences, { body }),
    onSuccess: (data) => {
      qc.setQueryData(['notification-preferences'], data);
      void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
  });
}
