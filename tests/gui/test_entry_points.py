"""`socle-desktop --smoke` and `socle-desktop screenshot`, run as the user would run them."""

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def run_cli(*args, tmp_path, timeout=180):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(tmp_path / "donnees"))
    return subprocess.run([sys.executable, "-m", "socle_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_smoke_opens_the_window_and_exits_zero(tmp_path):
    done = run_cli("--smoke", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "premier affichage" in done.stderr
    assert (tmp_path / "donnees").is_dir()


def test_screenshot_renders_every_view(tmp_path):
    out = tmp_path / "captures"
    done = run_cli("screenshot", "--out", str(out), tmp_path=tmp_path, timeout=400)
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in out.glob("*.png"))
    for expected in ("00-bibliotheque.png", "00-bibliotheque-modifie-apres-signature.png",
                     "01-collectivite.png", "02-ecoles.png", "03-equipement.png",
                     "04-ressources.png", "05-accompagnement.png", "06-projet.png", "07-pieces-jointes.png",
                     "08-synthese.png", "09-controles.png", "10-export-et-signature.png", "14-reception.png",
                     "15-reception-synthese-departements.png",
                     "22-equipement-40-ecoles.png",  # forty long school names, each row distinct
                     "17-import-lignes-colonnes.png", "18-import-lignes-rapport.png",  # issue 12's done-when
                     "16-dialogue-de-fichier.png"):  # Qt's own file dialog, to look at its French
        assert expected in names
    image = QImage(str(out / "08-synthese.png"))
    assert image.width() >= 1000
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # painted, not a blank page
    assert not (tmp_path / "donnees").exists(), "screenshots must not touch the user's library"
