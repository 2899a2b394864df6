import type { Schemas } from "../../api/client";

type Role = Schemas["Role"];
type ScopeType = Schemas["ScopeType"];

/** The scope a role is held in (mirrors the API's ROLE_SCOPE; the API has the last word). */
export const ROLE_SCOPE: Record<Role, ScopeType> = {
  ikvd_admin: "national",
  municipal_coordinator: "municipality",
  school_director: "institution",
  school_coordinator: "institution",
  teacher: "institution",
  support_specialist: "institution",
  ngo_manager: "ngo",
  integration_client: "municipality",
};

const SCHOOL_STAFF: Role[] = ["school_coordinator", "teacher", "support_specialist"];

/** Roles a role may grant; the API checks this and the scope again. */
export const GRANTABLE: Partial<Record<Role, Role[]>> = {
  ikvd_admin: [
    "ikvd_admin",
    "municipal_coordinator",
    "school_director",
    "school_coordinator",
    "teacher",
    "support_specialist",
    "ngo_manager",
  ],
  municipal_coordinator: [...SCHOOL_STAFF, "school_director"],
  school_director: SCHOOL_STAFF,
};
