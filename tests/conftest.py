"""Shared test set-up: every test gets its own cache folder (a CLI run caches by default), so no test
writes into the repository or a fixture project, and no test sees another test's cached results."""

import pytest

from loglint.cache import ENV_VAR


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("loglint-cache")))
