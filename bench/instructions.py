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

```sh
.venv/bin/python bench/instructions.py --peer PEER_DIR [--requests 5]
```

``--peer`` measures the peer-sized ward's requests of ``make bench`` (issue 16:
``PEER_REQUESTS`` and their addresses, from bench/run.py) as the secretariat, each twice:
``:computed``, an app whose cache is off (``WARDTASKS_CACHE_TYPE=NullCache``, as the
bench's computed server), and ``:kept``, the app as it runs (a repeated request of an
unchanged month); and the floor's page (bench/floor.py, ``--floor-bytes`` as the bench
sizes it) in the same process. Each is printed with its ratio to the floor page's
instructions, and the floor's over it (what the bench's req/s ratio would be if a request
cost its instructions alone: the server's own share is left out, which makes it lower).
``PEER_DIR`` is built with the bench's peer ward (``PEER_WARD``) when it holds no ward.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "ScaleWard-2026"
PAGES = ("branch", "matrix", "ward", "task", "update")
# The peer ward's requests (bench/run.py's PEER_REQUESTS keys), each from an app whose
# cache is off and from one as it runs, and the floor's page.
PEER_KEYS = ("org_report", "csv_org", "csv_ward", "xlsx_org", "docx_org")
PEER_PAGES = ("floor", *(f"{k}:{how}" for k in PEER_KEYS for how in ("computed", "kept")))
# The floor page's size in make bench: the scale ward's branch page (bench/results).
FLOOR_BYTES = 32560


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ward", type=Path, help="instance folder of the ward")
    p.add_argument("--code", type=Path, default=ROOT, help="the wardtasks checkout to run")
    p.add_argument("--path", action="append", default=[], help="more import folders")
    p.add_argument("--requests", type=int, default=10, help="measured requests per page")
    p.add_argument("--pages", default=",".join(PAGES), help="pages, in the order measured")
    p.add_argument("--peer", type=Path, help="the peer-sized ward's folder (built if empty)")
    p.add_argument("--floor-bytes", type=int, default=FLOOR_BYTES, help="the floor page's size")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.peer is not None:
        if not (args.peer / "wardtasks.sqlite").exists():
            build_peer(args.peer)
        args.ward = args.peer
        if args.pages == ",".join(PAGES):
            args.pages = ",".join(PEER_PAGES)
    elif args.ward is None:
        p.error("--ward or --peer is needed")
    if args.child:
        if args.pages.split(",")[0] in PEER_PAGES:
            measure_peer(args.ward, args.pages.split(","), args.requests, args.floor_bytes)
        else:
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
            f"--floor-bytes={args.floor_bytes}",
        ]
        run = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            return 1
        print(f"code: {args.code.resolve()}; ward: {args.ward.resolve()}")
        counts: dict[str, float] = {}
        for dump in sorted(Path(tmp).glob("callgrind.out.*"), key=lambda f: int(f.suffix[1:])):
            text = dump.read_text(errors="replace")
            label = re.search(r"^desc: Trigger: .*dump (\S+)", text, re.MULTILINE)
            total = re.search(r"^summary: (\d+)", text, re.MULTILINE)
            if label and total and label.group(1) in (*PAGES, *PEER_PAGES):
                counts[label.group(1)] = int(total.group(1)) / args.requests / 1e6
        floor = counts.get("floor")
        if floor:
            print("| request | instructions per request | ÷ floor page | floor ÷ it |")
            print("|---|---:|---:|---:|")
            for page, n in counts.items():
                print(f"| {page} | {n:.2f} M | {n / floor:.2f} | {floor / n:.2f} |")
        else:
            print("| page | instructions per request |\n|---|---:|")
            for page, n in counts.items():
                print(f"| {page} | {n:.2f} M |")
    return 0


def build_peer(folder: Path) -> None:
    """The bench's peer-sized ward in ``folder`` (``flask seed-scale`` with PEER_WARD)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import PEER_WARD, SCALE_PASSWORD, Ward, build_ward

    assert SCALE_PASSWORD == PASSWORD
    folder.mkdir(parents=True, exist_ok=True)
    build_ward(Ward("peer", folder, PASSWORD, ["seed-scale", *PEER_WARD.split()]))


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
        clients[role] = login(app, w.usernames[role])
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


def measure_peer(ward: Path, pages: list[str], requests: int, floor_bytes: int) -> None:
    """Under callgrind: the peer requests of ``pages`` (``KEY:computed``, ``KEY:kept``) and
    the floor's page, warmed up, then ``requests`` of each between dumps."""
    os.environ["WARDTASKS_INSTANCE_PATH"] = str(ward)
    os.environ.pop("WARDTASKS_COUNT_QUERIES", None)
    os.environ["FLOOR_DB"] = str(ward / "floor.sqlite")
    os.environ["FLOOR_PAGE_BYTES"] = str(floor_bytes)
    from wardtasks import create_app

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import floor
    from run import PEER_REQUESTS, Ward, inspect_ward, peer_paths, route_table

    os.environ["WARDTASKS_CACHE_TYPE"] = "NullCache"
    apps = {"computed": create_app()}
    os.environ.pop("WARDTASKS_CACHE_TYPE")
    apps["kept"] = create_app()
    w = Ward("instructions", ward, PASSWORD, [])
    inspect_ward(w)
    paths = peer_paths(w, route_table(apps["kept"]))
    assert set(PEER_KEYS) == {pr.key for pr in PEER_REQUESTS}, "PEER_KEYS against run.py"
    clients = {how: login(app, w.usernames["secretariat"]) for how, app in apps.items()}
    floor_client = floor.create_app().test_client()
    headers = {"Accept-Encoding": "gzip"}
    asked = iter(range(10**9))

    def ask(page: str) -> int:
        if page == "floor":
            return floor_client.get(f"/page/{next(asked) % 10}", headers=headers).status_code
        key, how = page.split(":")
        response = clients[how].get(paths[key], headers=headers)
        response.get_data()  # a streamed file is written as it is read
        return response.status_code

    for page in pages:
        for _ in range(3):
            assert ask(page) == 200, page
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


def login(app: Any, username: str) -> Any:
    """A test client of ``app`` logged in as ``username``."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert token, "no CSRF token on the login page"
    data = {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data).status_code == 302, username
    return client


if __name__ == "__main__":
    sys.exit(main())
