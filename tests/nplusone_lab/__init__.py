"""Ground truth from a real Django, run in subprocesses so its settings never leak into the tests:

- the N+1 lab: shapes (`shapes.py`, plain data) measured against the `lab` app by `run.py`
  (`tests/test_nplusone_lab.py`);
- the DRF lab: serializer shapes (`shapes_drf.py`) measured through each shape's list view by
  `run_drf.py`, with `rest_framework` installed in that subprocess only (`tests/test_nplusone_lab_drf.py`);
- the admin lab: ModelAdmin shapes (`shapes_admin.py`) whose changelists `run_admin.py` renders with
  the test client as a superuser, against the `lab_admin` app (`tests/test_nplusone_lab_admin.py`);
- `dump_meta.py`: what Django's `_meta` says about a project's models, for the model index's
  differential tests (`tests/test_models_index.py`).
"""
