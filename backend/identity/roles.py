"""Roles, their scopes and permissions: the one table that says who may do what (DESIGN §3)."""

from enum import StrEnum


class Role(StrEnum):
    ikvd_admin = "ikvd_admin"
    municipal_coordinator = "municipal_coordinator"
    school_director = "school_director"
    school_coordinator = "school_coordinator"
    teacher = "teacher"
    support_specialist = "support_specialist"
    ngo_manager = "ngo_manager"
    integration_client = "integration_client"


class ScopeType(StrEnum):
    national = "national"
    municipality = "municipality"
    institution = "institution"
    ngo = "ngo"


class Permission(StrEnum):
    organisation_read = "organisation:read"  # municipalities, institutions, years, semesters
    organisation_write = "organisation:write"  # municipalities, institutions, years, semesters
    class_groups_read = "class_groups:read"
    class_groups_write = "class_groups:write"
    users_read = "users:read"
    users_write = "users:write"
    students_read = "students:read"
    students_write = "students:write"
    personal_codes_read = "personal_codes:read"
    catalogue_read = "catalogue:read"
    catalogue_write = "catalogue:write"
    audit_read = "audit:read"
    plans_read = "plans:read"
    plans_write = "plans:write"  # write plans as their author
    plans_approve_school = "plans:approve_school"
    plans_approve_municipality = "plans:approve_municipality"
    plans_approve_national = "plans:approve_national"
    plans_evaluate = "plans:evaluate"  # evaluate, close and discontinue plans
    deliveries_write = "deliveries:write"
    notes_write = "notes:write"
    notes_restricted = "notes:restricted"  # restricted notes and sensitive risk factors
    plan_status_read = "plan_status:read"  # plan statuses for other systems
    initiatives_read = "initiatives:read"  # NGOs, calls, projects, activities in scope
    ngos_write = "ngos:write"
    initiative_calls_manage = "initiative_calls:manage"  # open calls, decide on projects
    initiative_projects_write = "initiative_projects:write"  # submit, schedule, record, complete
    initiative_reports_read = "initiative_reports:read"
    activity_links_manage = "activity_links:manage"  # link activities to plan measures
    api_clients_manage = "api_clients:manage"  # create, rotate, revoke API clients in scope
    changes_read = "changes:read"  # the change feed
    webhooks_manage = "webhooks:manage"  # an API client's own webhook subscriptions
    # a student's guardians (legal representatives) and consents, in the student's school
    guardians_consents_write = "guardians_consents:write"
    students_import = "students:import"
    students_export = "students:export"
    plan_statuses_export = "plan_statuses:export"
    subject_access_export = "subject_access:export"  # everything held about one student
    indicators_read = "indicators:read"  # attendance, grades, behaviour and flags in scope
    indicators_import = "indicators:import"  # a school's e-journal exports
    indicators_push = "indicators:push"  # bulk indicator batches from municipal systems
    flags_dismiss = "flags:dismiss"  # dismiss a flag for a semester, with a reason
    absences_report = "absences:report"  # the > 20 unexcused list and its reported date
    flag_counts_read = "flag_counts:read"  # flagged students counted per institution
    indicator_rules_read = "indicator_rules:read"
    indicator_rules_write = "indicator_rules:write"  # national defaults, municipal overrides


P = Permission

_STAFF_READ = {
    P.organisation_read,
    P.class_groups_read,
    P.users_read,
    P.students_read,
    P.catalogue_read,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ikvd_admin: frozenset(
        _STAFF_READ
        # IKVD sets up a new school: its register entry and its first classes.
        | {P.organisation_write, P.class_groups_write, P.users_write, P.catalogue_write}
        | {P.audit_read}
        | {P.api_clients_manage, P.changes_read, P.students_export, P.plan_statuses_export}
    ),
    Role.municipal_coordinator: frozenset(
        _STAFF_READ
        | {P.users_write, P.personal_codes_read, P.audit_read}
        | {P.api_clients_manage, P.changes_read, P.students_export, P.plan_statuses_export}
    ),
    Role.school_director: frozenset(
        _STAFF_READ
        | {
            P.class_groups_write,
            P.users_write,
            P.students_write,
            P.personal_codes_read,
            P.audit_read,
            P.students_import,
            P.students_export,
            P.plan_statuses_export,
            P.subject_access_export,
        }
    ),
    Role.school_coordinator: frozenset(
        _STAFF_READ
        | {P.class_groups_write, P.students_write, P.personal_codes_read}
        | {P.students_import, P.students_export, P.plan_statuses_export}
        | {P.subject_access_export}
    ),
    Role.teacher: frozenset(_STAFF_READ),
    Role.support_specialist: frozenset(_STAFF_READ),
    Role.ngo_manager: frozenset({P.organisation_read}),
    Role.integration_client: frozenset(
        {P.organisation_read, P.changes_read, P.webhooks_manage, P.plan_statuses_export}
    ),
}

