import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from induction_analysis import cli  # noqa: E402
from induction_analysis.config import load_config  # noqa: E402
from induction_analysis.privacy import SECRET_ENV  # noqa: E402

# The tests key pseudonyms with a throwaway district secret, never the user's own.
os.environ[SECRET_ENV] = os.path.join(tempfile.mkdtemp(prefix="induction-analysis-tests-"), "district-secret.key")


@pytest.fixture(scope="session")
def config():
    return load_config()


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "induction_analysis", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    assert cli.main(["sample", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def report_dir(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    done = run_cli("run", "--raw", str(sample_dir), "--year", "2025-26", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "2025-26", done


def pytest_collection_modifyitems(items):
    """The notebooks (nbval, from testpaths) run against what `make report` wrote: end-to-end, so `slow` too."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
