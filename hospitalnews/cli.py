"""The ``hospitalnews`` console script. Each subcommand lives in its own module under ``tools/``
and exposes ``add_arguments(parser)`` and ``run(args) -> int``.

Errors: a user mistake (bad argument, missing or binary file, unknown key, busy port) is one line on
stderr, ``hospitalnews <command>: …``, and exit status 2, before anything is written. A closed
output pipe (``hospitalnews extract page.html | head``) ends the command quietly (status 141, as a
process killed by SIGPIPE).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .errors import ConfigError
from .tools.inputs import UserError

# subcommand → module under hospitalnews.tools (one line per subcommand)
SUBCOMMANDS = {
    "redis": "redis_cmd",
    "mirror": "mirror_cmd",
    "demo": "demo_cmd",
    "archive": "archive_cmd",
    "clean-text": "clean_text_cmd",
    "split-page": "split_page_cmd",
    "extract": "extract_cmd",
    "report": "report_cmd",
    "health": "health_cmd",
    "export": "export_cmd",
    "reextract": "reextract_cmd",
    "show": "show_cmd",
}
EXIT_USAGE = 2
EXIT_PIPE = 128 + 13


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (``prog: error: message (see prog --help)``), exit 2.

    Help texts keep their line breaks (RawDescriptionHelpFormatter): the examples stay examples.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(argv: list[str] | None = None) -> tuple[argparse.ArgumentParser, dict]:
    """The parser; when ``argv`` names a subcommand, only that subcommand's module is imported
    (``hospitalnews extract`` starts without importing Scrapy, which other subcommands need)."""
    parser = OneLineParser(prog="hospitalnews", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    modules = {}
    chosen = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    for name, module_name in SUBCOMMANDS.items():
        if chosen in SUBCOMMANDS and name != chosen:
            continue
        module = importlib.import_module(f"hospitalnews.tools.{module_name}")
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.__doc__))
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    module = modules[args.command]
    if extra:
        if not getattr(module, "PASSES_EXTRA_ARGUMENTS", False):  # demo hands them to scrapy crawlall
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.extra = extra
    try:
        return module.run(args) or 0
    except (UserError, ConfigError) as error:
        print(f"hospitalnews {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (| head): say nothing, and keep Python from complaining at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
