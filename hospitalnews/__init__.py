"""hospitalnews: archive the news of Chinese hospital websites as JSON lines."""

__version__ = "0.1.0"
