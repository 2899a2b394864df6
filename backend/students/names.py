"""Names as the students search compares them: lower-case, without diacritics."""

import unicodedata


def normalize_name(*parts: str) -> str:
    text = " ".join(parts)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
