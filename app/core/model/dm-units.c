/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-units"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-units-error-quark, dm_units_error)
/* clang-format on */

static double
metres_per_length_unit (DmLengthUnit unit)
{
  switch (unit)
    {
    case DM_LENGTH_M:
      return 1.0;
    case DM_LENGTH_KM:
      return 1000.0;
    case DM_LENGTH_MI:
      return DM_METRES_PER_MILE;
    case DM_LENGTH_NMI:
      return DM_METRES_PER_NAUTICAL_MILE;
    default:
      g_return_val_if_reached (1.0);
    }
}

static double
square_metres_per_area_unit (DmAreaUnit unit)
{
  switch (unit)
    {
    case DM_AREA_M2:
      return 1.0;
    case DM_AREA_KM2:
      return 1.0e6;
    case DM_AREA_MI2:
      return DM_METRES_PER_MILE * DM_METRES_PER_MILE;
    case DM_AREA_HA:
      return 1.0e4;
    default:
      g_return_val_if_reached (1.0);
    }
}

double
dm_length_from_m (double metres, DmLengthUnit unit)
{
  return metres / metres_per_length_unit (unit);
}

double
dm_length_to_m (double value, DmLengthUnit unit)
{
  return value * metres_per_length_unit (unit);
}

double
dm_area_from_m2 (double square_metres, DmAreaUnit unit)
{
  return square_metres / square_metres_per_area_unit (unit);
}

double
dm_area_to_m2 (double value, DmAreaUnit unit)
{
  return value * square_metres_per_area_unit (unit);
}

const char *
dm_length_unit_symbol (DmLengthUnit unit)
{
  switch (unit)
    {
    /* Translators: unit symbols; keep them short. */
    case DM_LENGTH_M:
      return C_ ("unit", "m");
    case DM_LENGTH_KM:
      return C_ ("unit", "km");
    case DM_LENGTH_MI:
      return C_ ("unit", "mi");
    case DM_LENGTH_NMI:
      return C_ ("unit", "nmi");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
dm_area_unit_symbol (DmAreaUnit unit)
{
  switch (unit)
    {
    case DM_AREA_M2:
      return C_ ("unit", "m²");
    case DM_AREA_KM2:
      return C_ ("unit", "km²");
    case DM_AREA_MI2:
      return C_ ("unit", "mi²");
    case DM_AREA_HA:
      return C_ ("unit", "ha");
    default:
      g_return_val_if_reached ("");
    }
}

static const struct {
  const char *name;
  DmLengthUnit unit;
} length_names[] = {
  { "m", DM_LENGTH_M },
  { "metre", DM_LENGTH_M },
  { "metres", DM_LENGTH_M },
  { "meter", DM_LENGTH_M },
  { "meters", DM_LENGTH_M },
  { "km", DM_LENGTH_KM },
  { "kilometre", DM_LENGTH_KM },
  { "kilometres", DM_LENGTH_KM },
  { "kilometer", DM_LENGTH_KM },
  { "kilometers", DM_LENGTH_KM },
  { "mi", DM_LENGTH_MI },
  { "mile", DM_LENGTH_MI },
  { "miles", DM_LENGTH_MI },
  { "nmi", DM_LENGTH_NMI },
  { "nm", DM_LENGTH_NMI },
  { "nautical-mile", DM_LENGTH_NMI },
  { "nautical-miles", DM_LENGTH_NMI },
};

gboolean
dm_length_unit_from_string (const char *str, DmLengthUnit *unit)
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
dm_area_unit_from_string (const char *str, DmAreaUnit *unit)
{
  static const struct {
    const char *name;
    DmAreaUnit unit;
  } names[] = {
    { "m2", DM_AREA_M2 },   { "m²", DM_AREA_M2 },      { "km2", DM_AREA_KM2 },
    { "km²", DM_AREA_KM2 }, { "mi2", DM_AREA_MI2 },    { "mi²", DM_AREA_MI2 },
    { "ha", DM_AREA_HA },   { "hectare", DM_AREA_HA }, { "hectares", DM_AREA_HA },
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
    case DM_LENGTH_M:
      return DM_AREA_M2;
    case DM_LENGTH_KM:
      return DM_AREA_KM2;
    case DM_LENGTH_MI:
      return DM_AREA_MI2;
    /* Areas are not given in square nautical miles on land. */
    case DM_LENGTH_NMI:
      return DM_AREA_KM2;
    default:
      g_return_val_if_reached (DM_AREA_KM2);
    }
}

gboolean
dm_parse_distance (const char *text, DmLengthUnit default_unit, double *metres, GError **error)
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
                   _ ("“%s” is not a distance; write a number and a unit, for example “2.5mi” or “4 km”"), text);
      return FALSE;
    }
  unit_str = g_strstrip (g_strdup (end));
  if (*unit_str != '\0' && !dm_length_unit_from_string (unit_str, &unit))
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID, _ ("Unknown unit “%s” in “%s”; use m, km, mi or nmi"),
                   unit_str, text);
      return FALSE;
    }
  if (value < 0)
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID, _ ("A distance cannot be negative (“%s”)"), text);
      return FALSE;
    }
  if (metres != NULL)
    *metres = dm_length_to_m (value, unit);
  return TRUE;
}

