/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-annex.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-mgrs.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-annex-error-quark, dm_annex_error)
/* clang-format on */

/* 7 decimals of a degree: what the annex prints and the fingerprint reads. */
static double
round7 (double v)
{
  double r = round (v * 1e7) / 1e7;

  return r == 0.0 ? 0.0 : r;
}

/* The distance from vertex @k to the geodesic between @a and @b. */
static double
deviation (const double *xy, guint k, const double *a, const double *b)
{
  double seg[4] = { a[0], a[1], b[0], b[1] };

  return dm_geodesy_point_path_distance_m (xy[2 * k], xy[2 * k + 1], seg, 2, NULL, NULL);
}

/* Douglas–Peucker on the ellipsoid: @keep[i] for the vertices kept within
 * @tolerance_m of the geodesics between kept ones. */
static void
simplify (const double *xy, guint n, double tolerance_m, gboolean *keep)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  keep[0] = keep[n - 1] = TRUE;
  if (n < 3)
    return;
  g_array_append_vals (stack, (guint[]){ 0, n - 1 }, 2);
  while (stack->len > 0)
    {
      guint j = g_array_index (stack, guint, stack->len - 1);
      guint i = g_array_index (stack, guint, stack->len - 2);
      guint worst = 0;
      double worst_d = -1.0;

      g_array_set_size (stack, stack->len - 2);
      for (guint k = i + 1; k < j; k++)
        {
          double d = deviation (xy, k, xy + 2 * i, xy + 2 * j);

          if (d > worst_d)
            {
              worst_d = d;
              worst = k;
            }
        }
      if (worst_d > tolerance_m)
        {
          keep[worst] = TRUE;
          g_array_append_vals (stack, (guint[]){ i, worst, worst, j }, 4);
        }
    }
}

/* A line of one part is a LineString, as drawn lines are. */
static DmGeometry *
as_drawn (DmGeometry *line)
{
  DmGeometry *single;
  guint n;
  const double *xy;

  if (dm_geometry_get_n_parts (line) != 1)
    return line;
  xy = dm_geometry_get_ring (line, 0, 0, &n);
  single = dm_geometry_new_linestring (xy, n);
  dm_geometry_free (line);
  return single;
}

static void
point_fill_next (DmAnnexPoint *p, const DmAnnexPoint *next)
{
  double az;

  dm_geodesy_inverse (p->lon, p->lat, next->lon, next->lat, &p->distance_to_next_m, &az, NULL);
  az = fmod (az + 360.0, 360.0);
  /* Printed to 1e-6°: 359.9999996 prints as 0.000000, not 360.000000. */
  if (round (az * 1e6) >= 360e6)
    az = 0.0;
  p->azimuth_to_next_deg = az;
}

static void
points_link (GArray *points, guint from)
{
  for (guint i = from; i < points->len; i++)
    {
      DmAnnexPoint *p = &g_array_index (points, DmAnnexPoint, i);

      if (i + 1 < points->len && g_array_index (points, DmAnnexPoint, i + 1).part == p->part)
        point_fill_next (p, &g_array_index (points, DmAnnexPoint, i + 1));
      else
        p->distance_to_next_m = p->azimuth_to_next_deg = NAN;
    }
}

static void
add_point (GArray *points, guint part, double lon, double lat)
{
  DmAnnexPoint p = { part, points->len + 1, round7 (lon), round7 (lat), NAN, NAN };

  g_array_append_val (points, p);
}

/* Markers every @spacing_m along the turning points' line of @part (a
 * path of @n points), from its start; its end is one too. */
static void
add_markers (GArray *markers, guint part, const double *xy, guint n, double spacing_m)
{
  double along = 0.0, next = 0.0, last_lon = NAN, last_lat = NAN;

  for (guint i = 0; i + 1 < n; i++)
    {
      double len, az;

      dm_geodesy_inverse (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], &len, &az, NULL);
      while (next <= along + len)
        {
          double lon, lat;

          dm_geodesy_direct (xy[2 * i], xy[2 * i + 1], az, next - along, &lon, &lat);
          add_point (markers, part, lon, lat);
          last_lon = lon;
          last_lat = lat;
          next += spacing_m;
        }
      along += len;
    }
  /* The end, unless a marker is there already (within a metre). */
  if (!isfinite (last_lon) || dm_geodesy_distance_m (last_lon, last_lat, xy[2 * (n - 1)], xy[2 * (n - 1) + 1]) > 1.0)
    add_point (markers, part, xy[2 * (n - 1)], xy[2 * (n - 1) + 1]);
}

