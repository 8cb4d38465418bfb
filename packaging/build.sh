#!/usr/bin/env bash
# Build the frozen onedir program with PyInstaller, then run it as a user would, offscreen
# (packaging/check_frozen.py): --version, demo --out (checked by the installed package's verify),
# --smoke, compute, a damaged library. On Debian it also packs, validates, installs and starts
# the .deb. Fails when the frozen or installed program fails. Used by .ci/run after the tests.
#
#     packaging/build.sh [PYTHON]     (default: .venv/bin/python, where socle-desktop is installed)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
out="build/frozen"

# PyInstaller's hooks and options move between releases: one pinned version, tested here.
"$python" -m pip install -q "pyinstaller==6.22.3"
rm -rf "$out"
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$out/dist" --workpath "$out/work" \
  packaging/socle-desktop.spec
program="$out/dist/socle-desktop/socle-desktop"
dangling="$(find "$out/dist" -xtype l)"
if [ -n "$dangling" ]; then
  echo "Liens vers des fichiers absents dans le programme figé :" >&2
  echo "$dangling" >&2
  exit 1
fi
echo "Programme figé : $(du -sh "$out/dist/socle-desktop" | cut -f1) ($(find "$out/dist/socle-desktop" -type f | wc -l) fichiers)"
"$python" packaging/check_frozen.py "$program" --verifier "$python"

if command -v dpkg-deb >/dev/null; then
  desktop-file-validate packaging/linux/fr.socle_desktop.SocleDesktop.desktop
  appstreamcli validate --no-net packaging/linux/fr.socle_desktop.SocleDesktop.metainfo.xml
  deb="$(packaging/linux/build-deb.sh "$out/dist/socle-desktop" "$out" "$python")"
  echo "Paquet Debian : $deb ($(du -h "$deb" | cut -f1))"
  if [ "$(id -u)" -eq 0 ]; then
    # Installed for real (apt resolves the X11 libraries the package depends on), started from
    # the system's path, then removed again.
    apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
    trap 'dpkg -r socle-desktop >/dev/null' EXIT
    "$python" packaging/check_frozen.py /usr/bin/socle-desktop --verifier "$python"
    test -f /usr/share/icons/hicolor/256x256/apps/fr.socle_desktop.SocleDesktop.png
  else
    echo "(installation du paquet non essayée : il faut être root)"
  fi
fi
