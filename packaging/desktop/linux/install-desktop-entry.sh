#!/bin/sh
# Add CivoDesk to this user's application menu (any freedesktop.org desktop: GNOME, KDE, Xfce...).
#
#   packaging/desktop/linux/install-desktop-entry.sh [PROGRAM]
#   packaging/desktop/linux/install-desktop-entry.sh --uninstall
#
# PROGRAM is the civodesk executable: by default the `civodesk` found on PATH (pip or pipx
# install); for the PyInstaller build, the `civodesk` inside its CivoDesk folder. The entry, its
# AppStream metainfo and the icon go to ${XDG_DATA_HOME:-~/.local/share}; the entry starts
# PROGRAM by its absolute path, so run this again if the program moves. The meetings are not
# touched: they live in the data folder (see docs/installing.md).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
icon_source="$here/../../../resources/icons/civodesk.svg"
app_id=fr.civodesk.CivoDesk
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
desktop_target="$data_home/applications/$app_id.desktop"
metainfo_target="$data_home/metainfo/$app_id.metainfo.xml"
icon_target="$data_home/icons/hicolor/scalable/apps/civodesk.svg"

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data_home/applications" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$desktop_target" "$metainfo_target" "$icon_target"
    refresh_menus
    echo "CivoDesk removed from the application menu."
    exit 0
fi

program=${1:-civodesk}
case "$program" in
    */*) ;;
    *) program=$(command -v "$program") || {
        echo "error: no 'civodesk' on PATH; give the program's path as argument." >&2
        exit 1
    } ;;
esac
if [ ! -x "$program" ] || [ -d "$program" ]; then
    echo "error: $program is not an executable program." >&2
    exit 1
fi
program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
case "$program" in
    *[\"\`\$\\]*)
        echo "error: the path $program contains a quote, \`, \$ or \\; move the program." >&2
        exit 1
        ;;
esac

mkdir -p "$(dirname "$desktop_target")" "$(dirname "$metainfo_target")" "$(dirname "$icon_target")"
sed "s|^Exec=.*|Exec=\"$program\"|" "$here/$app_id.desktop" > "$desktop_target"
cp "$here/$app_id.metainfo.xml" "$metainfo_target"
cp "$icon_source" "$icon_target"
refresh_menus
echo "CivoDesk added to the application menu: $desktop_target starts $program"