DmAnnex *
dm_annex_new (const DmGeometry *line, double tolerance_m, double marker_spacing_m, GError **error)
{
  g_autoptr (DmAnnex) annex = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  if (!isfinite (tolerance_m) || tolerance_m < DM_ANNEX_MIN_TOLERANCE_M || tolerance_m > DM_ANNEX_MAX_TOLERANCE_M)
    {
      g_autofree char *min = dm_format_length_setting (DM_ANNEX_MIN_TOLERANCE_M, DM_LENGTH_KM);
      g_autofree char *max = dm_format_length_setting (DM_ANNEX_MAX_TOLERANCE_M, DM_LENGTH_KM);

      /* Translators: the annex's tolerance must be between 0.01 m and 10 km */
      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID,
                   _ ("The tolerance of the turning points must be between %s and %s."), min, max);
      return NULL;
    }
  if (!isfinite (marker_spacing_m) || marker_spacing_m < 0.0 ||
      (marker_spacing_m > 0.0 && marker_spacing_m < DM_ANNEX_MIN_MARKER_SPACING_M))
    {
      g_autofree char *min = dm_format_length_setting (DM_ANNEX_MIN_MARKER_SPACING_M, DM_LENGTH_KM);

      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID,
                   _ ("Markers must be at least %s apart (or none at all)."), min);
      return NULL;
    }

  annex = g_new0 (DmAnnex, 1);
  annex->tolerance_m = tolerance_m;
  annex->marker_spacing_m = marker_spacing_m;
  annex->points = g_array_new (FALSE, FALSE, sizeof (DmAnnexPoint));
  annex->markers = g_array_new (FALSE, FALSE, sizeof (DmAnnexPoint));
  annex->line = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  annex->max_deviation_lon = annex->max_deviation_lat = NAN;

  if (dm_geometry_is_lineal (line))
    for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
      {
        guint n, n_kept = 0, first = annex->points->len;
        const double *xy = dm_geometry_get_ring (line, part, 0, &n);
        g_autofree gboolean *keep = NULL;
        g_autofree double *kept = NULL;

        if (n < 2)
          continue;
        annex->n_parts++;
        annex->n_drawn_vertices += n;
        annex->drawn_length_m += dm_geodesy_path_length_m (xy, n);
        keep = g_new0 (gboolean, n);
        /* A centimetre kept for rounding to 7 decimals (at most 6 mm). */
        simplify (xy, n, MAX (tolerance_m - 0.01, tolerance_m / 2), keep);
        for (guint k = 0; k < n; k++)
          if (keep[k])
            add_point (annex->points, annex->n_parts, xy[2 * k], xy[2 * k + 1]);
        n_kept = annex->points->len - first;
        kept = g_new (double, 2 * n_kept);
        for (guint k = 0; k < n_kept; k++)
          {
            kept[2 * k] = g_array_index (annex->points, DmAnnexPoint, first + k).lon;
            kept[2 * k + 1] = g_array_index (annex->points, DmAnnexPoint, first + k).lat;
          }
        /* The deviation, measured at every drawn vertex against the
         * geodesic of the rounded turning points around it. */
        for (guint k = 0, seg = 0; k < n; k++)
          {
            double d;

            if (k > 0 && keep[k] && seg + 2 < n_kept)
              seg++;
            d = deviation (xy, k, kept + 2 * seg, kept + 2 * (seg + 1));
            if (d > annex->max_deviation_m)
              {
                annex->max_deviation_m = d;
                annex->max_deviation_lon = xy[2 * k];
                annex->max_deviation_lat = xy[2 * k + 1];
              }
          }
        dm_geometry_begin_part (annex->line);
        dm_geometry_add_ring (annex->line, kept, n_kept);
        annex->length_m += dm_geodesy_path_length_m (kept, n_kept);
        if (marker_spacing_m > 0.0)
          add_markers (annex->markers, annex->n_parts, kept, n_kept, marker_spacing_m);
      }
  if (annex->n_parts == 0)
    {
      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID,
                   _ ("There is no contact line to describe: draw one, or open a file that has one."));
      return NULL;
    }
  annex->line = as_drawn (annex->line);
  points_link (annex->points, 0);
  points_link (annex->markers, 0);
  return g_steal_pointer (&annex);
}

