#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The interop suite (meson test --setup interop; ./quickstart test --interop):
# what Demarcate exports, opened by the clients partners use.
#   - KML and KMZ through @tmcw/togeojson, the reader behind geojson.io:
#     every placemark has a geometry, a name and its style's colours;
#   - GeoJSON through @placemarkio/check-geojson.
# On the sample and on a tracker's polygon, with the DMZ, two of Minsk II's lines,
# the Donetsk buffer zone and a border band.  The clients (pinned in package-lock.json) are
# installed from the npm registry into the build folder on first run; when
# they cannot be, the suite is skipped (exit 77), or fails when
# DM_INTEROP_REQUIRED=1 (CI: a client that cannot be installed is a failure).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cli=${DEMARCATE_CLI:?DEMARCATE_CLI is not set}
build=${MESON_BUILD_ROOT:-$PWD}
modules="$build/interop-node"
required=${DM_INTEROP_REQUIRED:-0}

unavailable() {
  echo "interop: $1" >&2
  [ "$required" = 1 ] && exit 1
  exit 77
}

command -v node >/dev/null || unavailable "node is not installed (Debian: nodejs)"
command -v npm >/dev/null || unavailable "npm is not installed (Debian: npm)"
if [ ! -f "$modules/node_modules/.package-lock.json" ] ||
   ! cmp -s "$here/package-lock.json" "$modules/package-lock.json"; then
  mkdir -p "$modules"
  cp "$here/package.json" "$here/package-lock.json" "$modules/"
  (cd "$modules" && npm ci --no-audit --no-fund >&2) ||
    unavailable "the clients could not be installed from the npm registry (npm ci in $modules)"
fi
cp "$here"/check-*.mjs "$modules/"

out=$(mktemp -d /tmp/dm-interop-XXXXXX)
trap 'rm -rf "$out"' EXIT
failed=0
sources=("$DM_DATADIR/samples/contact-line.geojson")
tracker="$here/../data/occupied-2025-11-01.geojson"
[ -f "$tracker" ] && sources+=("$tracker")
for src in "${sources[@]}"; do
  name=$(basename "$src" .geojson)
  for ext in geojson kml kmz; do
    file="$out/$name.$ext"
    if ! "$cli" export "$src" --dmz 5mi --band "Artillery=50km" --band "Rockets=70km" \
         --region-zone "UA-14:A" --border-band "Belarus=50km:UA/BY" -o "$file" >/dev/null; then
      echo "interop: could not export $src to $ext" >&2
      failed=1
      continue
    fi
    case $ext in
      geojson) node "$modules/check-geojson.mjs" "$file" || failed=1 ;;
      *) node "$modules/check-kml.mjs" "$file" || failed=1 ;;
    esac
  done
done
exit $failed
