"""Type-check folders one at a time, in one process: `python -m tools.mypy_each A B`.

Every exercise's solution is a package named `solution`, so mypy cannot take
them in one run (it would see one module twice). Calling mypy's API in a loop
spares a new interpreter per folder; the exit status is mypy's worst.
"""

import sys

from mypy import api


def main(folders: list[str]) -> int:
    status = 0
    for folder in folders:
        out, err, code = api.run(["--no-error-summary", folder])
        sys.stdout.write(out)
        sys.stderr.write(err)
        status = max(status, code)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
