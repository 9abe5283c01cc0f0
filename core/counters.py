"""A counter in any Django cache, in one round trip where the cache can (portal.cache's Redis
caches count with INCRBY and EXPIRE together); used by the rate limits."""


def count_in(cache, key: str, timeout: int, amount: int = 1) -> int:
    """Add `amount` to a counter in any Django cache (a new one lives `timeout` seconds)."""
    if hasattr(cache, "count"):
        return cache.count(key, timeout, amount)
    try:
        return cache.incr(key, amount)
    except ValueError:  # a new counter
        return amount if cache.add(key, amount, timeout) else cache.incr(key, amount)
