#!/bin/sh
# Every C file is as .clang-format lays it out, so every file looks the
# same without discussion.  Formatters of other versions lay out some
# lines differently: the check is made with clang-format 14 (Debian 12's,
# which the quick start installs) and skipped (77) without it.
# Usage: check-format.sh SOURCE_ROOT
set -eu
cd "$1"
# A quark's name is a string written bare; a formatter that spaces it
# ("dm - units - error - quark") renames the error domain.
if grep -rn --include='*.[ch]' 'G_DEFINE_QUARK (.* - ' app tests; then
  echo "a quark's name was spaced: keep G_DEFINE_QUARK between /* clang-format off */ and /* clang-format on */"
  exit 1
fi
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ] || ! "$cf" --version | grep -q 'version 14\.'; then
  echo "clang-format 14 is not installed: not checked"
  exit 77
fi
files=$(find app tests -name '*.[ch]' | sort)
# One run for all; it names each file it would change.
bad=$("$cf" --dry-run $files 2>&1 | sed -n 's/^\([^:]*\.[ch]\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
for f in $bad; do
  echo "not formatted: $f (clang-format -i $f)"
done
echo "$(echo "$files" | wc -l) files checked, $(echo "$bad" | grep -c . || true) not formatted"
[ -z "$bad" ]
