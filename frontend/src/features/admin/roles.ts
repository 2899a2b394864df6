// The role rules the users page offers grants from: taken from the API (GET /roles), which checks
// each grant again. The web app keeps no copy of the role table.
import { useQuery } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { roleRulesQuery } from "../../api/queries/users";
import { useMe } from "../../auth/SessionProvider";

type Role = Schemas["Role"];
type ScopeType = Schemas["ScopeType"];
export type RoleRule = Schemas["RoleRule"];

/** The kinds of scope the users page can pick from (NGO managers are not set up there). */
const PICKABLE_SCOPES: readonly ScopeType[] = ["national", "municipality", "institution"];

/** The scope a role is granted in: the first the API names. */
const grantScope = (rule: RoleRule): ScopeType | undefined => rule.scope_types[0];

/** The roles the signed-in person may grant on the users page, in the API's order. */
function grantableHere(rules: readonly RoleRule[]): RoleRule[] {
  return rules.filter((rule) => {
    const scope = grantScope(rule);
    return rule.grantable && scope !== undefined && PICKABLE_SCOPES.includes(scope);
  });
}

export function useRoleRules() {
  const me = useMe();
  const query = useQuery(roleRulesQuery(me.current));
  const rules = query.data?.items ?? [];
  const byRole = new Map(rules.map((rule) => [rule.role, rule]));
  return {
    grantable: grantableHere(rules),
    scopeOf: (role: Role): ScopeType | undefined => {
      const rule = byRole.get(role);
      return rule ? grantScope(rule) : undefined;
    },
    error: query.error,
  };
}
