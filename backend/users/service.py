"""Staff accounts and the roles they hold (who may grant which role: DESIGN §3)."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import local_today, utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.core.security import hash_password, normalise_email
from backend.identity.principal import Principal
from backend.identity.roles import GRANTABLE_ROLES, ROLE_SCOPE, Role, ScopeType
from backend.schools import service as schools_service
from backend.users import repository
from backend.users.models import RoleAssignment, User
from backend.users.schemas import RoleAssignmentCreate, UserCreate, UserUpdate

get_user = repository.get_user
find_by_email = repository.find_by_email

valid_assignments = repository.valid_assignments
user_by_id = repository.user_by_id
assignment_by_id = repository.assignment_by_id


@dataclass(frozen=True)
class UserWithAssignments:
    user: User
    assignments: list[RoleAssignment]


def principal_for(assignment: RoleAssignment) -> Principal:
    return Principal(
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        user_id=assignment.user_id,
        assignment_id=assignment.id,
    )


def principal_for_token(
    session: Session,
    *,
    user_id: uuid.UUID,
    assignment_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    today: date,
) -> Principal | None:
    """The principal a user's access token stands for, if the account still allows it and its
    login session (the refresh-token family) is not ended: one query, so logout, reuse
    detection, deactivation and the end of a role take effect on the next request."""
    if assignment_id is None or session_id is None:
        return None
    row = repository.assignment_in_open_session(
        session, user_id=user_id, assignment_id=assignment_id, session_id=session_id
    )
    if row is None:
        return None
    assignment, active = row
    if not active or not assignment.is_valid_on(today):
        return None
    return principal_for(assignment)


def _with_assignments(session: Session, users: list[User]) -> list[UserWithAssignments]:
    assignments = repository.assignments_of(session, [u.id for u in users])
    by_user: dict[uuid.UUID, list[RoleAssignment]] = {u.id: [] for u in users}
    for a in assignments:
        by_user[a.user_id].append(a)
    return [UserWithAssignments(u, by_user[u.id]) for u in users]


def read_user(session: Session, principal: Principal, id: uuid.UUID) -> UserWithAssignments:
    return _with_assignments(session, [repository.get_user(session, principal, id)])[0]


def list_users(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    role: Role | None = None,
    q: str | None = None,
) -> tuple[list[UserWithAssignments], str | None]:
    stmt = repository.filtered_users(principal, institution_id=institution_id, role=role, q=q)
    rows, cursor = paginate(session, stmt, [User.email, User.id], page)
    return _with_assignments(session, rows), cursor


def _check_grant(
    session: Session,
    principal: Principal,
    data: RoleAssignmentCreate,
    loc: tuple[str, ...] = ("body",),
) -> ScopeType:
    """Refuse a grant the caller may not make; return the scope type of the new role."""
    if data.role not in GRANTABLE_ROLES.get(principal.role, frozenset()):
        raise Forbidden(msg("user.grant-not-allowed", own=principal.role, role=data.role))
    (scope_type,) = ROLE_SCOPE[data.role]
    if scope_type is ScopeType.national:
        if data.scope_id is not None:
            raise InvalidInput.field([*loc, "scope_id"], msg("user.national-no-scope"))
        return scope_type
    if data.scope_id is None:
        raise InvalidInput.field([*loc, "scope_id"], msg("user.scope-required", role=data.role))
    match scope_type:
        case ScopeType.institution:
            schools_service.get_institution_in_scope(session, principal, data.scope_id)
        case ScopeType.municipality:
            schools_service.get_municipality(session, principal, data.scope_id)
        case ScopeType.ngo:
            schools_service.get_ngo(session, data.scope_id)
    return scope_type


def _check_manages(session: Session, principal: Principal, user: User) -> None:
    """Refuse to change an account that holds a role the caller could not have granted: a
    director must not lock out a colleague's roles in another school or at IKVD."""
    today = local_today()
    for held in repository.valid_assignments(session, user.id, today):
        try:
            _check_grant(
                session, principal, RoleAssignmentCreate(role=held.role, scope_id=held.scope_id)
            )
        except NotFound as exc:
            raise Forbidden(msg("user.roles-outside-scope")) from exc


