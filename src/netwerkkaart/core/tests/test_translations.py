"""Dutch first: every text the code shows has a Dutch translation, none of them a guess."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import netwerkkaart

SOURCE = Path(netwerkkaart.__file__).resolve().parent
CATALOGUE = Path("locale", "nl", "LC_MESSAGES", "django.po")


def _entries(po_file: Path, *options: str) -> list[str]:
    """The entries of a catalogue that `msgattrib` selects with ``options`` (GNU gettext), without the
    header entry and comments."""
    msgattrib = shutil.which("msgattrib")  # GNU gettext, installed by `make install` for compilemessages
    assert msgattrib is not None
    result = subprocess.run(  # noqa: S603 - our own catalogue file and fixed options
        [msgattrib, *options, "--no-obsolete", "--no-wrap", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    entries = []
    for block in result.stdout.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#")]
        if lines and not lines[0].startswith('msgid ""'):
            entries.append("\n".join(lines))
        elif len(lines) > 1 and not lines[1].startswith('msgstr ""'):
            entries.append("\n".join(lines))  # a message that starts with an empty first line
    return entries


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Dutch catalogue as `makemessages` leaves it after reading today's code (in a copy)."""
    copy = tmp_path_factory.mktemp("messages") / "netwerkkaart"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=["nl"], no_location=True, verbosity=0)
    return copy / CATALOGUE


def test_every_message_in_the_code_has_a_dutch_translation(catalogue: Path) -> None:
    assert _entries(catalogue, "--untranslated") == [], "run makemessages and translate these"


def test_no_translation_is_a_fuzzy_guess(catalogue: Path) -> None:
    assert _entries(catalogue, "--only-fuzzy") == [], "check these translations and drop the fuzzy flag"
