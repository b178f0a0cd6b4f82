"""Subcommands of the ``hospitalnews`` console script (see cli.py)."""
