"""Files of documents on disk, encrypted with the data key: without the key a file is noise."""

import os
import uuid
from pathlib import Path

from backend.core.config import get_settings
from backend.core.security import open_bytes, seal_bytes


def _path(id: uuid.UUID) -> Path:
    root = Path(get_settings().documents_dir)
    return root / id.hex[:2] / id.hex


def _context(id: uuid.UUID) -> bytes:
    return b"document:" + id.bytes


def write(id: uuid.UUID, data: bytes) -> None:
    path = _path(id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(seal_bytes(data, _context(id)))
    os.replace(temporary, path)


def read(id: uuid.UUID) -> bytes:
    return open_bytes(_path(id).read_bytes(), _context(id))


def remove(id: uuid.UUID) -> None:
    _path(id).unlink(missing_ok=True)


def path_of(id: uuid.UUID) -> Path:
    return _path(id)