gint64
dm_round_scaled_exact (double a, double scale)
{
  /* The exact product as p + err: the product's rounding error is exact
   * by FMA. */
  double p = a * scale, err = fma (a, scale, -p), k = floor (p), d;

  if (k == p && err < 0)
    k -= 1; /* p is a whole number but the exact product is just below it */
  /* The exact fraction beyond k is (p − k) + err; p − k is exact. */
  d = (p - k) - 0.5;
  if (d > -err || (d == -err && fmod (k, 2.0) != 0.0))
    k += 1;
  return (gint64) k;
}

char *
dm_format_number (double value, int decimals)
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
        g_string_append (out, C_ ("number", ","));
      g_string_append_c (out, digits[i]);
    }
  if (dot != NULL)
    {
      g_string_append (out, dm_decimal_mark ());
      g_string_append (out, dot + 1);
    }
  return g_string_free (out, FALSE);
}

const char *
dm_decimal_mark (void)
{
  /* Translators: the decimal mark in figures such as 4.02 km */
  return C_ ("number", ".");
}

char *
dm_format_date (GDateTime *date, gboolean with_time)
{
  g_return_val_if_fail (date != NULL, NULL);

  /* Translators: a date, and a date with its time, as g_date_time_format()
   * (strftime) writes them; digits only, in the order your language uses
   * (for example “%d.%m.%Y” and “%d.%m.%Y %H:%M”) */
  return g_date_time_format (date, with_time ? C_ ("date", "%Y-%m-%d %H:%M") : C_ ("date", "%Y-%m-%d"));
}

