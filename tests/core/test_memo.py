from core.memo import BoundedMemo


def test_a_value_is_computed_once_and_the_oldest_go_past_the_bound():
    calls = []
    memo = BoundedMemo(2)

    def compute(key):
        calls.append(key)
        return f"drawn {key}"

    assert memo.get_or_compute("a", lambda: compute("a")) == "drawn a"
    assert memo.get_or_compute("a", lambda: compute("a")) == "drawn a"
    assert calls == ["a"]
    memo.get_or_compute("b", lambda: compute("b"))
    memo.get_or_compute("c", lambda: compute("c"))
    assert len(memo) == 2
    memo.get_or_compute("a", lambda: compute("a"))  # "a" was the oldest: drawn again
    assert calls == ["a", "b", "c", "a"]
