"""Retry settings under the module name the official SDK uses (``openrouter.utils``).

It exists so that code written for the official SDK, ``from openrouter.utils import RetryConfig,
BackoffStrategy``, keeps working with one changed import (``openrouter_ext.utils``), as the seed's
examples spell it. It holds nothing else: the same classes are importable from ``openrouter_ext``.
"""

from ._retry import DEFAULT_RETRY, RETRYABLE_STATUSES, BackoffStrategy, RetryConfig

__all__ = ["DEFAULT_RETRY", "RETRYABLE_STATUSES", "BackoffStrategy", "RetryConfig"]
