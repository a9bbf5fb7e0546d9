/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-units"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-units.h"

G_DEFINE_QUARK (dm-units-error-quark, dm_units_error)

static double
metres_per_length_unit (DmLengthUnit unit)
{
  switch (unit)
    {
    case DM_LENGTH_M: return 1.0;
    case DM_LENGTH_KM: return 1000.0;
    case DM_LENGTH_MI: return DM_METRES_PER_MILE;
    case DM_LENGTH_NMI: return DM_METRES_PER_NAUTICAL_MILE;
    default: g_return_val_if_reached (1.0);
    }
}

static double
square_metres_per_area_unit (DmAreaUnit unit)
{
  switch (unit)
    {
    case DM_AREA_M2: return 1.0;
    case DM_AREA_KM2: return 1.0e6;
    case DM_AREA_MI2: return DM_METRES_PER_MILE * DM_METRES_PER_MILE;
    case DM_AREA_HA: return 1.0e4;
    default: g_return_val_if_reached (1.0);
    }
}

double
dm_length_from_m (double       metres,
                  DmLengthUnit unit)
{
  return metres / metres_per_length_unit (unit);
}

double
dm_length_to_m (double       value,
                DmLengthUnit unit)
{
  return value * metres_per_length_unit (unit);
}

double
dm_area_from_m2 (double     square_metres,
                 DmAreaUnit unit)
{
  return square_metres / square_metres_per_area_unit (unit);
}

double
dm_area_to_m2 (double     value,
               DmAreaUnit unit)
{
  return value * square_metres_per_area_unit (unit);
}

const char *
dm_length_unit_symbol (DmLengthUnit unit)
{
  switch (unit)
    {
    /* Translators: unit symbols; keep them short. */
    case DM_LENGTH_M: return C_("unit", "m");
    case DM_LENGTH_KM: return C_("unit", "km");
    case DM_LENGTH_MI: return C_("unit", "mi");
    case DM_LENGTH_NMI: return C_("unit", "nmi");
    default: g_return_val_if_reached ("");
    }
}

const char *
dm_area_unit_symbol (DmAreaUnit unit)
{
  switch (unit)
    {
    case DM_AREA_M2: return C_("unit", "m²");
    case DM_AREA_KM2: return C_("unit", "km²");
    case DM_AREA_MI2: return C_("unit", "mi²");
    case DM_AREA_HA: return C_("unit", "ha");
    default: g_return_val_if_reached ("");
    }
}

static const struct {
  const char *name;
  DmLengthUnit unit;
} length_names[] = {
  { "m", DM_LENGTH_M }, { "metre", DM_LENGTH_M }, { "metres", DM_LENGTH_M },
  { "meter", DM_LENGTH_M }, { "meters", DM_LENGTH_M },
  { "km", DM_LENGTH_KM }, { "kilometre", DM_LENGTH_KM }, { "kilometres", DM_LENGTH_KM },
  { "kilometer", DM_LENGTH_KM }, { "kilometers", DM_LENGTH_KM },
  { "mi", DM_LENGTH_MI }, { "mile", DM_LENGTH_MI }, { "miles", DM_LENGTH_MI },
  { "nmi", DM_LENGTH_NMI }, { "nm", DM_LENGTH_NMI }, { "nautical-mile", DM_LENGTH_NMI },
  { "nautical-miles", DM_LENGTH_NMI },
};

gboolean
dm_length_unit_from_string (const char   *str,
                            DmLengthUnit *unit)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (length_names); i++)
    if (g_ascii_strcasecmp (str, length_names[i].name) == 0)
      {
        if (unit != NULL)
          *unit = length_names[i].unit;
        return TRUE;
      }
  return FALSE;
}

gboolean
dm_area_unit_from_string (const char *str,
                          DmAreaUnit *unit)
{
  static const struct { const char *name; DmAreaUnit unit; } names[] = {
    { "m2", DM_AREA_M2 }, { "m²", DM_AREA_M2 },
    { "km2", DM_AREA_KM2 }, { "km²", DM_AREA_KM2 },
    { "mi2", DM_AREA_MI2 }, { "mi²", DM_AREA_MI2 },
    { "ha", DM_AREA_HA }, { "hectare", DM_AREA_HA }, { "hectares", DM_AREA_HA },
  };

  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (str, names[i].name) == 0)
      {
        if (unit != NULL)
          *unit = names[i].unit;
        return TRUE;
      }
  return FALSE;
}

