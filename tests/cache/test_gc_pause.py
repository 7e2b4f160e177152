"""The analysis pauses the cyclic garbage collector and always restores its previous state."""

from __future__ import annotations

import gc
import threading

import pytest

from analyzer.pipeline import gc_paused


@pytest.fixture(autouse=True)
def restore_gc():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_state_is_restored_after_nesting_and_errors(enabled):
    gc.enable() if enabled else gc.disable()
    with gc_paused():
        assert not gc.isenabled()
        with pytest.raises(RuntimeError), gc_paused():
            raise RuntimeError
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled() is enabled


def test_concurrent_pauses_end_with_the_last_one():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=other)
    with gc_paused():
        t.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread is still analysing
    release.set()
    t.join(5)
    assert gc.isenabled()
