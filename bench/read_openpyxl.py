#!/usr/bin/env python3
"""The baseline for bench/import.sh: merely read every cell of every sheet of the bid workbooks
in a folder with openpyxl in read-only mode, as a user scripting it would, and time it.

Usage: read_openpyxl.py DIR [RESULT_FILE]
Prints the time; with RESULT_FILE also writes `seconds=...`, `files=...`, `cells=...` lines.
"""

import sys
import time
from pathlib import Path

import openpyxl


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    paths = sorted(folder.glob("bid-*.xlsx"))
    if not paths:
        print(f"no bid-*.xlsx in {folder}", file=sys.stderr)
        return 1
    cells = 0
    non_empty = 0
    start = time.perf_counter()
    for path in paths:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    cells += 1
                    if value is not None:
                        non_empty += 1
        wb.close()
    seconds = time.perf_counter() - start
    print(
        f"openpyxl {openpyxl.__version__} (read-only) read {len(paths)} workbooks, "
        f"{cells} cells ({non_empty} non-empty) in {seconds:.3f} s"
    )
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(f"seconds={seconds:.3f}\nfiles={len(paths)}\ncells={cells}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
