"""The `planpress` command run for real, on hostile data and hostile output paths.

No line it prints can be read by a CI runner as a command; files it writes are written whole
or not at all, and never replace a device; an interrupted build keeps the old site; a stopped
`planpress serve` leaves nothing running.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import MINIMAL, ROOT, copy_site, write_data

PLANPRESS = [sys.executable, "-m", "planpress"]


def planpress(
    *words: str, cwd: Path, env: dict | None = None, **kwargs
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [*PLANPRESS, *words],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr


# ---------------------------------------------------------------- 4: no forged CI commands

FORGED = "\\n::error file=README.md,line=1::forged\\r::add-mask::x\\n::stop-commands::tok"


def test_check_output_cannot_forge_workflow_commands(tmp_path: Path) -> None:
    files = dict(MINIMAL)
    files["plan.yml"] = MINIMAL["plan.yml"].replace(
        "summary: A small plan for tests.", f'summary: A plan.\n        "sumary{FORGED}": x'
    )
    files["actions/skills.yml"] = MINIMAL["actions/skills.yml"].replace(
        "status: planned", f'status: "planned{FORGED}"'
    )
    data = write_data(tmp_path / "data", files)
    odd = MINIMAL["actions/skills.yml"].replace("SKL-0", "ODD-0").replace("planned", "unknown")
    try:
        write_data(data, {"actions/odd\n::warning::name.yml": odd})
        odd_name = True
    except OSError:  # a file system that allows no line break in a name
        odd_name = False
    done = planpress("check", "--data", "data", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    no_traceback(done)
    lines = (done.stdout + done.stderr).splitlines()
    commands = [line for line in lines if line.lstrip().startswith("::")]
    plain = [line for line in lines if not line.lstrip().startswith("::")]
    assert commands, "the annotations are missing"
    annotation = re.compile(r"^::error file=[^:,\r\n]*,line=\d+,col=\d+::[^\r\n]*$")
    for line in commands:
        assert annotation.match(line), line

    typo = "unknown field 'sumary\\n::error file=README.md,line=1::forged\\r::add-mask"
    assert any(line.startswith("data/plan.yml:5:1: ") and typo in line for line in plain)
    if odd_name:
        assert any(line.startswith("data/actions/odd\\n::warning::name.yml:") for line in plain)
        assert any(
            "file=data/actions/odd%0A%3A%3Awarning%3A%3Aname.yml," in line for line in commands
        )


# ---------------------------------------------------------------- 5: output files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = copy_site(tmp_path / "project")
    write_data(folder / "data", MINIMAL)
    return folder


def test_pdf_refuses_a_device_and_leaves_it_alone(project: Path) -> None:
    done = planpress("pdf", "-o", "/dev/full", cwd=project)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip().splitlines()[-1] == (
        "planpress pdf: /dev/full is not an ordinary file (it is a device or another special "
        "file), so it was left alone: give the name of a file to write"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_pdf_refuses_a_folder_and_a_path_below_a_file(project: Path) -> None:
    (project / "out").mkdir()
    done = planpress("pdf", "-o", "out", cwd=project)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip() == "planpress pdf: out is a folder: give the name of a file to write"
    (project / "somefile.txt").write_text("kept\n")
    done = planpress("pdf", "-o", "somefile.txt/out.pdf", cwd=project)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip() == (
        "planpress pdf: cannot write somefile.txt/out.pdf: somefile.txt is a file, not a folder"
    )
    assert (project / "somefile.txt").read_text() == "kept\n"


def _small_file_limit() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_pdf_that_cannot_be_written_whole_leaves_the_old_file(project: Path) -> None:
    old = project / "prospectus.pdf"
    old.write_bytes(b"the old prospectus")
    done = planpress("pdf", cwd=project, preexec_fn=_small_file_limit)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip() == "planpress pdf: could not write prospectus.pdf: File too large"
    assert old.read_bytes() == b"the old prospectus"
    assert sorted(p.name for p in project.iterdir() if "prospectus" in p.name) == ["prospectus.pdf"]


def test_schema_refuses_a_file_as_its_folder(project: Path) -> None:
    (project / "schema.txt").write_text("kept\n")
    done = planpress("schema", "--out", "schema.txt", cwd=project)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip() == (
        "planpress schema: schema.txt is a file, not a folder: give a folder with --out"
    )
    assert (project / "schema.txt").read_text() == "kept\n"
    done = planpress("schema", "--out", "schema.txt/inner", cwd=project)
    assert done.returncode == 1
    no_traceback(done)


def test_build_refuses_a_file_as_its_folder(project: Path) -> None:
    (project / "site.txt").write_text("kept\n")
    done = planpress("build", "-d", "site.txt", cwd=project)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.strip().splitlines()[-1] == (
        "planpress build: site.txt is a file, not a folder: give a folder with -d"
    )


# ---------------------------------------------------------------- 6: an interrupted build


def test_an_interrupted_build_keeps_the_old_site(project: Path) -> None:
    site = project / "built"
    site.mkdir()
    (site / "index.html").write_text("the old site\n")
    (site / "inner").mkdir()
    (site / "inner" / "page.html").write_text("an old page\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [*PLANPRESS, "build", "-d", "built"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(project.glob(".built.building-*/*")):
        time.sleep(0.05)  # wait until MkDocs has begun writing the new site
    assert any(project.glob(".built.building-*")), "the build did not start"
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err.strip().splitlines()[-1] == (
        "planpress build: interrupted; the site folder was left as it was"
    )
    assert "Traceback" not in err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "index.html",
        "inner",
        "inner/page.html",
    ]
    assert (site / "index.html").read_text() == "the old site\n"
    assert [p.name for p in project.iterdir() if p.name.startswith(".built")] == []


def test_a_build_replaces_the_old_site_whole(project: Path) -> None:
    site = project / "built"
    site.mkdir()
    (site / "stale.html").write_text("gone\n")
    done = planpress("build", "-d", "built", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and not (site / "stale.html").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".built")] == []


# ---------------------------------------------------------------- 7: serve leaves nothing behind


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(word) for word in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has ended


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_serve_stops_mkdocs(project: Path, how: signal.Signals) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [*PLANPRESS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("planpress serve did not answer")
        children = children_of(server.pid)
        assert children, "mkdocs serve is not a child of planpress"
        server.send_signal(how)
        server.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
            any(alive(pid) for pid in children) or listening(port)
        ):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in children), "mkdocs serve is still running"
        assert not listening(port), f"port {port} is still taken"
    finally:
        if server.poll() is None:
            server.kill()
