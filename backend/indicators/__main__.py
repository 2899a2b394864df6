"""Import an indicator file from the command line: ``python -m backend.indicators FILE``."""

import argparse
import sys
from pathlib import Path

from backend.indicators.imports import import_from_command_line
from backend.notifications import rules as _notification_rules  # noqa: F401 - flags tell the school


def main() -> int:
    parser = argparse.ArgumentParser(description="Import attendance, grades and behaviour (CSV)")
    parser.add_argument("file", type=Path)
    parser.add_argument("--institution", help="the school's id (its students only)")
    parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    args = parser.parse_args()
    return import_from_command_line(args.file, args.institution, dry=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
