"""What tests share and import: builders of input files, data sets, waiting for a worker.

A test module imports from here and from tests.factories, never from another test module or a conftest
(tests/test_house.py holds that); fixtures shared by a folder live in its conftest.py, found without imports."""
