"""Pass/fail bookkeeping shared by the Python tests: check() records and prints
a failed condition and lets the test go on to its next case; finish() prints
the tally and gives the exit status (0 only when nothing failed)."""

failures = []


def check(cond, what, detail=None):
    if not cond:
        failures.append(what)
        if detail is None:
            print("FAIL: %s" % what)
        elif isinstance(detail, str):
            print("FAIL: %s:\n%s" % (what, detail))
        else:
            print("FAIL: %s: %r" % (what, detail))
    return cond


def fail(what, detail=None):
    check(False, what, detail)


def finish():
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("PASS")
    return 0
