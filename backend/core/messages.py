"""What the API says to people, in their language.

Every refusal names a message of the catalogue (``backend/core/catalogue.py``) by its stable code,
with named parameters::

    raise Conflict(msg("plan.delete-not-draft"))
    raise InvalidInput.field(["body", "ends_on"], msg("measure.ends-before-start"))
    raise Conflict(msg("plan.not-editable", status=plan.status))

The problem body carries the code (``"code": "plan.delete-not-draft"``) and the text in the
language the request's ``Accept-Language`` chooses: Latvian (the default) or English. A schema's
validator raises ``invalid(code, **params)`` instead of ``ValueError``. A literal text at a raise
site fails ``tests/core/test_messages.py``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic_core import PydanticCustomError

from backend.core.catalogue import CATALOGUE, VALUES

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue code and its parameters: rendered in a language only when answered."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str) -> str:
        return render(self.code, self.params, language)

    def __str__(self) -> str:  # logs and tracebacks speak English
        return self.render("en")


def msg(code: str, /, **params: Any) -> Message:
    """The message ``code`` of the catalogue with its parameters (an unknown code is a bug)."""
    if code not in CATALOGUE:
        raise KeyError(f"No message {code!r} in backend/core/catalogue.py")
    return Message(code, params)


def invalid(code: str, /, **params: Any) -> PydanticCustomError:
    """For a schema validator: ``raise invalid("measure.ends-before-start")``. The 422's item
    names the field, and its ``msg`` is the catalogue's text in the caller's language."""
    if code not in CATALOGUE:
        raise KeyError(f"No message {code!r} in backend/core/catalogue.py")
    # The English text as Pydantic's own message; the error handler renders the caller's.
    template = CATALOGUE[code].en.replace("{", "{{").replace("}", "}}")
    for name in params:
        template = template.replace("{{" + name + "}}", "{" + name + "}")
    return PydanticCustomError(code, template, {k: _plain(v) for k, v in params.items()})


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _param(value: Any, language: str) -> str:
    if isinstance(value, Enum):
        labels = VALUES.get(type(value).__name__, {}).get(str(value.value))
        if labels is not None:
            return labels.lv if language == "lv" else labels.en
        return str(value.value)
    if isinstance(value, date) and not isinstance(value, datetime) and language == "lv":
        return value.strftime("%d.%m.%Y")
    return str(value)


def render(code: str, params: Mapping[str, Any], language: str) -> str:
    text = CATALOGUE[code]
    template = text.lv if language == "lv" else text.en
    return template.format_map(_Params({k: _param(v, language) for k, v in params.items()}))


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        # A parameter Pydantic did not give (its context varies by version): never a 500.
        return "…"


def choose_language(accept_language: str | None) -> str:
    """The first language of ``Accept-Language`` (by its q) that the API speaks; Latvian when the
    header is absent or names none of them."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    wanted: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, rest = part.strip().partition(";")
        q = 1.0
        if rest.strip().startswith("q="):
            try:
                q = float(rest.strip()[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            wanted.append((-q, i, tag.strip().split("-")[0].lower()))
    for _, _, primary in sorted(wanted):
        if primary in LANGUAGES:
            return primary
        if primary == "*":
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def catalogue_markdown() -> str:
    """docs/messages.md: every code with its texts (``python -m backend.core.messages``)."""
    lines = [
        "# The API's messages",
        "",
        "Every refusal and validation message of the API by its stable `code` (the",
        "problem's `code`, and each `errors[].code`), in Latvian and English. `Accept-Language`",
        "chooses the language of `detail` and `errors[].msg`; see the",
        "[integration guide](integration.md#5-limits-and-errors). `{name}` is a parameter filled",
        "in by the answer. Generated from `backend/core/catalogue.py` by",
        "`python -m backend.core.messages > docs/messages.md`.",
        "",
        "| code | lv | en |",
        "| --- | --- | --- |",
    ]
    for code in sorted(CATALOGUE):
        text = CATALOGUE[code]
        cells = [f"`{code}`", text.lv, text.en]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
