import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

export function useRequestReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/api/v1/accounts/password-reset", { body: { email } })),
  });
}

export function useConfirmReset() {
  return useMutation({
    mutationFn: (body: Schemas["TokenPassword"]) =>
      unwrap(api.POST("/api/v1/accounts/password-reset/confirm", { body })),
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: Schemas["TokenPassword"]) =>
      unwrap(api.POST("/api/v1/accounts/invitations/accept", { body })),
  });
}

export function useInviteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["InvitationCreate"]) => unwrap(api.POST("/api/v1/accounts/invitations", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}
