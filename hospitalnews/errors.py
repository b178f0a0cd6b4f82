"""Errors a user's input or configuration causes: each carries a one-line message for the user.

Kept in a module of its own, importing nothing, so that the command line can catch them without
importing what raises them (``hospitalnews extract`` starts in about 0.15 s of CPU)."""


class ConfigError(ValueError):
    """A configuration file that is missing or unreadable; the message is one line for the user."""