void
dm_annex_free (DmAnnex *annex)
{
  if (annex == NULL)
    return;
  g_array_unref (annex->points);
  g_array_unref (annex->markers);
  g_clear_pointer (&annex->line, dm_geometry_free);
  g_free (annex);
}

char *
dm_annex_describe (const DmAnnex *annex, DmLengthUnit unit)
{
  g_autofree char *points = NULL;
  g_autofree char *parts = NULL;
  g_autofree char *within = dm_format_length_setting (annex->max_deviation_m, DM_LENGTH_M);
  g_autofree char *tolerance = dm_format_length_setting (annex->tolerance_m, DM_LENGTH_M);
  g_autofree char *length = dm_format_length (annex->length_m, unit);
  g_autofree char *n = dm_format_number (annex->points->len, 0);
  g_autofree char *text = NULL;

  /* Translators: “1,234 turning points” */
  points =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s turning point", "%s turning points", annex->points->len), n);
  /* Translators: “in 6 parts” of the contact line */
  parts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u part", "in %u parts", annex->n_parts), annex->n_parts);
  /* Translators: “1,234 turning points in 6 parts, 1,359 km: the drawn line is within 24.97 m of the geodesics
   * joining them (tolerance 25 m).” */
  text = g_strdup_printf (_ ("%s %s, %s: the drawn line is within %s of the geodesics joining them (tolerance %s)."),
                          points, parts, length, within, tolerance);
  if (annex->markers->len > 0)
    {
      g_autofree char *m = dm_format_number (annex->markers->len, 0);
      g_autofree char *spacing = dm_format_length_setting (annex->marker_spacing_m, DM_LENGTH_KM);
      g_autofree char *markers = NULL;

      /* Translators: “243 markers every 5 km.” */
      markers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s marker every %s.", "%s markers every %s.",
                                              annex->markers->len),
                                 m, spacing);
      return g_strconcat (text, " ", markers, NULL);
    }
  return g_steal_pointer (&text);
}

/* 47°50′12.35″N: to a hundredth of a second (30 cm), the hemisphere's
 * letter in English whatever the language, as a treaty's annex and every
 * program reading the CSV expect. */
static char *
dms (double value, gboolean is_lat)
{
  gint64 hundredths = llround (fabs (value) * 360000.0);
  const char *letter = is_lat ? (value < 0 && hundredths > 0 ? "S" : "N") : (value < 0 && hundredths > 0 ? "W" : "E");

  return g_strdup_printf ("%" G_GINT64_FORMAT "°%02d′%02d.%02d″%s", hundredths / 360000, (int) (hundredths / 6000 % 60),
                          (int) (hundredths / 100 % 60), (int) (hundredths % 100), letter);
}

char *
dm_annex_point_lat_dms (const DmAnnexPoint *point)
{
  return dms (point->lat, TRUE);
}

char *
dm_annex_point_lon_dms (const DmAnnexPoint *point)
{
  return dms (point->lon, FALSE);
}

char *
dm_annex_point_mgrs (const DmAnnexPoint *point)
{
  return dm_mgrs_format (point->lon, point->lat);
}

static void
append_number (GString *s, const char *format, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, format, value));
}

