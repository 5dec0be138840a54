"""Bad and hostile inputs, one table per input path; `tests/test_bad_input.py` runs them all.

Each module holds a list `CASES` of `Case`: the files a run starts with, the command line, the
exit code and a piece of the message it must print. A new input path adds its cases to the module
of its kind (or a new module listed in `test_bad_input.MODULES`).
"""
