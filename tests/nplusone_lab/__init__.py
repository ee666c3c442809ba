"""The N+1 measurement lab: shapes (`shapes.py`, plain data) measured in a real Django (`run.py`, in a
subprocess) by `tests/test_nplusone_lab.py`."""
