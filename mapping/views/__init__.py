"""Staff-only mapping views: thin wrappers over ``mapping.services``."""
