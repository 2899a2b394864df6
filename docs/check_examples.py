"""Run the Python examples of docs/integration.md, in order, against a running server.

    PUMPURS_URL=http://127.0.0.1:8000 python docs/check_examples.py

The server must hold the demo data (``make run``). Exits non-zero at the first example that fails.
"""

import re
import sys
from pathlib import Path

GUIDE = Path(__file__).with_name("integration.md")


def main() -> int:
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, object] = {"__name__": "guide"}
    for number, code in enumerate(blocks, start=1):
        try:
            exec(compile(code, f"{GUIDE.name}, example {number}", "exec"), namespace)  # noqa: S102
        except Exception as exc:
            print(f"example {number} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"example {number}: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
