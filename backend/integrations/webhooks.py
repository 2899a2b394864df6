"""Webhook subscriptions of an API client: where its events go, and the log of deliveries."""

import hashlib
import hmac
import ipaddress
import secrets
import socket
import uuid
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.config import get_settings
from backend.core.errors import InvalidInput, NotFound
from backend.core.messages import Message, msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
from backend.integrations import feed, repository
from backend.integrations.models import WebhookDelivery, WebhookSubscription
from backend.integrations.schemas import WebhookCreate, WebhookUpdate, WebhookWithSecret

SIGNATURE_HEADER = "X-Pumpurs-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` (DESIGN §5)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class UnsafeUrl(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def check_url(url: str, *, allow_private: bool | None = None) -> None:
    """Accept only https URLs whose host resolves to public addresses (unless allowed)."""
    if allow_private is None:
        allow_private = get_settings().webhooks_allow_private
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrl(msg("webhook.url-absolute-https"))
    if allow_private:
        return
    if parts.scheme != "https":
        raise UnsafeUrl(msg("webhook.url-https"))
    if parts.username or parts.password:
        raise UnsafeUrl(msg("webhook.url-credentials"))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl(msg("webhook.url-unresolved")) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeUrl(msg("webhook.url-private"))


def matches(event_types: list[str], event_type: str) -> bool:
    family = event_type.split(".", 1)[0]
    return any(t in ("*", event_type, f"{family}.*") for t in event_types)


readable_subscriptions = repository.readable_subscriptions


def get_subscription(session: Session, principal: Principal, id: uuid.UUID) -> WebhookSubscription:
    row = repository.subscription_in_scope(session, principal, id)
    if row is None:
        raise NotFound(msg("webhook.not-found"))
    return row


def list_subscriptions(
    session: Session, principal: Principal, page: PageParams
) -> tuple[list[WebhookSubscription], str | None]:
    keys = [WebhookSubscription.created_at, WebhookSubscription.id]
    return paginate(session, readable_subscriptions(principal), keys, page)


def create_subscription(
    session: Session, principal: Principal, data: WebhookCreate
) -> WebhookWithSecret:
    if principal.client_id is None:
        raise NotFound(msg("webhook.not-a-client"))
    try:
        check_url(data.url)
    except UnsafeUrl as exc:
        raise InvalidInput.field(["body", "url"], exc.message) from exc
    secret = data.secret or secrets.token_urlsafe(32)
    row = WebhookSubscription(
        client_id=principal.client_id,
        url=data.url,
        event_types=sorted(set(data.event_types)),
        secret=secret,
        # Events from now on: a new subscription does not replay the history.
        queued_through=feed.last_sequence(session),
    )
    session.add(row)
    session.flush()
    audit_service.record(session, principal, AuditAction.create, ResourceType.webhook, row.id)
    return WebhookWithSecret(
        id=row.id,
        url=row.url,
        event_types=row.event_types,
        active=row.active,
        created_at=row.created_at,
        secret=secret,
    )


def update_subscription(
    session: Session, principal: Principal, id: uuid.UUID, data: WebhookUpdate
) -> WebhookSubscription:
    row = get_subscription(session, principal, id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise InvalidInput.field(["body", name], msg("field.not-null"))
    if data.event_types is not None:
        row.event_types = sorted(set(data.event_types))
    if data.active is not None:
        if data.active and not row.active:
            row.queued_through = feed.last_sequence(session)
        row.active = data.active
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.webhook,
        row.id,
        detail=",".join(sorted(changes)),
    )
    return row


def delete_subscription(session: Session, principal: Principal, id: uuid.UUID) -> None:
    """Deactivate: the delivery log stays readable for the record."""
    row = get_subscription(session, principal, id)
    row.active = False
    session.flush()
    audit_service.record(session, principal, AuditAction.delete, ResourceType.webhook, row.id)


def list_deliveries(
    session: Session, principal: Principal, id: uuid.UUID, page: PageParams
) -> tuple[list[WebhookDelivery], str | None]:
    subscription = get_subscription(session, principal, id)
    stmt = repository.deliveries_of(subscription.id)
    return paginate(
        session, stmt, [WebhookDelivery.sequence, WebhookDelivery.id], page, descending=True
    )