def _new_assignment(
    principal: Principal, user_id: uuid.UUID, data: RoleAssignmentCreate, scope_type: ScopeType
) -> RoleAssignment:
    today = local_today()
    return RoleAssignment(
        user_id=user_id,
        role=data.role,
        scope_type=scope_type,
        municipality_id=data.scope_id if scope_type is ScopeType.municipality else None,
        institution_id=data.scope_id if scope_type is ScopeType.institution else None,
        ngo_id=data.scope_id if scope_type is ScopeType.ngo else None,
        valid_from=data.valid_from or today,
        valid_to=data.valid_to,
        granted_by_id=principal.user_id,
    )


def create_user(session: Session, principal: Principal, data: UserCreate) -> UserWithAssignments:
    scope_type = _check_grant(session, principal, data.assignment, ("body", "assignment"))
    email = normalise_email(data.email)
    if repository.find_by_email(session, email) is not None:
        raise Conflict(msg("user.email-taken"))
    user = User(email=email, full_name=data.full_name, password_hash=hash_password(data.password))
    session.add(user)
    session.flush()
    assignment = _new_assignment(principal, user.id, data.assignment, scope_type)
    session.add(assignment)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.user,
        user.id,
        institution_id=assignment.institution_id,
        detail=f"role={assignment.role}",
    )
    return UserWithAssignments(user, [assignment])


def update_user(
    session: Session, principal: Principal, id: uuid.UUID, data: UserUpdate
) -> UserWithAssignments:
    user = repository.get_user(session, principal, id)
    _check_manages(session, principal, user)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise InvalidInput.field(["body", name], msg("field.not-null"))
        setattr(user, name, value)
    if changes.get("active") is False:
        if user.id == principal.user_id:
            # Nor end the role acted in (below): an IKVD administrator doing either could leave
            # the country without one.
            raise Conflict(msg("user.deactivate-self"))
        _revoke_refresh_tokens(session, user_id=user.id)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.user,
        user.id,
        institution_id=principal.institution_id,
        detail=",".join(sorted(changes)),
    )
    return read_user(session, principal, user.id)


def grant_role(
    session: Session, principal: Principal, user_id: uuid.UUID, data: RoleAssignmentCreate
) -> RoleAssignment:
    user = repository.get_user(session, principal, user_id)
    scope_type = _check_grant(session, principal, data)
    duplicate = [
        a
        for a in repository.assignments_of(session, [user.id])
        if a.role is data.role and a.scope_id == data.scope_id and a.valid_to is None
    ]
    if duplicate:
        raise Conflict(msg("user.role-held"))
    assignment = _new_assignment(principal, user.id, data, scope_type)
    session.add(assignment)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType.role_assignment,
        assignment.id,
        institution_id=assignment.institution_id,
        detail=f"user={user.id} role={assignment.role}",
    )
    return assignment


def end_role(
    session: Session, principal: Principal, user_id: uuid.UUID, assignment_id: uuid.UUID
) -> None:
    """End an assignment from today on: its tokens stop working at once."""
    user = repository.get_user(session, principal, user_id)
    assignment = repository.assignment_by_id(session, assignment_id)
    if assignment is None or assignment.user_id != user.id:
        raise NotFound(msg("role-assignment.not-found"))
    _check_grant(
        session,
        principal,
        RoleAssignmentCreate(role=assignment.role, scope_id=assignment.scope_id),
    )
    if assignment.id == principal.assignment_id:
        raise Conflict(msg("user.end-own-role"))
    yesterday = local_today() - timedelta(days=1)
    ended = max(yesterday, assignment.valid_from - timedelta(days=1))
    # An assignment that already ended keeps its end: ending it again must not extend it.
    if assignment.valid_to is None or assignment.valid_to > ended:
        assignment.valid_to = ended
    _revoke_refresh_tokens(session, assignment_id=assignment.id)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.delete,
        ResourceType.role_assignment,
        assignment.id,
        institution_id=assignment.institution_id,
    )


def _revoke_refresh_tokens(
    session: Session, *, user_id: uuid.UUID | None = None, assignment_id: uuid.UUID | None = None
) -> None:
    repository.revoke_sessions(session, utcnow(), user_id=user_id, assignment_id=assignment_id)
