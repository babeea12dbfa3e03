"""Errors the mapping rules raise; views turn them into messages, commands into CommandError."""


class MappingError(Exception):
    """A rule of the mapping exercise refused the action; the message says why."""


class ReturnsLocked(MappingError):
    """The LA's returns for this cycle are signed off; nothing may change until unlocked."""