double
dm_nice_floor (double x)
{
  double p = pow (10, floor (log10 (x)));
  double f = x / p;

  return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
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
dm_format_length (double metres, DmLengthUnit unit)
{
  double v = dm_length_from_m (metres, unit);
  g_autofree char *num = dm_format_number (v, unit == DM_LENGTH_M ? 0 : dm_sensible_decimals (v));

  /* Translators: a figure and its unit, for example “1,187 km” */
  return g_strdup_printf (C_ ("figure", "%s %s"), num, dm_length_unit_symbol (unit));
}

/* km and mi: the unit asked for first, the other in brackets. */
static DmLengthUnit
first_unit (DmLengthUnit unit)
{
  return unit == DM_LENGTH_MI ? DM_LENGTH_MI : DM_LENGTH_KM;
}

static DmLengthUnit
second_unit (DmLengthUnit unit)
{
  return unit == DM_LENGTH_MI ? DM_LENGTH_KM : DM_LENGTH_MI;
}

char *
dm_format_length_both (double metres, DmLengthUnit unit)
{
  g_autofree char *a = dm_format_length (metres, first_unit (unit));
  g_autofree char *b = dm_format_length (metres, second_unit (unit));

  /* Translators: a length in two units, e.g. “1,087 km (675 mi)” */
  return g_strdup_printf (C_ ("figure", "%s (%s)"), a, b);
}

char *
dm_format_area_both (double square_metres, DmLengthUnit unit)
{
  g_autofree char *a = dm_format_area (square_metres, dm_area_unit_for_length (first_unit (unit)));
  g_autofree char *b = dm_format_area (square_metres, dm_area_unit_for_length (second_unit (unit)));

  return g_strdup_printf (C_ ("figure", "%s (%s)"), a, b);
}

char *
dm_format_length_setting (double metres, DmLengthUnit unit)
{
  double v = dm_length_from_m (metres, unit);
  /* As few decimals as the value has, up to two: “4 km”, “2.5 mi”. */
  int decimals = fabs (v * 100.0 - round (v * 100.0)) > 1e-6 ? 2
                 : fmod (round (v * 100.0), 100.0) == 0.0    ? 0
                 : fmod (round (v * 100.0), 10.0) == 0.0     ? 1
                                                             : 2;
  g_autofree char *num = dm_format_number (v, decimals);

  return g_strdup_printf (C_ ("figure", "%s %s"), num, dm_length_unit_symbol (unit));
}

char *
dm_format_area (double square_metres, DmAreaUnit unit)
{
  double v = dm_area_from_m2 (square_metres, unit);
  g_autofree char *num = dm_format_number (v, unit == DM_AREA_M2 ? 0 : dm_sensible_decimals (v));

  return g_strdup_printf (C_ ("figure", "%s %s"), num, dm_area_unit_symbol (unit));
}

char *
dm_format_percent (double fraction)
{
  double v = fraction * 100.0;
  g_autofree char *num = dm_format_number (v, fabs (v) >= 10.0 ? 1 : 2);

  /* Translators: a percentage, for example “18.9 %” */
  return g_strdup_printf (C_ ("figure", "%s %%"), num);
}

char *
dm_format_area_share (double square_metres, double fraction, DmAreaUnit unit)
{
  g_autofree char *area = dm_format_area (square_metres, unit);
  g_autofree char *share = dm_format_percent (fraction);

  /* Translators: an area and its share, for example “20,208 km² (76.0 %)” */
  return g_strdup_printf (C_ ("figure", "%s (%s)"), area, share);
}

/* ---- Coordinates -------------------------------------------------------- */

typedef enum {
  MARK_NONE = -1,
  MARK_DEG,
  MARK_MIN,
  MARK_SEC,
} Mark;

/* One of latitude or longitude as it is being read. */
typedef struct {
  double figures[3];
  gboolean has_decimals[3];
  Mark marks[3];
  guint n_figures;
  char hemisphere; /* 'N', 'S', 'E', 'W' or 0 */
  gboolean negative;
} Component;

static const struct {
  const char *text;
  Mark mark;
} mark_spellings[] = {
  { "°", MARK_DEG }, { "º", MARK_DEG }, { "d", MARK_DEG }, { "''", MARK_SEC }, { "\"", MARK_SEC },
  { "″", MARK_SEC }, { "”", MARK_SEC }, { "'", MARK_MIN }, { "′", MARK_MIN },  { "’", MARK_MIN },
};

static gboolean
coordinate_error (GError **error, const char *text, const char *why)
{
  g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
               _ ("“%s” is not a position: %s. Write for example “47°50'12.3″N 35°7'E” or “47.8367, 35.1167”"), text,
               why);
  return FALSE;
}

/* Degrees from a component's figures, checking minutes and seconds. */
static gboolean
component_value (const Component *c, const char *text, double *value, GError **error)
{
  static const double scale[] = { 1.0, 60.0, 3600.0 };
  double v = 0;

  if (c->n_figures == 0)
    return coordinate_error (error, text, _ ("a latitude or longitude has no number"));
  for (guint i = 0; i < c->n_figures; i++)
    {
      Mark m = c->marks[i] != MARK_NONE ? c->marks[i] : (Mark) i;

      if (m != (Mark) i)
        return coordinate_error (error, text, _ ("degrees, minutes and seconds must come in that order"));
      if (c->has_decimals[i] && i + 1 < c->n_figures)
        return coordinate_error (error, text, _ ("only the last of degrees, minutes and seconds may have decimals"));
      if (i > 0 && c->figures[i] >= 60.0)
        {
          g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                       i == 1 ? _ ("“%s” is not a position: minutes must be less than 60 (found %g)")
                              : _ ("“%s” is not a position: seconds must be less than 60 (found %g)"),
                       text, c->figures[i]);
          return FALSE;
        }
      v += c->figures[i] / scale[i];
    }
  if (c->negative)
    {
      if (c->hemisphere == 'S' || c->hemisphere == 'W' || c->hemisphere == 'N' || c->hemisphere == 'E')
        return coordinate_error (error, text, _ ("a minus sign and a hemisphere letter together are ambiguous"));
      v = -v;
    }
  if (c->hemisphere == 'S' || c->hemisphere == 'W')
    v = -v;
  *value = v;
  return TRUE;
}

/* Starts a component; FALSE when there are two already. */
static gboolean
component_begin (Component *comps, guint *n, int *cur)
{
  if (*n == 2)
    return FALSE;
  memset (&comps[*n], 0, sizeof comps[*n]);
  *cur = (*n)++;
  return TRUE;
}

