from tests.smtp import smtp

__all__ = ["smtp"]
