"""The notebooks as a Jupyter user meets them: `make lab` starts JupyterLab on notebooks/ with the project's kernel,
and papermill's own command line runs a page as the user guide (docs/user-guide.md) shows. (nbval runs every
notebook with its defaults: `make test` collects notebooks/ after `make report`.)"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KERNEL = "induction-analysis"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    shutil.which("make") is None or not (BIN / "jupyter-lab").is_file(),
    reason="needs make and JupyterLab in this environment (make test installs both)",
)
def test_make_lab_starts_jupyterlab_on_the_notebooks_with_the_project_kernel(tmp_path):
    port, token = _free_port(), "induction-analysis-test"
    options = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_OPTIONS={options}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)},
    )
    try:

        def get(path: str) -> dict:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token={token}", timeout=5) as answer:
                return json.load(answer)

        deadline, specs = time.monotonic() + 120, None
        while specs is None and time.monotonic() < deadline and lab.poll() is None:
            try:
                specs = get("/api/kernelspecs")
            except OSError:
                time.sleep(0.5)
        assert specs is not None, (
            lab.stdout.read1().decode(errors="replace")[-3000:] if lab.poll() is not None else "no answer"
        )
        kernel = specs["kernelspecs"][KERNEL]
        # installed into the project's environment (.venv), running its Python, not a user's global python3
        argv = kernel["spec"]["argv"]
        assert argv[0] == sys.executable and "ipykernel_launcher" in argv, argv
        listing = {item["name"] for item in get("/api/contents/")["content"]}  # the server's root: notebooks/
        assert {p.name for p in (ROOT / "notebooks").glob("*.ipynb")} <= listing and "pyproject.toml" not in listing
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)  # make and JupyterLab, started in a session of their own
            try:
                lab.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(lab.pid, signal.SIGKILL)
                lab.wait()


def test_papermill_command_line_runs_a_page_as_the_user_guide_shows(report_dir, tmp_path):
    """`papermill notebooks/administration.ipynb out.ipynb -p school_year 2025-26 -p tables_dir ...`, in the
    notebook's own kernel, then nbconvert's command line to HTML without code."""
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    assert "papermill notebooks/administration.ipynb" in guide
    tables = report_dir[0] / "tables"
    out = tmp_path / "administration.ipynb"
    done = subprocess.run(
        [
            str(BIN / "papermill"),
            "notebooks/administration.ipynb",
            str(out),
            "-p",
            "school_year",
            "2025-26",
            "-p",
            "tables_dir",
            str(tables),
            "--no-progress-bar",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL
    shown = "".join(
        "".join(o.get("data", {}).get("text/markdown", "")) for c in nb["cells"] for o in c.get("outputs", [])
    )
    assert "2025-26" in shown
    html = subprocess.run(
        [str(BIN / "jupyter-nbconvert"), "--to", "html", "--no-input", str(out)], capture_output=True, text=True
    )
    assert html.returncode == 0, html.stderr[-2000:]
    assert "display(HTML(" not in (tmp_path / "administration.html").read_text(encoding="utf-8")
