#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The interop suite's desktop clients (meson test --setup interop):
#   qgis  QGIS 3.22's Python bindings (Debian python3-qgis), headless, open
#         the GeoPackage export with the styles stored in it and render the
#         contact line: side A's colour must lie left of it (check-qgis.py);
#   calc  LibreOffice Calc (Debian libreoffice-calc-nogui) reads the figures
#         CSV in English, German and Ukrainian: every figure a number equal
#         to the machine CSV's (check-csv.py).
# On the sample and on a tracker's polygon.  A client that is not installed
# skips the test (exit 77), or fails it when DM_INTEROP_REQUIRED=1 (CI).
set -uo pipefail

client=${1:?qgis or calc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cli=${DEMARCATE_CLI:?DEMARCATE_CLI is not set}
required=${DM_INTEROP_REQUIRED:-0}

unavailable() {
  echo "interop: $1" >&2
  [ "$required" = 1 ] && exit 1
  exit 77
}

case $client in
  qgis)
    /usr/bin/python3 -c "import qgis.core" 2>/dev/null ||
      unavailable "QGIS's Python bindings are not installed (Debian: python3-qgis)" ;;
  calc)
    command -v soffice >/dev/null || unavailable "LibreOffice is not installed (Debian: libreoffice-calc-nogui)" ;;
  *) echo "interop: no client $client" >&2; exit 2 ;;
esac

out=$(mktemp -d /tmp/dm-interop-$client-XXXXXX)
trap 'rm -rf "$out"' EXIT
export HOME=$out XDG_RUNTIME_DIR=$out QT_QPA_PLATFORM=offscreen
failed=0
sources=("$DM_DATADIR/samples/contact-line.geojson")
tracker="$here/../data/occupied-2025-11-01.geojson"
[ -f "$tracker" ] && sources+=("$tracker")
for src in "${sources[@]}"; do
  name=$(basename "$src" .geojson)
  case $client in
    qgis)
      if ! "$cli" export "$src" --dmz 5mi --band "Artillery=50km" -o "$out/$name.gpkg" >/dev/null; then
        echo "interop: could not export $src to a GeoPackage" >&2
        failed=1
        continue
      fi
      /usr/bin/python3 "$here/check-qgis.py" "$out/$name.gpkg" 2>"$out/qgis.log" || { failed=1; cat "$out/qgis.log" >&2; } ;;
    calc)
      /usr/bin/python3 "$here/check-csv.py" "$cli" "$src" "$out" || failed=1 ;;
  esac
done
exit $failed
