"""One finding per call: a printed traceback is LL204's, not also LL201's."""

from harness import assert_reports


def test_printed_traceback_is_reported_once_as_ll204():
    src = """
    import traceback

    def sync():
        try:
            run()
        except Exception:
            print(traceback.format_exc())
        print("done")
    """
    assert_reports(src, [(8, "LL204"), (9, "LL201")], codes=["LL201", "LL204"])
