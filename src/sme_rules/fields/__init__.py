"""Profile field catalogue: shared value types and one mixin of fields per region."""
