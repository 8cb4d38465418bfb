#!/usr/bin/env bash
# Pack the frozen onedir program (packaging/build.sh builds it) as a Debian package with Debian's
# own dpkg-deb: the program in /opt/socle-desktop, a command in /usr/bin, the desktop entry, the
# AppStream metainfo and the icons rendered from the SVG at the usual sizes. Compressed with zstd
# (dpkg >= 1.21.18): xz took minutes on a busy 2-core machine for a few megabytes less.
#
#     packaging/linux/build-deb.sh DIST_DIR OUT_DIR [PYTHON]
#
# DIST_DIR is PyInstaller's dist/socle-desktop; PYTHON (with PySide6) renders the icons.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$(cd "$1" && pwd)"
out="$2"
python="${3:-python3}"
app_id="fr.socle_desktop.SocleDesktop"

version="$("$dist/socle-desktop" --version | awk '{print $2}')"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/metainfo" \
         "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/DEBIAN"
cp -a "$dist" "$stage/opt/socle-desktop"
ln -s /opt/socle-desktop/socle-desktop "$stage/usr/bin/socle-desktop"
install -m 0644 "$here/$app_id.desktop" "$stage/usr/share/applications/"
install -m 0644 "$here/$app_id.metainfo.xml" "$stage/usr/share/metainfo/"
install -m 0644 "$root/resources/icons/socle-desktop.svg" "$stage/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
"$python" "$root/packaging/render_icons.py" "$stage/usr/share/icons/hicolor" >/dev/null
find "$stage/usr/share/icons" -type f -exec chmod 0644 {} +

# The libraries Qt's X11 plugin loads from the system (socle_desktop/gui/x11_check.py names the
# same ones); everything else ships inside /opt/socle-desktop.
cat > "$stage/DEBIAN/control" <<CONTROL
Package: socle-desktop
Version: $version
Architecture: $arch
Maintainer: socle-desktop <maintainers@socle-desktop.invalid>
Section: misc
Priority: optional
Depends: libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0,
 libxkbcommon-x11-0, libxkbcommon0, libegl1, libgl1, libfontconfig1, libdbus-1-3, libglib2.0-0
Installed-Size: $(du -sk "$stage" | cut -f1)
Homepage: https://socle-desktop.invalid/
Description: Dossier « socle numérique dans les écoles élémentaires », hors ligne
 Préparer hors ligne le dossier de candidature à l'appel à projets « socle numérique
 dans les écoles élémentaires » (France Relance, 2021), le signer et le déposer.
CONTROL

mkdir -p "$out"
deb="$out/socle-desktop_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zzstd --build "$stage" "$deb" >/dev/null
echo "$deb"
