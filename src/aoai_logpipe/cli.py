"""Command line entry point."""

from __future__ import annotations

import argparse
import sys

from aoai_logpipe import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aoai-logpipe", description=__doc__)
    parser.add_argument("--version", action="version", version=f"aoai-logpipe {__version__}")
    parser.add_subparsers(dest="command")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
