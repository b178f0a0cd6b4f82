"""Serve saved copies of real sites on 127.0.0.1, so crawls work with no internet."""

from .mirror import MirrorProxy, serve_mirrors

__all__ = ["MirrorProxy", "serve_mirrors"]