char *
dm_annex_csv (GArray *points)
{
  g_autoptr (GString) s = g_string_new (DM_ANNEX_CSV_HEADER "\n");

  g_return_val_if_fail (points != NULL, NULL);

  for (guint i = 0; i < points->len; i++)
    {
      const DmAnnexPoint *p = &g_array_index (points, DmAnnexPoint, i);
      g_autofree char *lat_dms = dm_annex_point_lat_dms (p);
      g_autofree char *lon_dms = dm_annex_point_lon_dms (p);
      g_autofree char *mgrs = dm_annex_point_mgrs (p);

      g_string_append_printf (s, "%u,%u,", p->part, p->number);
      append_number (s, "%.7f", p->lat);
      g_string_append_c (s, ',');
      append_number (s, "%.7f", p->lon);
      g_string_append_printf (s, ",%s,%s,%s,", lat_dms, lon_dms, mgrs != NULL ? mgrs : "");
      if (isfinite (p->distance_to_next_m))
        {
          append_number (s, "%.3f", p->distance_to_next_m);
          g_string_append_c (s, ',');
          append_number (s, "%.6f", p->azimuth_to_next_deg);
        }
      else
        g_string_append_c (s, ',');
      g_string_append_c (s, '\n');
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- Reading an annex back ---------------------------------------------- */

static const char *
skip_bom (const char *text, gsize len)
{
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    return text + 3;
  return text;
}

gboolean
dm_annex_csv_recognise (const char *text, gsize len)
{
  const char *start;
  gsize header_len = strlen ("part,point,lat,lon");

  g_return_val_if_fail (text != NULL, FALSE);

  start = skip_bom (text, len);
  len -= (gsize) (start - text);
  /* A spreadsheet may have saved it with semicolons. */
  return len >= header_len &&
         (strncmp (start, "part,point,", 11) == 0 || strncmp (start, "part;point;", 11) == 0 ||
          strncmp (start, "\"part\",\"point\",", 15) == 0 || strncmp (start, "\"part\";\"point\";", 15) == 0);
}

/* Splits one CSV line on @sep, quotes understood. */
static GPtrArray *
split_row (const char *line, char sep)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *c = line;; c++)
    {
      if (quoted)
        {
          if (*c == '\0')
            break;
          if (*c == '"' && c[1] == '"')
            {
              g_string_append_c (field, '"');
              c++;
            }
          else if (*c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *c);
          continue;
        }
      if (*c == '"')
        quoted = TRUE;
      else if (*c == sep || *c == '\0')
        {
          g_ptr_array_add (fields, g_strdup (g_strstrip (field->str)));
          g_string_truncate (field, 0);
          if (*c == '\0')
            break;
        }
      else
        g_string_append_c (field, *c);
    }
  return fields;
}

static int
point_cmp (gconstpointer a, gconstpointer b)
{
  const DmAnnexPoint *x = a, *y = b;

  if (x->part != y->part)
    return x->part < y->part ? -1 : 1;
  return x->number < y->number ? -1 : x->number > y->number ? 1 : 0;
}

DmGeometry *
dm_annex_line_from_points (GArray *points, const char *display, GError **error)
{
  g_autoptr (GArray) rows = NULL;
  g_autoptr (DmGeometry) line = NULL;

  g_return_val_if_fail (points != NULL, NULL);
  g_return_val_if_fail (display != NULL, NULL);

  if (points->len == 0)
    {
      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV, _ ("“%s” has no turning points."), display);
      return NULL;
    }
  rows = g_array_sized_new (FALSE, FALSE, sizeof (DmAnnexPoint), points->len);
  g_array_append_vals (rows, points->data, points->len);
  g_array_sort (rows, point_cmp);
  line = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  for (guint i = 0; i < rows->len;)
    {
      guint j = i;
      g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));

      while (j < rows->len && g_array_index (rows, DmAnnexPoint, j).part == g_array_index (rows, DmAnnexPoint, i).part)
        {
          const DmAnnexPoint *r = &g_array_index (rows, DmAnnexPoint, j);

          if (j > i && r->number == g_array_index (rows, DmAnnexPoint, j - 1).number)
            {
              g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV, _ ("“%s”: point %u of part %u is there twice."),
                           display, r->number, r->part);
              return NULL;
            }
          g_array_append_vals (xy, (double[]){ r->lon, r->lat }, 2);
          j++;
        }
      if (xy->len < 4)
        {
          g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV,
                       _ ("“%s”: part %u has a single point; a part of a line needs two or more."), display,
                       g_array_index (rows, DmAnnexPoint, i).part);
          return NULL;
        }
      dm_geometry_begin_part (line);
      dm_geometry_add_ring (line, (const double *) xy->data, xy->len / 2);
      i = j;
    }
  return as_drawn (g_steal_pointer (&line));
}

