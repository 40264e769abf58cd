"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

The browser is the system's /usr/bin/chromium (`make browser-deps` installs it with apt-get);
Playwright's own downloaded browsers are never used. Without Chromium the browser tests are
skipped on a developer's machine and fail in CI (where the CI variable is set), so a missing
browser can never pass silently there.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the test still reads the
# database synchronously (fixtures, assertions), which Django would otherwise refuse.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
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


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: `make browser-deps` (as root) installs Debian's Chromium"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` as root to install it.")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages open relative to Django's live server (pytest-playwright passes this on)."""
    return live_server.url


@pytest.fixture(scope="session")
def demo_seeds() -> Path:
    """The folder of the two seed articles, which `load_demo --with-text` attaches as texts."""
    from tests.seeds import find_seeds

    folder = find_seeds()
    if folder is None:
        pytest.skip("the seed articles are not on this machine (../shared/seeds)")
    return folder