DmAreaUnit
dm_area_unit_for_length (DmLengthUnit unit)
{
  switch (unit)
    {
    case DM_LENGTH_M: return DM_AREA_M2;
    case DM_LENGTH_KM: return DM_AREA_KM2;
    case DM_LENGTH_MI: return DM_AREA_MI2;
    /* Areas are not given in square nautical miles on land. */
    case DM_LENGTH_NMI: return DM_AREA_KM2;
    default: g_return_val_if_reached (DM_AREA_KM2);
    }
}

gboolean
dm_parse_distance (const char   *text,
                   DmLengthUnit  default_unit,
                   double       *metres,
                   GError      **error)
{
  g_autofree char *unit_str = NULL;
  DmLengthUnit unit = default_unit;
  const char *p;
  char *end = NULL;
  double value;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  value = g_ascii_strtod (p, &end);
  if (end == p || !isfinite (value))
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _("“%s” is not a distance; write a number and a unit, for example “2.5mi” or “4 km”"),
                   text);
      return FALSE;
    }
  unit_str = g_strstrip (g_strdup (end));
  if (*unit_str != '\0' && !dm_length_unit_from_string (unit_str, &unit))
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _("Unknown unit “%s” in “%s”; use m, km, mi or nmi"),
                   unit_str, text);
      return FALSE;
    }
  if (value < 0)
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _("A distance cannot be negative (“%s”)"), text);
      return FALSE;
    }
  if (metres != NULL)
    *metres = dm_length_to_m (value, unit);
  return TRUE;
}

char *
dm_format_number (double value,
                  int    decimals)
{
  g_autofree char *raw = NULL;
  GString *out;
  const char *digits, *dot;
  gsize int_len;

  if (!isfinite (value))
    return g_strdup ("—");

  decimals = CLAMP (decimals, 0, 12);
  raw = g_strdup_printf ("%.*f", decimals, fabs (value));
  /* "-0" after rounding is shown as "0". */
  if (value < 0 && g_strtod (raw, NULL) == 0.0)
    value = 0.0;

  digits = raw;
  dot = strchr (raw, '.');
  int_len = dot != NULL ? (gsize) (dot - raw) : strlen (raw);

  out = g_string_new (value < 0 ? "−" : "");
  for (gsize i = 0; i < int_len; i++)
    {
      /* Translators: the thousands separator in figures such as 1,234 km */
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append (out, C_("number", ","));
      g_string_append_c (out, digits[i]);
    }
  if (dot != NULL)
    {
      /* Translators: the decimal mark in figures such as 4.02 km */
      g_string_append (out, C_("number", "."));
      g_string_append (out, dot + 1);
    }
  return g_string_free (out, FALSE);
}

int
dm_sensible_decimals (double value)
{
  double a = fabs (value);

  if (a >= 100.0 || a == 0.0)
    return 0;
  if (a >= 10.0)
    return 1;
  return 2;
}

char *
dm_format_length (double       metres,
                  DmLengthUnit unit)
{
  double v = dm_length_from_m (metres, unit);
  g_autofree char *num = dm_format_number (v, unit == DM_LENGTH_M ? 0 : dm_sensible_decimals (v));

  /* Translators: a figure and its unit, for example “1,187 km” */
  return g_strdup_printf (C_("figure", "%s %s"), num, dm_length_unit_symbol (unit));
}

char *
dm_format_area (double     square_metres,
                DmAreaUnit unit)
{
  double v = dm_area_from_m2 (square_metres, unit);
  g_autofree char *num = dm_format_number (v, unit == DM_AREA_M2 ? 0 : dm_sensible_decimals (v));

  return g_strdup_printf (C_("figure", "%s %s"), num, dm_area_unit_symbol (unit));
}

char *
dm_format_percent (double fraction)
{
  double v = fraction * 100.0;
  g_autofree char *num = dm_format_number (v, fabs (v) >= 10.0 ? 1 : 2);

  /* Translators: a percentage, for example “18.9 %” */
  return g_strdup_printf (C_("figure", "%s %%"), num);
}
