#!/usr/bin/env python3
"""Full-page screenshots of the public site on the demo newsroom, for people to look at.

    .venv/bin/python scripts/screenshots.py [--seeds ../shared/seeds] [--out screenshots]

(or `make screenshots`). It migrates a temporary SQLite database, loads the demo (with the seed
articles as texts when the folder is there), serves the app with `manage.py runserver` on
127.0.0.1 and a free port, saves PNGs of the main pages at desktop width and at phone width
(390 px) with Debian's /usr/bin/chromium, then stops the server and removes the database.
"""

import argparse
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# The launch arguments of the browser tests (tests/browser/conftest.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The pages shown at phone width as well.
PHONE_PAGES = {"home", "quote-raxit", "timeline"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_seeds() -> Path | None:
    for folder in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (folder / "gold.json").is_file():
            return folder
    return None


def prepare_database(env: dict, seeds: Path | None) -> dict[str, str]:
    """Migrate the temporary database, load the demo; the paths of the pages to capture."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from newsroom.demo import demo_id
    from sources.models import Person

    call_command("migrate", "--no-input", verbosity=0)
    args = ["--with-text", str(seeds)] if seeds else []
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    print(out.getvalue().strip().splitlines()[0])
    if not seeds:
        print("The seed articles were not found: the sources have no texts.")

    erdogan = Person.objects.get(pk=demo_id("person:erdogan"))
    return {
        "home": "/",
        "quotes": "/quotes/",
        "quote-raxit": f"/quotes/{demo_id('quote:raxit-instrument')}/",
        "person-erdogan": f"/people/{erdogan.slug}/",
        "source-vision-times": f"/sources/{demo_id('source:visiontimes')}/",
        "claims": "/claims/",
        "claim-50000": f"/claims/{demo_id('claim:50000')}/",
        "timeline": "/timeline/",
        "corrections": "/corrections/",
        "search-treaty": "/search/?q=treaty",
    }


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped before answering (exit {server.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers, if only with an error page
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url} within {seconds} s.")


def capture(base_url: str, pages: dict[str, str], out: Path) -> list[tuple[Path, int]]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                context = browser.new_context(viewport=viewport, device_scale_factor=1)
                page = context.new_page()
                for name, path in pages.items():
                    if device == "phone" and name not in PHONE_PAGES:
                        continue
                    response = page.goto(base_url + path, wait_until="networkidle")
                    file = out / f"{name}-{device}.png"
                    page.screenshot(path=str(file), full_page=True)
                    written.append((file, response.status if response else 0))
                context.close()
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=None, help="folder of the seed articles")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="output folder")
    options = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: `make browser-deps` (as root) installs it.", file=sys.stderr)
        return 1
    seeds = options.seeds or default_seeds()
    if seeds and not (seeds / "gold.json").is_file():
        seeds = None

    tmp = Path(tempfile.mkdtemp(prefix="provenance-screenshots."))
    env = {
        # The test settings: DEBUG off as in production, static files served by WhiteNoise
        # from the apps' folders (no collectstatic), a throwaway secret key.
        "DJANGO_SETTINGS_MODULE": "newsroom.settings_test",
        "DJANGO_SQLITE_PATH": str(tmp / "screenshots.sqlite3"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
    }
    server = None
    try:
        env_all = {**os.environ, **env}
        env_all.pop("DATABASE_URL", None)  # always the temporary SQLite database
        os.environ.pop("DATABASE_URL", None)
        pages = prepare_database(env, seeds)
        out = options.out
        out.mkdir(parents=True, exist_ok=True)
        log = (out / "server.log").open("w")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env_all,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/", server)
        print(f"Serving the demo at {base_url} (pid {server.pid}).")
        written = capture(base_url, pages, out)
    finally:
        if server is not None:
            os.kill(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(server.pid, signal.SIGKILL)
                server.wait()
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)

    failed = 0
    for file, status in written:
        shown = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file
        note = "" if status == 200 else f"  (HTTP {status})"
        failed += status != 200
        print(f"wrote {shown}{note}")
    if failed:
        print(
            f"{failed} page(s) did not answer 200; the server's log: {out / 'server.log'}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
