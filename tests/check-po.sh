#!/bin/sh
# Every language of po/LINGUAS translates every string the sources mark,
# none of them fuzzy, with formats and access keys that match the English
# (msgfmt -c).  The catalogue is extracted afresh from po/POTFILES with the
# arguments of meson's glib preset (what `ninja demarcate-pot` runs).
# Usage: check-po.sh SOURCE_ROOT
set -eu
cd "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --package-name=demarcate -f po/POTFILES -D . -o "$tmp/demarcate.pot" \
  --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format --flag=g_print:1:c-format \
  --flag=g_printerr:1:c-format --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format
total=$(grep -c '^msgid ' "$tmp/demarcate.pot")
echo "catalogue: $((total - 1)) strings"
failed=0
languages=$(grep -v '^#' po/LINGUAS | tr -s ' \n' ' ')
[ -n "$languages" ] || { echo "po/LINGUAS lists no language"; exit 1; }
for l in $languages; do
  # Untranslated and fuzzy entries count as missing for msgcmp.
  if ! msgcmp "po/$l.po" "$tmp/demarcate.pot" 2>"$tmp/$l.cmp"; then
    echo "po/$l.po lacks $(grep -c 'this message' "$tmp/$l.cmp") strings (untranslated, fuzzy or absent):"
    head -n 20 "$tmp/$l.cmp"
    failed=1
  fi
  if ! msgfmt -c --check-accelerators=_ --statistics -o /dev/null "po/$l.po" 2>"$tmp/$l.fmt"; then
    cat "$tmp/$l.fmt"
    failed=1
  else
    echo "po/$l.po: $(cat "$tmp/$l.fmt")"
  fi
done
exit $failed
