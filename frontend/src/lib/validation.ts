// Form schemas (zod). Messages are translation keys, rendered by the forms.
import { z } from "zod";

export const userCreateSchema = z.object({
  full_name: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  email: z.string().trim().min(1, "validation.required").email("validation.email"),
  password: z.string().min(12, "validation.passwordLength"),
  role: z.string().min(1, "validation.required"),
  scope_id: z.string(),
});
export type UserCreateValues = z.infer<typeof userCreateSchema>;
