"""Where the two seed articles are on this machine: the project holds no copy of them."""

from pathlib import Path

from django.conf import settings


def find_seeds() -> Path | None:
    """The seeds folder beside the checkout (../shared/seeds) or the workplace's copy, if any."""
    for folder in (Path(settings.BASE_DIR).parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (folder / "gold.json").is_file():
            return folder
    return None
