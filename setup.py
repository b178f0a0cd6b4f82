"""Build hook only; the metadata is in pyproject.toml.

The site registry and the e-paper configuration live in ``data/`` of the checkout (one place to edit).
``build_py`` copies them into the built package as ``hospitalnews/_data/`` so that a wheel, or the
egg ``scrapyd-deploy`` builds (it runs ``setup.py bdist_egg``), carries them; ``hospitalnews.paths``
reads the checkout's files when there is a checkout, else these copies.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONFIG_FILES = ("sites.toml", "papers.toml")


class BuildWithConfig(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "hospitalnews" / "_data"
        target.mkdir(parents=True, exist_ok=True)
        for name in CONFIG_FILES:
            self.copy_file(str(Path("data") / name), str(target / name))


setup(cmdclass={"build_py": BuildWithConfig})
