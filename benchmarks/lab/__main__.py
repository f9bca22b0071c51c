"""python -m benchmarks.lab: apply the lab's steps to copies of part3/ and count
the instructions per request after each (valgrind); --copy makes one copy."""

import argparse
import sys
from pathlib import Path

from .. import instructions
from . import STEPS, StepDoesNotApply, build, run


def table(per_request: dict[str, float]) -> str:
    """Each step, the instructions per request after it, and what it saved."""
    lines = [f"{'Step':<28}{'Instructions':>14}{'Change':>10}"]
    before = None
    for step, count in per_request.items():
        change = "" if before is None else f"{count - before:+,.0f}"
        lines.append(f"{step:<28}{count:>14,.0f}{change:>10}")
        before = count
    first, last = per_request["part3"], count
    lines.append(f"{'all steps':<28}{last:>14,.0f}{last - first:>+10,.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lab", description=__doc__
    )
    parser.add_argument(
        "--copy", type=Path, help="write a copy of part3/ with the steps here"
    )
    parser.add_argument(
        "--steps", type=int, help="apply only the first STEPS steps"
    )
    parser.add_argument(
        "--package", default="part3_faster", help="the copy's folder name"
    )
    args = parser.parse_args(argv)
    if args.copy is not None:
        args.copy.mkdir(parents=True, exist_ok=True)
        try:
            copy = build(args.copy, args.package, args.steps)
        except StepDoesNotApply as error:
            print(error, file=sys.stderr)
            return 1
        print(f"wrote {copy}, with {', '.join(list(STEPS)[: args.steps])}")
        return 0
    if not instructions.available():
        print(
            "valgrind is not installed: it counts the instructions (apt-get install valgrind)"
        )
        return 1
    print(
        f"counting {len(STEPS) + 1} copies of part3/ under valgrind ...",
        flush=True,
    )
    print(table(run()["per_request"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