gboolean
dm_parse_coordinate (const char *text, double *lat, double *lon, GError **error)
{
  Component comps[2] = { 0 };
  guint n = 0;  /* components begun */
  int cur = -1; /* the one still taking figures, or -1 */
  const char *p;
  double values[2];
  int lat_index, lon_index;

  g_return_val_if_fail (text != NULL, FALSE);

  for (p = text; *p != '\0';)
    {
      Component *c = cur >= 0 ? &comps[cur] : NULL;
      char ch = g_ascii_toupper (*p);
      gboolean matched = FALSE;

      if (g_ascii_isspace (*p))
        {
          p++;
        }
      else if (*p == ',' || *p == ';')
        {
          /* A separator closes the component: the next figure starts anew. */
          if (n == 0 || (c != NULL && c->n_figures == 0))
            return coordinate_error (error, text, _ ("a separator comes before a number"));
          cur = -1;
          p++;
        }
      else if (ch == 'N' || ch == 'S' || ch == 'E' || ch == 'W')
        {
          /* After figures a letter ends its component ("47.8N"); before
           * them it begins one ("N 47 50"). */
          if (c != NULL && c->n_figures > 0 && c->hemisphere == 0)
            {
              c->hemisphere = ch;
              cur = -1;
            }
          else if (c != NULL && c->n_figures == 0)
            return coordinate_error (error, text, _ ("two hemisphere letters follow each other"));
          else if (!component_begin (comps, &n, &cur))
            return coordinate_error (error, text, _ ("there are more than two parts"));
          else
            comps[cur].hemisphere = ch;
          p++;
        }
      else if (*p == '-' || *p == '+' || *p == '.' || g_ascii_isdigit (*p))
        {
          gboolean negative = *p == '-';
          char *end = NULL;
          double v;

          if (*p == '-' || *p == '+')
            p++;
          v = g_ascii_strtod (p, &end);
          if (end == p || !isfinite (v) || *p == '-' || *p == '+')
            return coordinate_error (error, text, _ ("a number cannot be read"));
          if (c == NULL)
            {
              if (!component_begin (comps, &n, &cur))
                return coordinate_error (error, text, _ ("there are more than two parts"));
              c = &comps[cur];
            }
          if (c->n_figures == 3)
            return coordinate_error (error, text, _ ("a part has more figures than degrees, minutes and seconds"));
          if (negative && c->n_figures > 0)
            return coordinate_error (error, text, _ ("only degrees may have a minus sign"));
          c->negative |= negative;
          c->has_decimals[c->n_figures] = memchr (p, '.', end - p) != NULL;
          c->marks[c->n_figures] = MARK_NONE;
          c->figures[c->n_figures++] = v;
          p = end;
        }
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (mark_spellings) && !matched; i++)
            if (g_str_has_prefix (p, mark_spellings[i].text))
              {
                Mark mark = mark_spellings[i].mark;

                if (c == NULL || c->n_figures == 0 || c->marks[c->n_figures - 1] != MARK_NONE)
                  return coordinate_error (error, text, _ ("a degree, minute or second sign follows no number"));
                if (mark == MARK_DEG && c->n_figures > 1)
                  {
                    /* "47°50' 35°7'": a second degree figure begins the
                     * second part. */
                    double v = c->figures[c->n_figures - 1];
                    gboolean decimals = c->has_decimals[c->n_figures - 1];

                    c->n_figures--;
                    if (!component_begin (comps, &n, &cur))
                      return coordinate_error (error, text, _ ("there are more than two parts"));
                    c = &comps[cur];
                    c->figures[0] = v;
                    c->has_decimals[0] = decimals;
                    c->n_figures = 1;
                  }
                c->marks[c->n_figures - 1] = mark;
                p += strlen (mark_spellings[i].text);
                matched = TRUE;
              }
          if (!matched)
            {
              g_autofree char *bad = g_strndup (p, g_utf8_next_char (p) - p);
              g_autofree char *why = g_strdup_printf (_ ("“%s” has no place in a position"), bad);

              return coordinate_error (error, text, why);
            }
        }
    }

  /* Two bare figures separated by spaces: "47.8367 35.1167". */
  if (n == 1 && comps[0].hemisphere == 0 && comps[0].n_figures == 2 && comps[0].marks[0] == MARK_NONE &&
      comps[0].marks[1] == MARK_NONE)
    {
      comps[1].figures[0] = comps[0].figures[1];
      comps[1].has_decimals[0] = comps[0].has_decimals[1];
      comps[1].marks[0] = MARK_NONE;
      comps[1].n_figures = 1;
      comps[0].n_figures = 1;
      n = 2;
    }
  if (n != 2)
    return coordinate_error (error, text,
                             n < 2 ? _ ("it needs a latitude and a longitude, separated by a comma or "
                                        "marked N/S and E/W")
                                   : _ ("there are more than two parts"));
  for (guint i = 0; i < 2; i++)
    if (!component_value (&comps[i], text, &values[i], error))
      return FALSE;

  /* Which is which: hemispheres say, else latitude comes first. */
  lat_index = 0;
  lon_index = 1;
  for (guint i = 0; i < 2; i++)
    if (comps[i].hemisphere == 'E' || comps[i].hemisphere == 'W' || comps[1 - i].hemisphere == 'N' ||
        comps[1 - i].hemisphere == 'S')
      {
        lon_index = i;
        lat_index = 1 - i;
      }
  if ((comps[lat_index].hemisphere != 0 && comps[lat_index].hemisphere != 'N' && comps[lat_index].hemisphere != 'S') ||
      (comps[lon_index].hemisphere != 0 && comps[lon_index].hemisphere != 'E' && comps[lon_index].hemisphere != 'W'))
    return coordinate_error (error, text, _ ("both parts are latitudes or both are longitudes"));
  if (fabs (values[lat_index]) > 90.0)
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _ ("“%s” is not a position: a latitude must be between 90° S and 90° N (found %g°)"), text,
                   values[lat_index]);
      return FALSE;
    }
  if (fabs (values[lon_index]) > 180.0)
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _ ("“%s” is not a position: a longitude must be between 180° W and 180° E (found %g°)"), text,
                   values[lon_index]);
      return FALSE;
    }
  if (lat != NULL)
    *lat = values[lat_index];
  if (lon != NULL)
    *lon = values[lon_index];
  return TRUE;
}

