"""Tokens, password hashes and the protection of personal codes.

The only module that imports ``jose`` and the password hasher.
"""

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from cachetools import LRUCache
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from jose import JWTError, jwt
from pwdlib import PasswordHash

from backend.core.clock import utcnow
from backend.core.config import Settings, get_settings

ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105
# Clocks of several API processes differ by a little; an ``iat`` further ahead is forged.
IAT_LEEWAY = timedelta(seconds=30)
_REQUIRED_CLAIMS = ("sub", "exp", "iat", "iss", "aud", "jti", "typ", "role", "scope_type")


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class AccessClaims:
    subject: str
    role: str
    scope_type: str
    scope_id: uuid.UUID | None
    assignment_id: uuid.UUID | None
    token_id: str
    expires_at: datetime
    # The login session (refresh-token family) a user's token belongs to; None for API clients.
    session_id: uuid.UUID | None = None


def create_access_token(
    *,
    subject: str,
    role: str,
    scope_type: str,
    scope_id: uuid.UUID | None,
    assignment_id: uuid.UUID | None,
    session_id: uuid.UUID | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> tuple[str, int]:
    """Return a signed access token and its lifetime in seconds."""
    settings = settings or get_settings()
    issued = now or utcnow()
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims: dict[str, Any] = {
        "sub": subject,
        "role": role,
        "scope_type": scope_type,
        "scope_id": str(scope_id) if scope_id else None,
        "asg": str(assignment_id) if assignment_id else None,
        "sid": str(session_id) if session_id else None,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(issued.timestamp()),
        "exp": int((issued + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": ACCESS_TOKEN_TYPE,
    }
    token: str = jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)
    return token, int(lifetime.total_seconds())


# Tokens whose signature, issuer and audience were verified, by (token, key, audience, issuer):
# a client presents the same token for many requests, and verifying it again costs more than the
# rest of a status pull's work in Python. Expiry is checked at every use, as the first time; a
# token that failed is never kept. What a token may do now is checked against its account at
# every request all the same.
_verified: LRUCache[tuple[str, str, str, str], dict[str, Any]] = LRUCache(maxsize=4096)
_verified_lock = threading.Lock()


def _verified_claims(token: str, settings: Settings) -> dict[str, Any]:
    key = (token, settings.secret_key, settings.jwt_audience, settings.jwt_issuer)
    with _verified_lock:
        claims = _verified.get(key)
    if claims is not None:
        if not isinstance(claims.get("exp"), int) or claims["exp"] < time.time():
            raise InvalidToken("Signature has expired.")
        return claims
    claims = _verify(token, settings)
    with _verified_lock:
        _verified[key] = claims
    return claims


def _verify(token: str, settings: Settings) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        if "crit" in header:
            # RFC 7515 §4.1.11: extensions we do not understand must make the token invalid.
            raise InvalidToken("unsupported critical header")
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={
                "require_exp": True,
                "require_iat": True,
                "require_iss": True,
                "require_aud": True,
                "require_sub": True,
                "require_jti": True,
            },
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    verified: dict[str, Any] = claims
    return verified


def decode_access_token(token: str, settings: Settings | None = None) -> AccessClaims:
    settings = settings or get_settings()
    claims = _verified_claims(token, settings)
    if any(claims.get(name) in (None, "") for name in _REQUIRED_CLAIMS):
        raise InvalidToken("missing claim")
    if claims["typ"] != ACCESS_TOKEN_TYPE:
        raise InvalidToken("not an access token")
    if not isinstance(claims["iat"], int) or claims["iat"] > (utcnow() + IAT_LEEWAY).timestamp():
        raise InvalidToken("issued in the future")
    try:
        scope_id = uuid.UUID(claims["scope_id"]) if claims.get("scope_id") else None
        assignment_id = uuid.UUID(claims["asg"]) if claims.get("asg") else None
        session_id = uuid.UUID(claims["sid"]) if claims.get("sid") else None
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken("malformed claim") from exc
    return AccessClaims(
        subject=str(claims["sub"]),
        role=str(claims["role"]),
        scope_type=str(claims["scope_type"]),
        scope_id=scope_id,
        assignment_id=assignment_id,
        token_id=str(claims["jti"]),
        expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        session_id=session_id,
    )


# --- passwords --------------------------------------------------------------------------------


@lru_cache
def _password_hasher() -> PasswordHash:
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _password_hasher().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no hash, spend the same time on a dummy one."""
    hasher = _password_hasher()
    if password_hash is None:
        hasher.verify(password, _dummy_hash())
        return False
    return hasher.verify(password, password_hash)


@lru_cache
def _dummy_hash() -> str:
    return _password_hasher().hash(secrets.token_urlsafe(16))


# --- opaque secrets (refresh tokens, client secrets) -----------------------------------------


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- personal codes ---------------------------------------------------------------------------


def _data_cipher(settings: Settings) -> AESGCM:
    key = base64.b64decode(settings.data_key)
    if len(key) != 32:
        raise ValueError("PUMPURS_DATA_KEY must be 32 bytes, base64-encoded")
    return AESGCM(key)


def encrypt_personal_code(code: str, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    nonce = os.urandom(12)
    sealed = _data_cipher(settings).encrypt(nonce, code.encode(), b"personal_code")
    return "v1:" + base64.b64encode(nonce + sealed).decode()


def decrypt_personal_code(stored: str, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    raw = base64.b64decode(stored.removeprefix("v1:"))
    return _data_cipher(settings).decrypt(raw[:12], raw[12:], b"personal_code").decode()


def personal_code_lookup_hash(code: str, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    digest = hmac.new(settings.lookup_key.encode(), code.encode(), hashlib.sha256)
    return digest.hexdigest()


def normalise_email(email: str) -> str:
    """An e-mail as accounts are stored and found: login and its rate limit both read it so."""
    return email.strip().lower()


# --- files at rest (documents) ----------------------------------------------------------------


def seal_bytes(data: bytes, context: bytes, settings: Settings | None = None) -> bytes:
    """Encrypt ``data`` with the data key (AES-GCM), bound to ``context`` (e.g. a document id)."""
    settings = settings or get_settings()
    nonce = os.urandom(12)
    return b"PMP1" + nonce + _data_cipher(settings).encrypt(nonce, data, context)


def open_bytes(sealed: bytes, context: bytes, settings: Settings | None = None) -> bytes:
    settings = settings or get_settings()
    if not sealed.startswith(b"PMP1"):
        raise ValueError("not a sealed file")
    return _data_cipher(settings).decrypt(sealed[4:16], sealed[16:], context)
