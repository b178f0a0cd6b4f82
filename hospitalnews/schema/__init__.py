"""The archive's JSON Schema, shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def article_schema() -> dict:
    return json.loads(files(__package__).joinpath("article.v1.schema.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def article_validator():
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(article_schema(), format_checker=FormatChecker())
