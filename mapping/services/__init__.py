"""Business rules of the mapping cycle, as plain functions views, commands and tests call."""

from .errors import MappingError, ReturnsLocked

__all__ = ["MappingError", "ReturnsLocked"]
