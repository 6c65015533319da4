"""Instructions per request of the key pages, in process: a figure the machine's load
does not move (``make bench``'s req/s does, on a shared machine).

```sh
.venv/bin/python bench/instructions.py --ward WARD_DIR                 # this code
.venv/bin/python bench/instructions.py --ward WARD_DIR --code OTHER_TREE [--path LIBS]
```

``WARD_DIR`` is an instance folder holding ``wardtasks.sqlite`` (e.g. a ward made with
``flask seed-scale --years 1 --updates-per-assignment 6``, the bench's young ward;
password ``ScaleWard-2026``). ``--code`` runs another checkout of wardtasks (with its own
ward: its schema may differ), ``--path`` adds folders to its import path (a library this
virtualenv no longer has). The script runs itself under valgrind's callgrind with
``PYTHONHASHSEED=0``: it logs in as the bench's three users through the Flask test client,
asks each key page three times, freezes what that left out of the garbage collector's
sight (``gc.freeze``), then asks each page ``--requests`` times between two callgrind
dumps (``callgrind_control``) and prints the instructions per request: the Python code,
the C libraries and SQLite alike, gzip included (``Accept-Encoding: gzip``, as the
bench). ``update`` is the htmx status update as ``make bench`` sends it (the branch
head saves a new note on one of their assignments at its current version, each request
another assignment; measured last, on a copy of the ward). Two runs of the same code
agree to 0.1 %. Needs valgrind; about a minute a tree.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "ScaleWard-2026"
PAGES = ("branch", "matrix", "ward", "task", "update")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ward", type=Path, required=True, help="instance folder of the ward")
    p.add_argument("--code", type=Path, default=ROOT, help="the wardtasks checkout to run")
    p.add_argument("--path", action="append", default=[], help="more import folders")
    p.add_argument("--requests", type=int, default=10, help="measured requests per page")
    p.add_argument("--pages", default=",".join(PAGES), help="pages, in the order measured")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        measure(args.ward, args.pages.split(","), args.requests)
        return 0
    with tempfile.TemporaryDirectory(prefix="wardtasks-instructions-") as tmp:
        out = Path(tmp) / "callgrind.out"
        ward = shutil.copytree(args.ward, Path(tmp) / "ward")  # the saves write to it
        env = dict(
            os.environ,
            PYTHONHASHSEED="0",
            PYTHONPATH=os.pathsep.join([str(args.code.resolve()), *args.path]),
        )
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            f"--ward={ward}",
            f"--pages={args.pages}",
            f"--requests={args.requests}",
        ]
        run = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            return 1
        print(f"code: {args.code.resolve()}; ward: {args.ward.resolve()}")
        print("| page | instructions per request |\n|---|---:|")
        for dump in sorted(Path(tmp).glob("callgrind.out.*"), key=lambda f: int(f.suffix[1:])):
            text = dump.read_text(errors="replace")
            label = re.search(r"^desc: Trigger: .*dump (\S+)", text, re.MULTILINE)
            total = re.search(r"^summary: (\d+)", text, re.MULTILINE)
            if label and total and label.group(1) in PAGES:
                print(f"| {label.group(1)} | {int(total.group(1)) / args.requests / 1e6:.2f} M |")
    return 0


def measure(ward: Path, pages: list[str], requests: int) -> None:
    """Under callgrind: log in, warm each page up, then ``requests`` of it between dumps."""
    os.environ["WARDTASKS_INSTANCE_PATH"] = str(ward)
    os.environ.pop("WARDTASKS_COUNT_QUERIES", None)
    from wardtasks import create_app

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Ward, inspect_ward, update_form  # the bench's users and pages

    app = create_app()
    w = Ward("instructions", ward, PASSWORD, [])
    inspect_ward(w)
    clients = {}
    for role in ("branch_head", "leader", "secretariat"):
        client = app.test_client()
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        assert token, "no CSRF token on the login page"
        login = {"username": w.usernames[role], "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/login", data=login).status_code == 302, role
        clients[role] = client
    addresses = {
        "branch": ("branch_head", f"/branches/{w.ids['branch_id']}"),
        "matrix": ("leader", f"/orgs/{w.ids['org_id']}"),
        "ward": ("secretariat", "/ward"),
        "task": ("leader", f"/tasks/{w.ids['task_id']}"),
    }
    headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}
    page = clients["branch_head"].get(addresses["branch"][1]).get_data(as_text=True)
    csrf = re.search(r"X-CSRFToken&#34;: &#34;([^&]+)&#34;|\"X-CSRFToken\": \"([^\"]+)\"", page)
    assert csrf, "no X-CSRFToken in the branch page's hx-headers"
    update_headers = dict(headers, **{"HX-Request": "true", "X-CSRFToken": csrf[1] or csrf[2]})
    saves = iter(range(len(w.pool)))

    def ask(page: str) -> int:
        if page != "update":
            role, path = addresses[page]
            return clients[role].get(path, headers=headers).status_code
        n = next(saves)  # a different assignment each time, at its version
        aid, version = w.pool[n]
        form = update_form(version, n, w.ids["branch_id"])
        path = f"/assignments/{aid}/status"
        return clients["branch_head"].post(path, data=form, headers=update_headers).status_code

    # The saves' warm-up first: a save changes the data version, which the pages' warm-up
    # then catches up with (their counters are cached under it).
    for page in sorted(pages, key=lambda page: page != "update"):
        for _ in range(3):
            assert ask(page) == 200, page
    # What the warm-up left is frozen out of the collector's sight (as gunicorn.conf.py does
    # for what the app loaded): otherwise a full collection of the whole heap falls into
    # one page's count or another's depending on the allocations before it.
    gc.collect()
    gc.freeze()
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "--dump=warm-up", pid], check=True, capture_output=True)
    for page in pages:
        for _ in range(requests):
            ask(page)
        subprocess.run(
            ["callgrind_control", f"--dump={page}", pid], check=True, capture_output=True
        )


if __name__ == "__main__":
    sys.exit(main())