/* An unwrapped longitude (180.5, past the 180th meridian) is written as
 * the one a map gives (179.5° W). */
static double
wrap_longitude (double value, gboolean is_lat)
{
  return is_lat || fabs (value) <= 180.0 ? value : remainder (value, 360.0);
}

const char *
dm_hemisphere_letter (double value, gboolean is_lat)
{
  /* Translators: compass letters written after a latitude or longitude */
  if (is_lat)
    return value < 0 ? C_ ("hemisphere", "S") : C_ ("hemisphere", "N");
  return value < 0 ? C_ ("hemisphere", "W") : C_ ("hemisphere", "E");
}

char *
dm_format_degrees (double value, gboolean is_lat, int decimals)
{
  double scale = pow (10.0, CLAMP (decimals, 0, 9));

  if (!isfinite (value))
    return g_strdup ("—");
  value = wrap_longitude (value, is_lat);
  /* A value that rounds to zero is written without a sign's hemisphere:
   * 0.00° E, never 0.00° W. */
  if (round (fabs (value) * scale) == 0)
    value = 0;
  return g_strdup_printf ("%.*f° %s", CLAMP (decimals, 0, 9), fabs (value), dm_hemisphere_letter (value, is_lat));
}

char *
dm_format_position (double lat, double lon, int decimals)
{
  g_autofree char *a = dm_format_degrees (lat, TRUE, decimals);
  g_autofree char *b = dm_format_degrees (lon, FALSE, decimals);

  /* Translators: a position, latitude then longitude, e.g. “48.45600° N, 37.12300° E” */
  return g_strdup_printf (_ ("%s, %s"), a, b);
}

char *
dm_format_dms (double value, gboolean is_lat)
{
  gint64 tenths;
  const char *hemisphere;

  if (!isfinite (value))
    return g_strdup ("—");
  value = wrap_longitude (value, is_lat);
  /* Rounded once, in tenths of a second, so that 59.96″ never shows as 60.0″. */
  tenths = llround (fabs (value) * 36000.0);
  if (tenths == 0)
    value = 0;
  hemisphere = dm_hemisphere_letter (value, is_lat);
  return g_strdup_printf ("%" G_GINT64_FORMAT "°%02d′%02d.%d″ %s", tenths / 36000, (int) (tenths / 600 % 60),
                          (int) (tenths / 10 % 60), (int) (tenths % 10), hemisphere);
}
