from tests.integrations.conftest import committed, receiver

__all__ = ["committed", "receiver"]
