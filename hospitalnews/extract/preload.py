"""What the extraction pool's fork server imports before it forks a worker (extract_pool.py).

The extractor the workers run (detail pages, list blocks, pagers), with its patterns compiled
(``lazyre.compile_loaded``): each worker is forked with them in memory, so none compiles them again
and no page pays for a first compilation.
"""

from . import article, listing, pagination  # noqa: F401  (imported for the fork server)
from .lazyre import compile_loaded

COMPILED = compile_loaded()
