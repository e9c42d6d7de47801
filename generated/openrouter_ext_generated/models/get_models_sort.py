from enum import StrEnum


class GetModelsSort(StrEnum):
    AGENTIC_HIGH_TO_LOW = "agentic-high-to-low"
    CODING_HIGH_TO_LOW = "coding-high-to-low"
    CONTEXT_HIGH_TO_LOW = "context-high-to-low"
    DESIGN_ARENA_ELO_HIGH_TO_LOW = "design-arena-elo-high-to-low"
    INTELLIGENCE_HIGH_TO_LOW = "intelligence-high-to-low"
    LATENCY_LOW_TO_HIGH = "latency-low-to-high"
    MOST_POPULAR = "most-popular"
    NEWEST = "newest"
    PRICING_HIGH_TO_LOW = "pricing-high-to-low"
    PRICING_LOW_TO_HIGH = "pricing-low-to-high"
    THROUGHPUT_HIGH_TO_LOW = "throughput-high-to-low"
    TOP_WEEKLY = "top-weekly"

    def __str__(self) -> str:
        return str(self.value)
