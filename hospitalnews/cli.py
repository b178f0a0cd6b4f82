"""The ``hospitalnews`` console script. Each subcommand lives in its own module under ``tools/``
and exposes ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand → module under hospitalnews.tools (one line per subcommand)
SUBCOMMANDS = {
    "redis": "redis_cmd",
    "mirror": "mirror_cmd",
    "demo": "demo_cmd",
    "archive": "archive_cmd",
    "clean-text": "clean_text_cmd",
    "split-page": "split_page_cmd",
    "extract": "extract_cmd",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hospitalnews", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(f"hospitalnews.tools.{module_name}")
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.__doc__))
    args = parser.parse_args(argv)
    return modules[args.command].run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
