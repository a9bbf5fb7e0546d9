#!/bin/sh
# Every source file with a string marked for translation is listed in
# po/POTFILES, so that no user-visible string is left out of the catalogue.
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu
cd "$1"
missing=0
for f in $(grep -rlE '(^|[^A-Za-z_])(N|C|NC)?_ ?\("' app --include='*.c') \
         $(grep -rl 'translatable="yes"' ui data); do
  if ! grep -qx "$f" po/POTFILES; then
    echo "not in po/POTFILES: $f"
    missing=$((missing + 1))
  fi
done
echo "$missing files with translatable strings missing from po/POTFILES"
[ "$missing" -eq 0 ]
