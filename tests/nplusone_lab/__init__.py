"""Ground truth from a real Django, run in subprocesses so its settings never leak into the tests:

- the N+1 lab: shapes (`shapes.py`, plain data) measured against the `lab` app by `run.py`
  (`tests/test_nplusone_lab.py`);
- `dump_meta.py`: what Django's `_meta` says about a project's models, for the model index's
  differential tests (`tests/test_models_index.py`).
"""
