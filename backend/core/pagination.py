"""Keyset pagination: ``limit`` and an opaque ``cursor`` that names the last row seen."""

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from sqlalchemy import Insert, Row, Select, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from backend.core.errors import InvalidInput
from backend.core.messages import msg

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


Pagination = Annotated[PageParams, Depends(_page_params)]


def _encode_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID | date | datetime):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    return value


def _decode_value(raw: Any, key: InstrumentedAttribute[Any]) -> Any:
    python_type = key.type.python_type
    if raw is None:
        return None
    if python_type is uuid.UUID:
        if not isinstance(raw, str):
            raise ValueError("cursor value of the wrong type")
        return uuid.UUID(raw)
    if python_type is datetime:
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError("cursor timestamp without a time zone")
        return moment
    if python_type is date:
        return date.fromisoformat(raw)
    if python_type in (int, str, float) and not isinstance(raw, python_type):
        raise ValueError("cursor value of the wrong type")
    return raw


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[InstrumentedAttribute[Any]]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError("cursor of the wrong shape")
        return [_decode_value(raw, key) for raw, key in zip(values, keys, strict=True)]
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise InvalidInput.field(["query", "cursor"], msg("page.cursor-invalid")) from exc


def paginate(
    session: Session,
    stmt: Select[T],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    *,
    descending: bool = False,
) -> tuple[list[T], str | None]:
    """Run ``stmt`` ordered by ``keys`` (unique together, none null) from the cursor on."""
    if page.cursor:
        after = decode_cursor(page.cursor, keys)
        row_key = tuple_(*keys)
        stmt = stmt.where(row_key < tuple_(*after) if descending else row_key > tuple_(*after))
    order = [k.desc() for k in keys] if descending else list(keys)
    rows = list(session.scalars(stmt.order_by(*order).limit(page.limit + 1)))
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    last = rows[-1]
    return rows, encode_cursor([getattr(last, k.key) for k in keys])


def paginate_rows(
    session: Session,
    stmt: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    names: Sequence[str],
    page: PageParams,
    *,
    audit: Callable[[Any], Insert] | None = None,
    entity: Any = None,
) -> tuple[list[Row[Any]], str | None]:
    """``paginate`` for a statement of columns: ``names`` are the labels under which ``keys``
    appear in its rows. ``audit`` makes the ``INSERT`` that records the rows shown; on PostgreSQL
    the page and its audit are one statement. With ``entity``, the keys are read from the row's
    entity of that class (``select(Entity, other columns)``)."""
    if page.cursor:
        after = decode_cursor(page.cursor, keys)
        stmt = stmt.where(tuple_(*keys) > tuple_(*after))
    stmt = stmt.order_by(*keys).limit(page.limit + 1)
    if audit is not None and session.get_bind().dialect.name == "postgresql":
        found = stmt.cte("found")
        shown = select(found).order_by(*[found.c[n] for n in names]).limit(page.limit)
        audited = audit(shown.subquery("shown")).cte("audited")
        final = select(found).order_by(*[found.c[n] for n in names]).add_cte(audited)
        rows = list(session.execute(final))
    else:
        rows = list(session.execute(stmt))
        if audit is not None and rows:
            session.execute(audit(stmt.limit(page.limit).subquery("shown")))
    return cut_page(rows, page.limit, names, entity=entity)


def cut_page(
    rows: list[Row[Any]], limit: int, names: Sequence[str], *, entity: Any = None
) -> tuple[list[Row[Any]], str | None]:
    """The page of ``rows`` read with one row more than ``limit``, and the cursor of the next
    page if there is one (``names``: the key columns; ``entity`` as for ``paginate_rows``)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1] if entity is None else getattr(rows[-1], entity.__name__)
    return rows, encode_cursor([getattr(last, n) for n in names])