# Youth NGO initiatives (DESIGN §2): the municipality runs calls and decides, the NGO runs its
# projects and never sees students; schools see activities for their classes and link them to
# measures of their students' plans.
_INITIATIVE_SCHOOL = {P.initiatives_read, P.activity_links_manage}
_INITIATIVES: dict[Role, set[Permission]] = {
    Role.ikvd_admin: {P.initiatives_read, P.ngos_write, P.initiative_reports_read},
    Role.municipal_coordinator: {
        P.initiatives_read,
        P.initiative_calls_manage,
        P.initiative_reports_read,
    },
    Role.school_director: _INITIATIVE_SCHOOL,
    Role.school_coordinator: _INITIATIVE_SCHOOL,
    Role.teacher: _INITIATIVE_SCHOOL,
    Role.support_specialist: _INITIATIVE_SCHOOL,
    Role.ngo_manager: {P.initiatives_read, P.initiative_projects_write},
}
for _role, _extra in _INITIATIVES.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra

# Support plans (DESIGN §3): authors write, the approval chain approves, the school coordinator
# evaluates; restricted notes and sensitive factors only for specialists and the director (and the
# plan's own author, checked per plan). Integration clients see plan statuses, nothing personal.
_PLAN_STAFF = {P.plans_read, P.plan_status_read, P.notes_write}
_PLANS: dict[Role, set[Permission]] = {
    Role.ikvd_admin: {P.plans_read, P.plan_status_read, P.plans_approve_national},
    Role.municipal_coordinator: {P.plans_read, P.plan_status_read, P.plans_approve_municipality},
    Role.school_director: _PLAN_STAFF | {P.plans_approve_school, P.notes_restricted},
    Role.school_coordinator: _PLAN_STAFF | {P.plans_evaluate, P.deliveries_write},
    Role.teacher: _PLAN_STAFF | {P.plans_write, P.deliveries_write},
    Role.support_specialist: _PLAN_STAFF | {P.plans_write, P.deliveries_write, P.notes_restricted},
    Role.integration_client: {P.plan_status_read},
}
for _role, _extra in _PLANS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra

# Early identification (issue: indicators and flags): visible in the student's school and to its
# municipality's coordinator; IKVD sees counts and sets the national rules; integration clients
# push indicator batches but read no values.
_SCHOOL_EARLY = {P.indicators_read, P.flags_dismiss, P.indicator_rules_read}
_EARLY: dict[Role, set[Permission]] = {
    Role.ikvd_admin: {P.flag_counts_read, P.indicator_rules_read, P.indicator_rules_write},
    Role.municipal_coordinator: {
        P.indicators_read,
        P.absences_report,
        P.flag_counts_read,
        P.indicator_rules_read,
        P.indicator_rules_write,
    },
    Role.school_director: _SCHOOL_EARLY | {P.indicators_import, P.absences_report},
    Role.school_coordinator: _SCHOOL_EARLY | {P.indicators_import, P.absences_report},
    Role.teacher: _SCHOOL_EARLY,
    Role.support_specialist: _SCHOOL_EARLY,
    Role.integration_client: {P.indicators_push},
}
for _role, _extra in _EARLY.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra

# Guardians and consents: recorded where the signed paper is, by the student's school (its
# director, coordinator and teachers).
for _role in (Role.school_director, Role.school_coordinator, Role.teacher):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {P.guardians_consents_write}

# The scope each role is held in.
ROLE_SCOPE: dict[Role, frozenset[ScopeType]] = {
    Role.ikvd_admin: frozenset({ScopeType.national}),
    Role.municipal_coordinator: frozenset({ScopeType.municipality}),
    Role.school_director: frozenset({ScopeType.institution}),
    Role.school_coordinator: frozenset({ScopeType.institution}),
    Role.teacher: frozenset({ScopeType.institution}),
    Role.support_specialist: frozenset({ScopeType.institution}),
    Role.ngo_manager: frozenset({ScopeType.ngo}),
    Role.integration_client: frozenset({ScopeType.municipality, ScopeType.national}),
}

_SCHOOL_STAFF = frozenset({Role.school_coordinator, Role.teacher, Role.support_specialist})

# Which roles a role may grant (the grant must also fall inside the granter's scope).
GRANTABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ikvd_admin: frozenset(set(Role) - {Role.integration_client}),
    Role.municipal_coordinator: _SCHOOL_STAFF | {Role.school_director},
    Role.school_director: _SCHOOL_STAFF,
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
