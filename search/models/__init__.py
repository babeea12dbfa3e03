"""Search's own tables: the denormalised search documents, postcodes, synonyms and the log."""

from .analytics import SearchLog
from .document import SearchDocument, SearchPoint, SearchTerm
from .entry import SearchEntry
from .postcode import Postcode
from .synonym import SynonymGroup

__all__ = [
    "Postcode",
    "SearchDocument",
    "SearchEntry",
    "SearchLog",
    "SearchPoint",
    "SearchTerm",
    "SynonymGroup",
]
