import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

export type Notification = Schemas["NotificationRead"];
export type Preferences = Schemas["PreferencesRead"];

// The bell asks again now and then, so a plan submitted meanwhile shows up without a reload.
const POLL_MS = 15_000;

export const unreadCountQuery = () =>
  queryOptions({
    queryKey: ["notifications", "unread"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count")),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });

export const notificationListQuery = (limit = 20) =>
  queryOptions({
    queryKey: ["notifications", "list", limit],
    queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit } } })),
    staleTime: 0,
  });

export const preferencesQuery = () =>
  queryOptions({
    queryKey: ["notifications", "preferences"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/preferences")),
  });

export function useNotificationMutations() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["notifications"] });
  return {
    markRead: useMutation({
      mutationFn: (id: string) =>
        unwrap(api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } } })),
      onSuccess: refresh,
    }),
    markAllRead: useMutation({
      mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
      onSuccess: refresh,
    }),
    setPreferences: useMutation({
      mutationFn: (body: Schemas["PreferencesUpdate"]) =>
        unwrap(api.PUT("/api/v1/notifications/preferences", { body })),
      onSuccess: (data) => client.setQueryData(preferencesQuery().queryKey, data),
    }),
  };
}
