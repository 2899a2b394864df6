"""Security headers on every answer: the web app, the API and the interactive API docs.

HSTS is the TLS-terminating proxy's to send (see README, "Behind a proxy"): this process may
serve plain HTTP on a loopback address.
"""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The web app: scripts only from its own files, never inline. Styles: MUI's emotion injects
# <style> elements at run time and components set style attributes, so styles (and only styles)
# allow 'unsafe-inline'; a style cannot run code.
WEB_APP_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

# JSON answers are never rendered as documents: nothing may load, nothing may frame them.
API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

# Swagger UI (FastAPI's page) loads its script and styles from jsDelivr and starts with one inline
# script: that script is allowed by its hash, computed from the page as served.
_DOCS_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_policy(page: bytes) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(page)
    )
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {_DOCS_CDN} {hashes}".rstrip(),
            f"style-src {_DOCS_CDN}",
            "img-src 'self' data: https://fastapi.tiangolo.com",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: the common headers and the Content-Security-Policy of the path."""

    def __init__(self, app: ASGIApp, *, api_prefix: str = "/api/", docs_path: str = "/api/docs"):
        self.app = app
        self.api_prefix = api_prefix
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == self.docs_path:
            await self._docs(scope, receive, send)
            return
        policy = API_POLICY if path.startswith(self.api_prefix) else WEB_APP_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = _with_headers(message, policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The docs page is small: hold it back until its inline script can be hashed."""
        start: Message | None = None
        body: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body)
                assert start is not None
                await send(_with_headers(start, docs_policy(page)))
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, hold)


def _with_headers(start: Message, policy: str) -> Message:
    headers = [
        (name, value)
        for name, value in start.get("headers", [])
        if name.lower() != b"content-security-policy"
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in COMMON_HEADERS.items()]
    headers.append((b"content-security-policy", policy.encode()))
    return {**start, "headers": headers}
