/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dm-annex.h"
#include "dm-export.h"
#include "dm-fingerprint.h"
#include "dm-geodesy.h"
#include "dm-mgrs.h"
#include "dm-scenario.h"
#include "test-tools.h"

static DmDocument *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "contact-line.geojson", NULL);
  g_autoptr (GError) error = NULL;
  DmDocument *doc = dm_scenario_load (path, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static const DmGeometry *
sample_line (DmDocument *doc)
{
  return dm_feature_get_geometry (dm_document_get_contact_line (doc));
}

static char *
no_spaces (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s; s++)
    if (*s != ' ')
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* Random points of every zone, both hemispheres, the Norway and Svalbard
 * exceptions: the MGRS reference and the UTM coordinates as GeographicLib's
 * GeoConvert gives them (an implementation of its own). */
static void
test_mgrs_against_geoconvert (void)
{
  g_autofree char *geoconvert = g_find_program_in_path ("GeoConvert");
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  g_autoptr (GString) input = g_string_new (NULL);
  g_autofree char *mgrs_out = NULL, *utm_out = NULL;
  g_auto (GStrv) mgrs_lines = NULL, utm_lines = NULL;
  double pts[400][2];
  guint n_exceptions = 0;

  if (geoconvert == NULL)
    {
      g_test_skip ("GeoConvert (geographiclib-tools) is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      pts[i][0] = g_rand_double_range (rand, -180, 180);
      pts[i][1] = g_rand_double_range (rand, -79.9, 83.9);
      if (i % 4 == 1) /* south-west Norway */
        {
          pts[i][0] = g_rand_double_range (rand, 2, 13);
          pts[i][1] = g_rand_double_range (rand, 55, 65);
        }
      else if (i % 4 == 2) /* Svalbard */
        {
          pts[i][0] = g_rand_double_range (rand, -1, 43);
          pts[i][1] = g_rand_double_range (rand, 71, 83.9);
        }
      n_exceptions += (pts[i][1] >= 56 && pts[i][1] < 64 && pts[i][0] >= 3 && pts[i][0] < 12) ||
                      (pts[i][1] >= 72 && pts[i][0] >= 0 && pts[i][0] < 42);
      g_string_append_printf (input, "%.10f %.10f\n", pts[i][1], pts[i][0]);
    }
  g_assert_cmpuint (n_exceptions, >, 100);
  mgrs_out = run_tool (geoconvert, "-m -p 0", input->str);
  utm_out = run_tool (geoconvert, "-u -p 4", input->str);
  mgrs_lines = g_strsplit (mgrs_out, "\n", -1);
  utm_lines = g_strsplit (utm_out, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      g_autofree char *mine = dm_mgrs_format (pts[i][0], pts[i][1]);
      g_autofree char *compact = NULL;
      double e, n, want_e, want_n;
      int zone, want_zone;
      gboolean north;
      char hemi;

      g_assert_nonnull (mine);
      compact = no_spaces (mine);
      g_assert_true (dm_utm_forward (pts[i][0], pts[i][1], &zone, &north, &e, &n));
      g_assert_cmpint (sscanf (utm_lines[i], "%d%c %lf %lf", &want_zone, &hemi, &want_e, &want_n), ==, 4);
      g_assert_cmpint (zone, ==, want_zone);
      g_assert_cmpint (north, ==, hemi == 'n');
      /* A millimetre. */
      g_assert_cmpfloat (fabs (e - want_e), <, 1e-3);
      g_assert_cmpfloat (fabs (n - want_n), <, 1e-3);
      /* The same square and metre, unless the point is within a
       * millimetre of a metre's edge (truncation may then differ). */
      if (fabs (e - round (e)) > 1e-3 && fabs (n - round (n)) > 1e-3)
        g_assert_cmpstr (compact, ==, g_strstrip (mgrs_lines[i]));
    }
  /* Not a latitude: no reference. */
  g_assert_null (dm_mgrs_format (0, 91));
  g_assert_null (dm_mgrs_format (0, NAN));
}

/* Beyond 84° N and 80° S the polar grid (UPS): the same references as
 * GeoConvert's, and eastings and northings to a millimetre. */
static void
test_mgrs_polar (void)
{
  g_autofree char *geoconvert = g_find_program_in_path ("GeoConvert");
  g_autoptr (GRand) rand = g_rand_new_with_seed (84);
  g_autoptr (GString) input = g_string_new (NULL);
  g_autofree char *mgrs_out = NULL, *ups_out = NULL;
  g_auto (GStrv) mgrs_lines = NULL, ups_lines = NULL;
  double pts[200][2];
  guint bands[4] = { 0, 0, 0, 0 };

  if (geoconvert == NULL)
    {
      g_test_skip ("GeoConvert (geographiclib-tools) is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      pts[i][0] = g_rand_double_range (rand, -180, 180);
      pts[i][1] = i % 2 == 0 ? g_rand_double_range (rand, 84.0, 89.99) : g_rand_double_range (rand, -89.99, -80.01);
      g_string_append_printf (input, "%.10f %.10f\n", pts[i][1], pts[i][0]);
    }
  mgrs_out = run_tool (geoconvert, "-m -p 0", input->str);
  ups_out = run_tool (geoconvert, "-u -p 4", input->str);
  mgrs_lines = g_strsplit (mgrs_out, "\n", -1);
  ups_lines = g_strsplit (ups_out, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      g_autofree char *mine = dm_mgrs_format (pts[i][0], pts[i][1]);
      g_autofree char *compact = NULL;
      double e, n, want_e, want_n;
      gboolean north;
      char hemi;

      g_assert_nonnull (mine);
      compact = no_spaces (mine);
      g_assert_true (dm_ups_forward (pts[i][0], pts[i][1], &north, &e, &n));
      g_assert_cmpint (sscanf (ups_lines[i], "%c %lf %lf", &hemi, &want_e, &want_n), ==, 3);
      g_assert_cmpint (north, ==, hemi == 'n');
      g_assert_cmpfloat (fabs (e - want_e), <, 1e-3);
      g_assert_cmpfloat (fabs (n - want_n), <, 1e-3);
      if (fabs (e - round (e)) > 1e-3 && fabs (n - round (n)) > 1e-3)
        g_assert_cmpstr (compact, ==, g_strstrip (mgrs_lines[i]));
      bands[strchr ("ABYZ", compact[0]) - "ABYZ"]++;
    }
  /* Every polar band was tried. */
  for (guint b = 0; b < 4; b++)
    g_assert_cmpuint (bands[b], >, 20);
  g_assert_false (dm_ups_forward (30, 50, NULL, NULL, NULL));
}

/* Every drawn vertex lies within the tolerance of the line through the
 * turning points, measured independently (the whole part, not only the
 * segment the simplification paired it with); the points are drawn
 * vertices rounded to 7 decimals, the ends kept. */
static void
test_simplify_within_tolerance (void)
{
  g_autoptr (DmDocument) doc = load_sample ();
  const DmGeometry *line = sample_line (doc);
  guint n_drawn, previous = 0;
  const double *xy = dm_geometry_get_ring (line, 0, 0, &n_drawn);

  for (double tol = 500.0; tol >= 5.0; tol /= 10.0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmAnnex) annex = dm_annex_new (line, tol, 0, &error);
      guint n;
      const double *kept;
      double worst = 0.0;

      g_assert_no_error (error);
      kept = dm_geometry_get_ring (annex->line, 0, 0, &n);
      g_assert_cmpuint (n, ==, annex->points->len);
      g_assert_cmpuint (n, >, previous);
      g_assert_cmpuint (n, <=, n_drawn);
      previous = n;
      g_assert_cmpfloat (kept[0], ==, round (xy[0] * 1e7) / 1e7);
      g_assert_cmpfloat (kept[2 * n - 1], ==, round (xy[2 * n_drawn - 1] * 1e7) / 1e7);
      /* Every fifth vertex (the whole path each time is slow) and the
       * one the annex names as the farthest. */
      for (guint k = 0; k < n_drawn; k += 5)
        worst = MAX (worst, dm_geodesy_point_path_distance_m (xy[2 * k], xy[2 * k + 1], kept, n, NULL, NULL));
      worst = MAX (worst, dm_geodesy_point_path_distance_m (annex->max_deviation_lon, annex->max_deviation_lat, kept, n,
                                                            NULL, NULL));
      g_test_message ("tolerance %.0f m: %u of %u vertices, worst %.3f m, annex says %.3f m", tol, n, n_drawn, worst,
                      annex->max_deviation_m);
      g_assert_cmpfloat (worst, <=, tol);
      g_assert_cmpfloat (annex->max_deviation_m, <=, tol);
      /* The annex states the real worst (measured on its own segment, so
       * never less than against the whole part). */
      g_assert_cmpfloat (annex->max_deviation_m, >=, worst - 1e-6);
      g_assert_cmpfloat (annex->max_deviation_m, <, worst + 0.01);
      g_assert_cmpfloat (annex->max_deviation_m, >, tol / 4);
    }
}

/* The distance and azimuth to the next point, against GeodSolve: 1 mm and
 * 1e-6°; numbering runs on across parts; a part's last point has none. */
static void
test_distances_against_geodsolve (void)
{
  g_autofree char *geodsolve = g_find_program_in_path ("GeodSolve");
  g_autoptr (DmGeometry) line = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  const double a[] = { 36.0, 47.0, 36.5, 47.6, 37.2, 47.9, 38.0, 48.5 };
  const double b[] = { 31.0, 46.5, 31.4, 46.2 };
  g_autoptr (DmAnnex) annex = NULL;
  g_autoptr (GString) input = g_string_new (NULL);
  g_autofree char *output = NULL;
  g_auto (GStrv) lines = NULL;
  guint row = 0;

  dm_geometry_begin_part (line);
  dm_geometry_add_ring (line, a, 4);
  dm_geometry_begin_part (line);
  dm_geometry_add_ring (line, b, 2);
  annex = dm_annex_new (line, 25, 0, NULL);
  g_assert_nonnull (annex);
  g_assert_cmpuint (annex->n_parts, ==, 2);
  g_assert_cmpuint (annex->points->len, ==, 6);
  for (guint i = 0; i < annex->points->len; i++)
    {
      const DmAnnexPoint *p = &g_array_index (annex->points, DmAnnexPoint, i);

      g_assert_cmpuint (p->number, ==, i + 1);
      g_assert_cmpuint (p->part, ==, i < 4 ? 1 : 2);
      g_assert_cmpint (isfinite (p->distance_to_next_m), ==, i != 3 && i != 5);
      if (i + 1 < annex->points->len)
        {
          const DmAnnexPoint *q = p + 1;

          g_string_append_printf (input, "%.7f %.7f %.7f %.7f\n", p->lat, p->lon, q->lat, q->lon);
        }
    }
  if (geodsolve == NULL)
    {
      g_test_skip ("GeodSolve (geographiclib-tools) is not installed");
      return;
    }
  output = run_tool (geodsolve, "-i -p 9", input->str);
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; i + 1 < annex->points->len; i++, row++)
    {
      const DmAnnexPoint *p = &g_array_index (annex->points, DmAnnexPoint, i);
      double azi1, azi2, s12;

      g_assert_cmpint (sscanf (lines[row], "%lf %lf %lf", &azi1, &azi2, &s12), ==, 3);
      if (!isfinite (p->distance_to_next_m))
        continue;
      g_assert_cmpfloat (fabs (p->distance_to_next_m - s12), <, 1e-3);
      g_assert_cmpfloat (fabs (p->azimuth_to_next_deg - fmod (azi1 + 360.0, 360.0)), <, 1e-6);
    }
}

/* Markers: one at the start of each part, then every spacing along the
 * line through the turning points, and the end. */
static void
test_markers (void)
{
  g_autoptr (DmDocument) doc = load_sample ();
  g_autoptr (DmAnnex) annex = dm_annex_new (sample_line (doc), 25, 5000, NULL);
  guint n;
  const double *kept = dm_geometry_get_ring (annex->line, 0, 0, &n);
  double length = dm_geodesy_path_length_m (kept, n);

  g_assert_cmpuint (annex->markers->len, ==, (guint) floor (length / 5000) + 1 + (fmod (length, 5000) > 1.0));
  g_autofree double *start = g_new0 (double, n);
  double previous_along = -5000.0;

  /* Where each segment starts along the line. */
  for (guint k = 1; k < n; k++)
    start[k] = start[k - 1] + dm_geodesy_distance_m (kept[2 * k - 2], kept[2 * k - 1], kept[2 * k], kept[2 * k + 1]);
  for (guint i = 0; i < annex->markers->len; i++)
    {
      const DmAnnexPoint *m = &g_array_index (annex->markers, DmAnnexPoint, i);
      guint seg;
      double f, along;

      g_assert_cmpuint (m->number, ==, i + 1);
      /* On the line (to the centimetre of rounding), 5 km along it from
       * the one before (the last: the line's end). */
      g_assert_cmpfloat (dm_geodesy_point_path_distance_m (m->lon, m->lat, kept, n, &seg, &f), <, 0.02);
      along = start[seg] + f * (start[MIN (seg + 1, n - 1)] - start[seg]);
      if (i + 1 < annex->markers->len)
        g_assert_cmpfloat (fabs (along - previous_along - 5000.0), <, 0.05);
      else
        g_assert_cmpfloat (fabs (along - length), <, 0.05);
      previous_along = along;
      /* As the crow flies, no more than along the line. */
      if (i + 1 < annex->markers->len)
        g_assert_cmpfloat (m->distance_to_next_m, <=, 5000.05);
    }
  {
    g_autoptr (DmAnnex) none = dm_annex_new (sample_line (doc), 25, 0, NULL);

    g_assert_cmpuint (none->markers->len, ==, 0);
  }
}

static void
test_bad_input (void)
{
  g_autoptr (DmDocument) doc = load_sample ();
  const double values[] = { 0.0, -5.0, 10001.0, NAN, INFINITY };
  const double one[] = { 30.0, 50.0 };
  g_autoptr (DmGeometry) dot = dm_geometry_new_linestring (one, 1);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (dm_annex_new (sample_line (doc), values[i], 0, &error));
      g_assert_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "tolerance"));
    }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (dm_annex_new (sample_line (doc), 25, 5, &error));
    g_assert_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (dm_annex_new (dot, 25, 0, &error));
    g_assert_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_INVALID);
  }
}

