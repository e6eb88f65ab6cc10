"""Run the Python binding's tests and end with "python: N passed, N failed".

    /usr/bin/python3 tests/ffi/run_python.py BUILD

Loads ffi/python/ananke with ANANKE_LIBRARY=BUILD/libananke.so.
"""
import os
import sys
import unittest

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else "build"
os.environ["ANANKE_LIBRARY"] = os.path.abspath(os.path.join(build, "libananke.so"))
os.environ["PYTHONPATH"] = os.path.join(root, "ffi", "python")
sys.path.insert(0, os.path.join(root, "ffi", "python"))
sys.path.insert(0, os.path.join(root, "tests", "ffi"))

suite = unittest.defaultTestLoader.discover(os.path.join(root, "tests", "ffi"),
                                            pattern="test_*.py")
result = unittest.TextTestRunner(verbosity=1).run(suite)
failed = len(result.failures) + len(result.errors)
print("python: %d passed, %d failed" % (result.testsRun - failed, failed))
sys.exit(1 if failed else 0)
