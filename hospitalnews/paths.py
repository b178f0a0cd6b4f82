"""Where the project's files are, whatever the working directory.

Rule (never the current directory):

* **project root**: ``$HOSPITALNEWS_ROOT`` if set, else the directory holding both this package and
  ``scrapy.cfg`` (a checkout or an editable install: ``scrapy crawl`` from ``docs/`` or from cron
  still means the checkout), else none (an egg run by scrapyd, a wheel in site-packages);
* **data directory** (archive, runs, views): ``$HOSPITALNEWS_DATA_DIR`` if set, else
  ``<project root>/data``, else ``$XDG_DATA_HOME/hospitalnews`` (``~/.local/share/hospitalnews``);
* **configuration** (``sites.toml``, ``papers.toml``): ``<project root>/data/NAME`` when it exists,
  else the copy bundled in the package (``hospitalnews/_data/NAME``, put there by ``setup.py``'s
  ``build_py`` so that an egg or wheel carries it; read through ``importlib.resources``).

Every default in settings.py comes from here; ``-s ARCHIVE_DIR=…`` etc. still override each one.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED = "_data"          # package sub-directory that holds the bundled configuration files


def project_root() -> Path | None:
    """The checkout this package runs from (where scrapy.cfg is), or None for an installed egg/wheel."""
    env = os.environ.get("HOSPITALNEWS_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    candidate = PACKAGE_DIR.parent
    return candidate if (candidate / "scrapy.cfg").is_file() else None


def data_dir() -> Path:
    """The directory of archive/, runs/ and views/ (see the module docstring for the rule)."""
    env = os.environ.get("HOSPITALNEWS_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    root = project_root()
    if root is not None:
        return root / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "hospitalnews"


def config_text(name: str) -> str:
    """The text of a configuration file (``sites.toml``, ``papers.toml``): the checkout's, else the bundled copy.

    Raises FileNotFoundError when neither exists.
    """
    root = project_root()
    if root is not None and (root / "data" / name).is_file():
        return (root / "data" / name).read_text("utf-8")
    bundled = resources.files("hospitalnews").joinpath(BUNDLED, name)
    if not bundled.is_file():
        raise FileNotFoundError(f"no {name}: neither <project root>/data/{name} nor a bundled copy")
    return bundled.read_text("utf-8")


def config_path(name: str) -> Path | None:
    """The checkout's ``data/NAME`` when it exists (for messages and ``--registry`` defaults), else None."""
    root = project_root()
    path = root / "data" / name if root is not None else None
    return path if path is not None and path.is_file() else None