/* The CSV: the header exactly, a decimal point, no thousands separators,
 * a part's last point without the last two columns; read back, the same
 * line and so the same line fingerprint. */
static void
test_csv_round_trip (void)
{
  g_autoptr (DmDocument) doc = load_sample ();
  g_autoptr (DmAnnex) annex = dm_annex_new (sample_line (doc), 25, 0, NULL);
  g_autofree char *csv = dm_annex_csv (annex->points);
  g_auto (GStrv) rows = g_strsplit (csv, "\n", -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmGeometry) back = NULL;
  g_autofree char *fp = dm_fingerprint_line (annex->line);
  g_autofree char *fp_back = NULL;
  guint n_rows = g_strv_length (rows);

  g_assert_cmpstr (rows[0], ==, "part,point,lat,lon,lat_dms,lon_dms,mgrs,distance_to_next_m,azimuth_to_next_deg");
  g_assert_cmpuint (n_rows, ==, annex->points->len + 2); /* the header, and "" after the last "\n" */
  for (guint i = 1; i + 1 < n_rows; i++)
    {
      g_auto (GStrv) cols = g_strsplit (rows[i], ",", -1);
      gboolean last = i + 2 == n_rows;

      g_assert_cmpuint (g_strv_length (cols), ==, 9);
      g_assert_cmpuint (strlen (strchr (cols[2], '.') + 1), ==, 7);
      g_assert_true (g_str_has_suffix (cols[4], "″N") && g_str_has_suffix (cols[5], "″E"));
      g_assert_cmpuint (strlen (cols[6]), ==, strlen ("37U DR 19447 42090"));
      g_assert_cmpint (cols[7][0] == '\0', ==, last);
      g_assert_cmpint (cols[8][0] == '\0', ==, last);
    }
  g_assert_true (dm_annex_csv_recognise (csv, strlen (csv)));
  back = dm_annex_parse_csv (csv, "annex.csv", &error);
  g_assert_no_error (error);
  g_assert_true (dm_geometry_equal (back, annex->line));
  fp_back = dm_fingerprint_line (back);
  g_assert_cmpstr (fp, ==, fp_back);
  /* Another line has another fingerprint. */
  {
    g_autofree char *drawn = dm_fingerprint_line (sample_line (doc));

    g_assert_cmpstr (drawn, !=, fp);
  }
}

