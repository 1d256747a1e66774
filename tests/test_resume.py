"""A batch killed with SIGKILL mid-way, then run again, leaves every article once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import POLNEAR, require

from wirecoder import Store


def test_resume_after_sigkill(tmp_path: Path) -> None:
    texts = sorted((require(POLNEAR) / "train" / "text").glob("*.txt"))[:40]
    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps({"id": p.stem, "text": p.read_text()}) + "\n"
                             for p in texts))
    db, out = tmp_path / "w.duckdb", tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "wirecoder", "code", str(batch), "--db", str(db),
           "-o", str(out), "--commit-every", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        # Records go to a file beside -o that is moved into place when the run ends.
        written = list(tmp_path.glob(f".{out.name}.*.tmp"))
        if written and len(written[0].read_text().splitlines()) >= 10:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db) as store:
        partial = store.count("articles")
    assert 0 < partial < 40
    assert not out.exists()  # a run that did not finish leaves no -o behind
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"skipped {partial} already stored" in done.stderr
    with Store(db) as store:
        assert store.count("articles") == 40
        assert store.ids() == {p.stem for p in texts}
        rows = store.con.execute(
            "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1)"
        ).fetchone()
        assert rows is not None and rows[0] == 0
