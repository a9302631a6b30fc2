"""ctest's entry to the pytest suite: exit 77 (skipped) when pytest or numpy is missing."""
import sys

try:
    import numpy  # noqa: F401
    import pytest
except ImportError as e:  # pragma: no cover
    print(f"python tests skipped: {e}")
    sys.exit(77)

sys.exit(pytest.main([sys.argv[1], "-q", "-p", "no:cacheprovider", "-o", "console_output_style=classic"] + sys.argv[2:]))