/* As a spreadsheet may save it (semicolons, decimal commas, a BOM, CRLF,
 * quotes, rows out of order): the same line. */
static void
test_csv_spreadsheet (void)
{
  const char *text = "\xEF\xBB\xBF\"part\";\"point\";\"lat\";\"lon\"\r\n"
                     "1;2;47,5;36,5\r\n"
                     "1;1;47;36\r\n"
                     "2;3;46;31\r\n"
                     "2;4;46,1;31,2\r\n";
  const double want1[] = { 36, 47, 36.5, 47.5 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DmGeometry) line = dm_annex_parse_csv (text, "annex.csv", &error);
  guint n;
  const double *xy;

  g_assert_no_error (error);
  g_assert_true (dm_annex_csv_recognise (text, strlen (text)));
  g_assert_cmpuint (dm_geometry_get_n_parts (line), ==, 2);
  xy = dm_geometry_get_ring (line, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (xy[i], ==, want1[i]);
}

static void
test_csv_bad (void)
{
  const struct {
    const char *text;
    const char *says;
  } cases[] = {
    { "part,point,lat\n1,1,47\n", "no column “lon”" },
    { "part,point,lat,lon\n1,1,47,abc\n1,2,47,36\n", "line 2: “abc” in the column “lon” is not a number" },
    { "part,point,lat,lon\n1,1,47,36\n1,2,,36\n", "line 3: the column “lat” is empty" },
    { "part,point,lat,lon\n1,1,47,36\n", "part 1 has a single point" },
    { "part,point,lat,lon\n1,1,47,36\n1,1,48,36\n", "point 1 of part 1 is there twice" },
    { "part,point,lat,lon\n1,1,97,36\n1,2,48,36\n", "line 2: latitude 97" },
    { "part,point,lat,lon\n0,1,47,36\n1,2,48,36\n", "“0” in the column “part” is not a whole number" },
    { "part,point,lat,lon\n", "no points" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (dm_annex_parse_csv (cases[i].text, "annex.csv", &error));
      g_assert_error (error, DM_ANNEX_ERROR, DM_ANNEX_ERROR_CSV);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "annex.csv"));
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* Written as CSV, GeoJSON, KML and KMZ and opened again: the contact line
 * through the turning points, the fingerprint the annex printed. */
static void
test_export_round_trip (void)
{
  g_autoptr (DmDocument) doc = load_sample ();
  g_autoptr (DmAnnex) annex = dm_annex_new (sample_line (doc), 100, 10000, NULL);
  g_autofree char *dir = g_dir_make_tmp ("dm-annex-XXXXXX", NULL);
  g_autofree char *fp = dm_fingerprint_line (annex->line);
  const char *names[] = { "annex.csv", "annex.geojson", "annex.kml", "annex.kmz" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (DmDocument) back = NULL;
      g_autofree char *fp_back = NULL;

      g_assert_true (dm_export_annex (annex, path, &error));
      g_assert_no_error (error);
      back = dm_scenario_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (dm_document_get_contact_line (back));
      fp_back = dm_fingerprint_line (dm_feature_get_geometry (dm_document_get_contact_line (back)));
      g_test_message ("%s: %s", names[i], fp_back);
      g_assert_cmpstr (fp_back, ==, fp);
      if (i == 0)
        {
          g_autofree char *markers = dm_export_annex_markers_path (path);
          g_autofree char *text = NULL;

          g_assert_true (g_str_has_suffix (markers, "annex-markers.csv"));
          g_assert_true (g_file_get_contents (markers, &text, NULL, NULL));
          g_assert_true (g_str_has_prefix (text, DM_ANNEX_CSV_HEADER "\n1,1,"));
          g_unlink (markers);
        }
      g_unlink (path);
    }
  {
    g_autofree char *path = g_build_filename (dir, "annex.gpkg", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_false (dm_export_annex (annex, path, &error));
    g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/annex/mgrs/against-geoconvert", test_mgrs_against_geoconvert);
  g_test_add_func ("/annex/mgrs/polar", test_mgrs_polar);
  g_test_add_func ("/annex/simplify/within-tolerance", test_simplify_within_tolerance);
  g_test_add_func ("/annex/distances/against-geodsolve", test_distances_against_geodsolve);
  g_test_add_func ("/annex/markers", test_markers);
  g_test_add_func ("/annex/bad-input", test_bad_input);
  g_test_add_func ("/annex/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/annex/csv/spreadsheet", test_csv_spreadsheet);
  g_test_add_func ("/annex/csv/bad", test_csv_bad);
  g_test_add_func ("/annex/export/round-trip", test_export_round_trip);
  return g_test_run ();
}
