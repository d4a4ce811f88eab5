"""Entry script for ``spark-submit``: runs the eventcoder command line inside the Spark driver.

    spark-submit --master yarn ... "$(python -m eventcoder.spark.submit --path)" spark-code INPUT --out DIR

(``--path`` prints where this file is, for the submit command.)
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--path"]:
        print(__file__)  # the one output of this entry script: its own path
        return 0
    from eventcoder.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