static gboolean
parse_number (const char *text, char decimal, double *value)
{
  g_autofree char *copy = g_strdup (text);
  char *end;

  if (decimal == ',')
    g_strdelimit (copy, ",", '.');
  if (copy[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return *end == '\0' && isfinite (*value);
}

DmGeometry *
dm_annex_parse_csv (const char *text, const char *display, GError **error)
{
  static const char *const needed[] = { "part", "point", "lat", "lon" };
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) header = NULL;
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (DmAnnexPoint));
  int column[G_N_ELEMENTS (needed)];
  char sep, decimal;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (display != NULL, NULL);

  text = skip_bom (text, strlen (text));
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL)
    {
      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV, _ ("“%s” is empty."), display);
      return NULL;
    }
  g_strdelimit (lines[0], "\r", ' ');
  /* Semicolons and decimal commas: as German, Ukrainian and Russian
   * spreadsheets save it. */
  sep = strchr (lines[0], ';') != NULL && strchr (lines[0], ',') == NULL ? ';' : ',';
  decimal = sep == ';' ? ',' : '.';
  header = split_row (lines[0], sep);
  for (guint c = 0; c < G_N_ELEMENTS (needed); c++)
    {
      column[c] = -1;
      for (guint h = 0; h < header->len; h++)
        if (g_ascii_strcasecmp (g_ptr_array_index (header, h), needed[c]) == 0)
          column[c] = (int) h;
      if (column[c] < 0)
        {
          /* Translators: “annex.csv” has no column “lat” (the annex’s columns are …) */
          g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV,
                       _ ("“%s” has no column “%s”. An annex of turning points has the columns %s."), display,
                       needed[c], DM_ANNEX_CSV_HEADER);
          return NULL;
        }
    }

  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_autoptr (GPtrArray) fields = NULL;
      double values[G_N_ELEMENTS (needed)];
      DmAnnexPoint row = { 0, 0, 0, 0, NAN, NAN };

      g_strdelimit (lines[l], "\r", ' ');
      if (g_strstrip (lines[l])[0] == '\0')
        continue;
      fields = split_row (lines[l], sep);
      for (guint c = 0; c < G_N_ELEMENTS (needed); c++)
        {
          const char *value = (guint) column[c] < fields->len ? g_ptr_array_index (fields, column[c]) : NULL;

          if (value == NULL || value[0] == '\0')
            {
              /* Translators: “annex.csv”, line 12: the column “lat” is empty. */
              g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV, _ ("“%s”, line %u: the column “%s” is empty."),
                           display, l + 1, needed[c]);
              return NULL;
            }
          if (!parse_number (value, decimal, &values[c]) ||
              (c < 2 && (values[c] < 1 || values[c] != floor (values[c]))))
            {
              /* Translators: “annex.csv”, line 12: “abc” in the column “lat” is not a number. */
              g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV,
                           c < 2 ? _ ("“%s”, line %u: “%s” in the column “%s” is not a whole number from 1.")
                                 : _ ("“%s”, line %u: “%s” in the column “%s” is not a number."),
                           display, l + 1, value, needed[c]);
              return NULL;
            }
        }
      if (fabs (values[2]) > 90.0 || fabs (values[3]) > 180.0)
        {
          g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV,
                       _ ("“%s”, line %u: latitude %g and longitude %g are not on the earth (latitudes run from "
                          "−90 to 90, longitudes from −180 to 180)."),
                       display, l + 1, values[2], values[3]);
          return NULL;
        }
      row.part = (guint) values[0];
      row.number = (guint) values[1];
      row.lat = values[2];
      row.lon = values[3];
      g_array_append_val (rows, row);
    }
  if (rows->len == 0)
    {
      g_set_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV, _ ("“%s” has its header but no points."), display);
      return NULL;
    }
  return dm_annex_line_from_points (rows, display, error);
}
