"""Site keys: the archive directory of a site, so ``[a-z0-9_]+`` (at most 64 characters) wherever a key
comes from — a spider argument (``-a site=``), the registry, the papers file, a host name, an item.

A key such as ``../../x`` would put the index, walk state and segments outside ``ARCHIVE_DIR``.
"""

from __future__ import annotations

import re

_SITE_KEY = re.compile(r"[a-z0-9_]{1,64}")


class InvalidSiteKey(ValueError):
    pass


def check_site_key(key: object, where: str = "site key") -> str:
    """``key`` itself when it is a valid site key; else InvalidSiteKey, a one-line message naming ``where``."""
    if not isinstance(key, str) or not _SITE_KEY.fullmatch(key):
        raise InvalidSiteKey(f"{where} {key!r} is not a valid site key: use 1-64 of a-z, 0-9 and _ (e.g. 'sd_cancer')")
    return key


def is_site_key(key: object) -> bool:
    return isinstance(key, str) and _SITE_KEY.fullmatch(key) is not None
