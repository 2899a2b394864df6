// The form of a new API client (zod). Messages are translation keys, rendered by the form.
import { z } from "zod";
import type { Schemas } from "../../api/client";

const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

export const apiClientSchema = z
  .object({
    name: z.string().trim().min(2, "validation.required").max(200, "validation.tooLong"),
    client_id: z
      .string()
      .trim()
      .refine((v) => v === "" || CLIENT_ID.test(v), "integrations.clients.clientIdRule"),
    scope_type: z.enum(["national", "municipality"]),
    municipality_id: z.string(),
  })
  .refine((v) => v.scope_type !== "municipality" || v.municipality_id !== "", {
    message: "validation.required",
    path: ["municipality_id"],
  });
export type ApiClientValues = z.infer<typeof apiClientSchema>;

export function toApiClientCreate(v: ApiClientValues): Schemas["ApiClientCreate"] {
  return {
    name: v.name.trim(),
    client_id: v.client_id.trim() || null,
    scope_type: v.scope_type,
    municipality_id: v.scope_type === "municipality" ? v.municipality_id : null,
  };
}
