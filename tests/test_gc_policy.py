"""The command line's garbage-collection policy (`runner.tune_gc`, `runner.collect_between_files`): no
automatic collection, what lives for the run frozen, cyclic garbage collected between files."""

from __future__ import annotations

import gc
import weakref

from loglint import runner


class _Node:
    pass


def test_cyclic_garbage_is_collected_between_files_and_long_lived_objects_frozen() -> None:
    enabled = gc.isenabled()
    try:
        runner.tune_gc()
        assert not gc.isenabled()
        gc.unfreeze()
        runner.collect_between_files()  # the first file: what is alive now lives for the run
        assert gc.get_freeze_count() > 0
        cycle = _Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        del cycle
        for _ in range(runner.FILES_PER_COLLECTION - 2):
            runner.collect_between_files()
        assert alive() is not None  # no automatic collection in between
        runner.collect_between_files()  # the 100th file
        assert alive() is None
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
