"""Retry settings, under the name the official SDK uses (``openrouter.utils``)."""

from ._retry import DEFAULT_RETRY, RETRYABLE_STATUSES, BackoffStrategy, RetryConfig

__all__ = ["DEFAULT_RETRY", "RETRYABLE_STATUSES", "BackoffStrategy", "RetryConfig"]
