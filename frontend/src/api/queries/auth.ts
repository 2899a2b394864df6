import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../client";

export const meQuery = () =>
  queryOptions({
    queryKey: ["auth", "me"],
    queryFn: () => unwrap(api.GET("/api/v1/auth/me")),
    staleTime: 5 * 60_000,
  });
