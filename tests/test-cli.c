/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dm-geodesy.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

/* demarcate-cli as a user runs it: exit status, stdout, one-line errors. */

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static Run
run_cli (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("DEMARCATE_CLI");
  Run r = { 0 };
  va_list args;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err,
                               &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("DM_DATADIR"), "samples", name, NULL);
}

static char *tmpdir;

static char *
write_fixture (const char *name, const char *contents)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static const char line_geojson[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"name\":\"Test line\"},"
  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,47],[36.5,47.5],[37,48],[37.5,48.2]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"name\":\"Swap\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36,47],[36.2,47],[36.2,47.2],[36,47.2],[36,47]]]}}]}";

static void
test_help (void)
{
  const char *commands[] = { "info",        "stats", "zones",  "analyse",    "compare",
                             "derive-line", "bench", "export", "fingerprint" };
  Run r = run_cli ("--help", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "stats"));
  run_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      r = run_cli (commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, commands[i]));
      run_clear (&r);
    }

  r = run_cli ("frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));
  run_clear (&r);
}

static void
assert_one_line_error (Run *r, const char *must_contain)
{
  g_assert_cmpint (r->status, ==, 1);
  g_assert_cmpstr (r->out, ==, "");
  /* One line: the message and nothing else. */
  g_assert_nonnull (strchr (r->err, '\n'));
  g_assert_cmpint (strchr (r->err, '\n') - r->err, ==, (long) strlen (r->err) - 1);
  g_assert_nonnull (strstr (r->err, must_contain));
}

static void
test_bad_input (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-file.geojson", NULL);
  g_autofree char *text = write_fixture ("notes.txt", "This is not geodata.\n");
  g_autofree char *good = write_fixture ("good.geojson", line_geojson);
  Run r;

  r = run_cli ("stats", missing, NULL);
  assert_one_line_error (&r, "no-such-file.geojson");
  run_clear (&r);

  r = run_cli ("info", text, NULL);
  assert_one_line_error (&r, "notes.txt");
  run_clear (&r);

  r = run_cli ("stats", "/vsicurl/http://example.com/front.geojson", NULL);
  assert_one_line_error (&r, "example.com");
  run_clear (&r);

  r = run_cli ("stats", good, "--layer", "nonexistent", NULL);
  assert_one_line_error (&r, "nonexistent");
  run_clear (&r);

  r = run_cli ("stats", good, "--units", "furlongs", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "furlongs"));
  run_clear (&r);

  r = run_cli ("stats", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_stats_json_units (void)
{
  g_autofree char *good = write_fixture ("units.geojson", line_geojson);
  g_autoptr (JsonParser) p_km = json_parser_new ();
  g_autoptr (JsonParser) p_mi = json_parser_new ();
  Run km = run_cli ("stats", good, "--json", NULL);
  Run mi = run_cli ("stats", good, "--json", "--units", "mi", NULL);
  JsonObject *o_km, *o_mi, *t_km, *t_mi;

  g_assert_cmpint (km.status, ==, 0);
  g_assert_cmpint (mi.status, ==, 0);
  o_km = parse_object (p_km, km.out);
  o_mi = parse_object (p_mi, mi.out);
  g_assert_cmpstr (json_object_get_string_member (o_km, "length_unit"), ==, "km");
  g_assert_cmpstr (json_object_get_string_member (o_mi, "area_unit"), ==, "mi²");
  t_km = json_object_get_object_member (o_km, "total");
  t_mi = json_object_get_object_member (o_mi, "total");
  g_assert_cmpint (json_object_get_int_member (t_km, "features"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (t_km, "vertices"), ==, 4 + 4);
  /* Metres are metres whatever the unit; the unit value follows them. */
  g_assert_cmpfloat (json_object_get_double_member (t_km, "length_m"), ==,
                     json_object_get_double_member (t_mi, "length_m"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t_mi, "length"),
                                  json_object_get_double_member (t_mi, "length_m") / 1609.344, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t_km, "area"),
                                  json_object_get_double_member (t_km, "area_m2") / 1e6, 1e-9);
  run_clear (&km);
  run_clear (&mi);
}

/* Sums GeographicLib's own figures (GeodSolve, Planimeter) for a GeoJSON
 * read with json-glib: independent of GDAL and of our geodesy code. */
static char *
run_shell (const char *cmd, const char *input)
{
  g_autofree char *in_path = g_build_filename (tmpdir, "tool-input.txt", NULL);
  g_autofree char *line = NULL;
  g_autofree char *quoted = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_file_set_contents (in_path, input, -1, NULL));
  quoted = g_shell_quote (in_path);
  line = g_strdup_printf ("sh -c '%s < %s'", cmd, quoted);
  g_assert_true (g_spawn_command_line_sync (line, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return out;
}

static double
planimeter_ring (JsonArray *ring)
{
  g_autoptr (GString) in = g_string_new (NULL);
  g_autofree char *out = NULL;
  double n, perim, area;

  for (guint i = 0; i < json_array_get_length (ring); i++)
    {
      JsonArray *pt = json_array_get_array_element (ring, i);

      g_string_append_printf (in, "%.17g %.17g\n", json_array_get_double_element (pt, 1),
                              json_array_get_double_element (pt, 0));
    }
  out = run_shell ("Planimeter -p 6", in->str);
  g_assert_cmpint (sscanf (out, "%lf %lf %lf", &n, &perim, &area), ==, 3);
  return fabs (area);
}

static double
geodsolve_path (JsonArray *path)
{
  g_autoptr (GString) in = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  double total = 0;

  for (guint i = 1; i < json_array_get_length (path); i++)
    {
      JsonArray *a = json_array_get_array_element (path, i - 1);
      JsonArray *b = json_array_get_array_element (path, i);

      g_string_append_printf (in, "%.17g %.17g %.17g %.17g\n", json_array_get_double_element (a, 1),
                              json_array_get_double_element (a, 0), json_array_get_double_element (b, 1),
                              json_array_get_double_element (b, 0));
    }
  out = run_shell ("GeodSolve -i -p 9", in->str);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      double azi1, azi2, s12;

      g_assert_cmpint (sscanf (lines[i], "%lf %lf %lf", &azi1, &azi2, &s12), ==, 3);
      total += s12;
    }
  return total;
}

static void
reference_figures (const char *geojson_path, double *length_m, double *area_m2, guint *vertices)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *features;

  *length_m = *area_m2 = 0;
  *vertices = 0;
  g_assert_true (json_parser_load_from_file (parser, geojson_path, &error));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  for (guint f = 0; f < json_array_get_length (features); f++)
    {
      JsonObject *geom = json_object_get_object_member (json_array_get_object_element (features, f), "geometry");
      const char *type = json_object_get_string_member (geom, "type");
      JsonArray *coords = json_object_get_array_member (geom, "coordinates");

      if (g_str_equal (type, "LineString"))
        {
          *length_m += geodsolve_path (coords);
          *vertices += json_array_get_length (coords);
        }
      else if (g_str_equal (type, "Polygon") || g_str_equal (type, "MultiPolygon"))
        {
          guint n_polys = g_str_equal (type, "Polygon") ? 1 : json_array_get_length (coords);

          for (guint p = 0; p < n_polys; p++)
            {
              JsonArray *rings = g_str_equal (type, "Polygon") ? coords : json_array_get_array_element (coords, p);

              for (guint r = 0; r < json_array_get_length (rings); r++)
                {
                  JsonArray *ring = json_array_get_array_element (rings, r);
                  double a = planimeter_ring (ring);

                  *area_m2 += r == 0 ? a : -a;
                  /* GeoJSON repeats the first point; we count distinct vertices. */
                  *vertices += json_array_get_length (ring) - 1;
                }
            }
        }
    }
}

static void
check_sample_against_geographiclib (const char *sample)
{
  g_autofree char *path = sample_path (sample);
  g_autoptr (JsonParser) parser = json_parser_new ();
  double length_m, area_m2;
  guint vertices;
  JsonObject *total;
  g_autofree char *planimeter = g_find_program_in_path ("Planimeter");
  Run r;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("Sample %s is missing", path);
      return;
    }

  if (planimeter == NULL)
    {
      g_test_skip ("geographiclib-tools is not installed");
      return;
    }

  reference_figures (path, &length_m, &area_m2, &vertices);
  r = run_cli ("stats", path, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  total = json_object_get_object_member (parse_object (parser, r.out), "total");
  g_assert_cmpint (json_object_get_int_member (total, "vertices"), ==, vertices);
  if (length_m > 0)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "length_m") / length_m, 1.0, 1e-6);
  if (area_m2 > 0)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "area_m2") / area_m2, 1.0, 1e-6);
  g_test_message ("%s: %u vertices, length %.3f m, area %.1f m²", sample, vertices, length_m, area_m2);
  run_clear (&r);
}

static void
test_sample_line (void)
{
  check_sample_against_geographiclib ("contact-line.geojson");
}

static void
test_sample_territory (void)
{
  check_sample_against_geographiclib ("occupied-territory.geojson");
}

/* info and stats read every format the import supports. */
static void
test_formats (void)
{
  static const struct {
    const char *driver;
    const char *ext;
    const char *const opts[4];
  } formats[] = {
    { "GeoJSON", "geojson", { NULL } },
    { "KML", "kml", { NULL } },
    { "LIBKML", "kmz", { NULL } },
    { "GPKG", "gpkg", { NULL } },
    { "ESRI Shapefile", "shp", { NULL } },
    { "FlatGeobuf", "fgb", { NULL } },
    { "CSV", "csv", { "-lco", "GEOMETRY=AS_WKT", NULL } },
    { "GPX", "gpx", { "-dsco", "GPX_USE_EXTENSIONS=YES", NULL } },
  };
  const char line_only[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"Test line\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,47],[36.5,47.5],[37,48],[37.5,48.2]]}}]}";
  g_autofree char *src = write_fixture ("source.geojson", line_only);
  const double xy[] = { 36, 47, 36.5, 47.5, 37, 48, 37.5, 48.2 };
  double expected_m = dm_geodesy_path_length_m (xy, 4);
  GDALDatasetH src_ds;

  GDALAllRegister ();
  src_ds = GDALOpenEx (src, GDAL_OF_VECTOR, NULL, NULL, NULL);
  g_assert_nonnull (src_ds);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("fmt-%u.%s", i, formats[i].ext);
      g_autofree char *dst = g_build_filename (tmpdir, name, NULL);
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autoptr (JsonParser) parser = json_parser_new ();
      GDALVectorTranslateOptions *opts;
      GDALDatasetH out;
      JsonObject *total;
      Run r;

      if (GDALGetDriverByName (formats[i].driver) == NULL)
        {
          g_test_message ("GDAL has no %s driver here", formats[i].driver);
          continue;
        }
      g_ptr_array_add (args, (char *) "-f");
      g_ptr_array_add (args, (char *) formats[i].driver);
      for (guint k = 0; formats[i].opts[k] != NULL; k++)
        g_ptr_array_add (args, (char *) formats[i].opts[k]);
      if (g_str_equal (formats[i].driver, "GPX"))
        {
          g_ptr_array_add (args, (char *) "-nlt");
          g_ptr_array_add (args, (char *) "MULTILINESTRING");
          g_ptr_array_add (args, (char *) "-nln");
          g_ptr_array_add (args, (char *) "tracks");
        }
      g_ptr_array_add (args, NULL);
      opts = GDALVectorTranslateOptionsNew ((char **) args->pdata, NULL);
      out = GDALVectorTranslate (dst, NULL, 1, &src_ds, opts, NULL);
      GDALVectorTranslateOptionsFree (opts);
      g_assert_nonnull (out);
      GDALClose (out);

      r = run_cli ("info", dst, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Features: 1"));
      run_clear (&r);

      r = run_cli ("stats", dst, "--json", NULL);
      if (r.status != 0)
        g_error ("stats on %s failed: %s", formats[i].driver, r.err);
      total = json_object_get_object_member (parse_object (parser, r.out), "total");
      /* Every format carries the same four vertices and the same line
       * (CSV and GPX print 15 significant digits: well below 1 mm). */
      g_assert_cmpint (json_object_get_int_member (total, "vertices"), ==, 4);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "length_m"), expected_m, 1e-3);
      run_clear (&r);
    }
  GDALClose (src_ds);
}

static void
test_info_text (void)
{
  g_autofree char *good = write_fixture ("info.geojson", line_geojson);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *layers;
  Run r = run_cli ("info", good, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Features: 2"));
  g_assert_nonnull (strstr (r.out, "EPSG:4326"));
  run_clear (&r);

  r = run_cli ("info", good, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  layers = json_object_get_array_member (parse_object (parser, r.out), "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (layers, 0), "features"), ==, 2);
  run_clear (&r);
}

/* zones writes what analyse reports, through GDAL, readable again. */
static void
test_zones_and_analyse (void)
{
  g_autofree char *line = sample_path ("contact-line.geojson");
  g_autofree char *out = g_build_filename (tmpdir, "zones.geojson", NULL);
  g_autoptr (JsonParser) pa = json_parser_new ();
  g_autoptr (JsonParser) pz = json_parser_new ();
  g_autoptr (JsonParser) pf = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *analysis, *territory, *dmz, *monitoring;
  JsonArray *features;
  double exported = 0;
  Run r;

  r = run_cli ("analyse", line, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  analysis = parse_object (pa, r.out);
  dmz = json_array_get_object_element (json_object_get_array_member (analysis, "zones"), 0);
  /* The policy paper's DMZ: 2.5 mi each side. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (dmz, "width_a_m"), 4023.36, 1e-6);
  territory = json_object_get_object_member (analysis, "territory");
  g_assert_cmpstr (json_object_get_string_member (territory, "region"), ==, "Ukraine");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (territory, "share_a") +
                                    json_object_get_double_member (territory, "share_b"),
                                  1.0, 1e-12);
  /* People on each side: the basemap's settlements, millions either side;
   * each region's people add up to no more than their side's. */
  {
    JsonArray *regions = json_object_get_array_member (territory, "regions");
    gint64 region_b = 0;

    g_assert_cmpint (json_object_get_int_member (territory, "population_a"), >, 1000000);
    g_assert_cmpint (json_object_get_int_member (territory, "population_b"), >, 1000000);
    g_assert_cmpint (json_object_get_int_member (territory, "settlements_b"), >, 100);
    for (guint i = 0; i < json_array_get_length (regions); i++)
      region_b += json_object_get_int_member (json_array_get_object_element (regions, i), "population_b");
    g_assert_cmpint (region_b, >, 0);
    g_assert_cmpint (region_b, <=, json_object_get_int_member (territory, "population_b"));
  }
  /* A swap holding Tomakivka (8,006) and Vil’ne (5,432) on Ukraine's
   * side: 13,438 people change hands, said in analyse and in the KML's
   * tables. */
  {
    g_autoptr (JsonParser) file = json_parser_new ();
    g_autoptr (JsonParser) ps = json_parser_new ();
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autofree char *dir = g_dir_make_tmp ("dm-cli-people-XXXXXX", NULL);
    g_autofree char *with_swap = g_build_filename (dir, "swap.geojson", NULL);
    g_autofree char *kml = g_build_filename (dir, "swap.kml", NULL);
    g_autofree char *kml_text = NULL;
    JsonObject *root, *swap, *balance;
    Run rs;

    g_assert_true (json_parser_load_from_file (file, line, NULL));
    json_array_add_element (
      json_object_get_array_member (json_node_get_object (json_parser_get_root (file)), "features"),
      json_from_string ("{\"type\":\"Feature\",\"properties\":{\"role\":\"land_swap\",\"name\":\"Tomakivka\"},"
                        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[34.7,47.6],[35.19,47.6],[35.19,47.9],"
                        "[34.7,47.9],[34.7,47.6]]]}}",
                        NULL));
    json_generator_set_root (gen, json_parser_get_root (file));
    g_assert_true (json_generator_to_file (gen, with_swap, NULL));
    rs = run_cli ("analyse", with_swap, "--json", NULL);
    g_assert_cmpint (rs.status, ==, 0);
    root = parse_object (ps, rs.out);
    swap = json_array_get_object_element (json_object_get_array_member (root, "swaps"), 0);
    balance = json_object_get_object_member (root, "balance");
    g_assert_cmpint (json_object_get_int_member (swap, "population_moved"), ==, 8006 + 5432);
    g_assert_cmpint (json_object_get_int_member (swap, "settlements_moved"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (balance, "b_people_net"), ==, 8006 + 5432);
    run_clear (&rs);
    rs = run_cli ("export", with_swap, "-o", kml, NULL);
    g_assert_cmpint (rs.status, ==, 0);
    run_clear (&rs);
    g_assert_true (g_file_get_contents (kml, &kml_text, NULL, NULL));
    g_assert_nonnull (strstr (kml_text, "People changing hands</th><td>13,438 in 2 settlements"));
    g_assert_nonnull (strstr (kml_text, "People on Ukraine’s side</th>"));
    g_unlink (kml);
    g_unlink (with_swap);
    g_rmdir (dir);
  }
  monitoring = json_object_get_object_member (analysis, "monitoring");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (monitoring, "observers"),
                                  400.0 * json_object_get_double_member (analysis, "line_length_m") / (900 * 1609.344),
                                  1e-9);
  run_clear (&r);

  /* Another reference mission: 500 observers for 1,000 km. */
  {
    g_autoptr (JsonParser) pm = json_parser_new ();
    JsonObject *mon;

    r = run_cli ("analyse", line, "--json", "--monitoring", "500,80,1000km", NULL);
    g_assert_cmpint (r.status, ==, 0);
    mon = json_object_get_object_member (parse_object (pm, r.out), "monitoring");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (mon, "observers"),
                                    500.0 * json_object_get_double_member (analysis, "line_length_m") / 1e6, 1e-9);
    run_clear (&r);
    r = run_cli ("analyse", line, "--monitoring", "lots", NULL);
    g_assert_cmpint (r.status, ==, 2);
    run_clear (&r);
  }

  r = run_cli ("zones", line, "-o", out, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  /* RFC 7946 GeoJSON: no crs member, two features (side A, side B). */
  g_assert_true (json_parser_load_from_file (pf, out, &error));
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_node_get_object (json_parser_get_root (pf)), "crs"));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (pf)), "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 2);
  for (guint i = 0; i < 2; i++)
    exported +=
      json_object_get_double_member (json_object_get_object_member (json_array_get_object_element (features, i),
                                                                    "properties"),
                                     "area_m2");
  g_assert_cmpfloat_with_epsilon (exported / json_object_get_double_member (dmz, "area_m2"), 1.0, 1e-12);

  /* A one-sided zone has nothing on the other side. */
  r = run_cli ("zones", line, "--side-a", "0", "--side-b", "2.5mi", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  dmz = json_array_get_object_element (json_object_get_array_member (parse_object (pz, r.out), "zones"), 0);
  g_assert_cmpfloat (json_object_get_double_member (dmz, "area_a_m2"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (dmz, "area_b_m2"), >, 1e9);
  run_clear (&r);

  r = run_cli ("zones", line, "--dmz", "5 furlongs", "--json", NULL);
  assert_one_line_error (&r, "furlongs");
  run_clear (&r);
  r = run_cli ("analyse", line, "--clip", "Atlantis", NULL);
  assert_one_line_error (&r, "Atlantis");
  run_clear (&r);
  r = run_cli ("zones", line, "-o", "/nonexistent-dir/z.geojson", NULL);
  assert_one_line_error (&r, "/nonexistent-dir/z.geojson");
  run_clear (&r);
}

/* derive-line gives a line analyse can use; compare finds what moved. */
static void
test_derive_and_compare (void)
{
  g_autofree char *line = sample_path ("contact-line.geojson");
  g_autofree char *control = sample_path ("occupied-territory.geojson");
  g_autofree char *derived = g_build_filename (tmpdir, "derived.geojson", NULL);
  g_autofree char *moved = g_build_filename (tmpdir, "moved.geojson", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) pc = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *total, *cmp;
  Run r;

  r = run_cli ("derive-line", control, "-o", derived, "--side-b", "Russia", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("stats", derived, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  total = json_object_get_object_member (parse_object (parser, r.out), "total");
  /* The sample line is 1,087 km; the derived one leaves out the estuary
   * stretch along the coast. */
  g_assert_cmpfloat (json_object_get_double_member (total, "length_m"), >, 900e3);
  g_assert_cmpfloat (json_object_get_double_member (total, "length_m"), <, 1400e3);
  run_clear (&r);

  /* Proposal B: the same line with a stretch pushed 0.05° east. */
  g_assert_true (g_file_get_contents (line, &text, NULL, &error));
  {
    g_autoptr (JsonParser) lp = json_parser_new ();
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    JsonArray *coords;

    g_assert_true (json_parser_load_from_data (lp, text, -1, NULL));
    coords = json_object_get_array_member (
      json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (lp)),
                                                                     "features"),
                                       0),
        "geometry"),
      "coordinates");
    for (guint i = 900; i < 1000; i++)
      {
        JsonArray *pt = json_array_get_array_element (coords, i);
        JsonNode *x = json_array_get_element (pt, 0);

        json_node_set_double (x, json_node_get_double (x) + 0.05);
      }
    json_generator_set_root (gen, json_parser_get_root (lp));
    g_assert_true (json_generator_to_file (gen, moved, &error));
  }
  r = run_cli ("compare", line, moved, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cmp = parse_object (pc, r.out);
  g_assert_cmpfloat (json_object_get_double_member (cmp, "a_to_b_area_m2"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (cmp, "b_to_a_area_m2"), >, 0);
  {
    JsonObject *fig = json_object_get_object_member (cmp, "figures");
    double d_terr_a =
      json_object_get_double_member (json_object_get_object_member (fig, "territory_a_m2"), "difference");

    /* What side A gains in territory is what passed to it, net. */
    g_assert_cmpfloat (fabs (d_terr_a + json_object_get_double_member (cmp, "net_to_b_m2")), <,
                       1e-3 * fabs (d_terr_a) + 1e4);
  }
  run_clear (&r);

  r = run_cli ("compare", line, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run_cli ("derive-line", line, "-o", derived, NULL);
  assert_one_line_error (&r, "polygon");
  run_clear (&r);
}

static char *
tracker_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A tracker's polygon given to any command: the line is derived and the
 * command says so in one line; figures per oblast; a file with no line
 * is an error that says what it holds. */
static void
test_tracker_polygon (void)
{
  g_autofree char *p24 = tracker_path ("occupied-2024-11-01.geojson");
  g_autofree char *p25 = tracker_path ("occupied-2025-11-01.geojson");
  g_autofree char *points = write_fixture ("points.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                                                             "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{"
                                                             "\"type\":\"Point\",\"coordinates\":[35,48]}}]}");
  g_autofree char *derived = g_build_filename (tmpdir, "derived-2025.geojson", NULL);
  g_autofree char *zones = g_build_filename (tmpdir, "zones-2025.geojson", NULL);
  g_autofree char *kml = g_build_filename (tmpdir, "tracker-2025.kml", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "tracker-2025.pdf", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "compare.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_autoptr (JsonParser) pa = json_parser_new ();
  g_autoptr (JsonParser) pc = json_parser_new ();
  JsonObject *o, *t;
  JsonArray *regions;
  gboolean donetsk = FALSE;
  Run r;

  r = run_cli ("analyse", p25, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* One line on stderr, naming the file and what was left out. */
  g_assert_nonnull (strstr (r.err, "“occupied-2025-11-01.geojson” is a polygon of held territory."));
  g_assert_nonnull (strstr (r.err, "Ukraine (side A) against Russia (side B)"));
  g_assert_nonnull (strstr (r.err, "Left out:"));
  g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, (long) strlen (r.err) - 1);
  g_assert_nonnull (strstr (r.out, "Demilitarised zone\n  Area: 8,"));
  g_assert_nonnull (strstr (r.out, "  Donetsk (26,"));
  g_assert_null (strstr (r.out, "Length: 0 km"));
  run_clear (&r);

  /* The notice in the units asked for. */
  r = run_cli ("analyse", p25, "--units", "mi", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, " mi in 6 parts"));
  g_assert_null (strstr (r.err, " km "));
  run_clear (&r);

  r = run_cli ("analyse", p25, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (pa, r.out);
  t = json_object_get_object_member (o, "territory");
  regions = json_object_get_array_member (t, "regions");
  for (guint i = 0; i < json_array_get_length (regions); i++)
    {
      JsonObject *reg = json_array_get_object_element (regions, i);

      if (g_strcmp0 (json_object_get_string_member (reg, "code"), "UA-14") == 0)
        {
          donetsk = TRUE;
          g_assert_cmpfloat (json_object_get_double_member (reg, "share_b"), >, 0.6);
          g_assert_cmpfloat (json_object_get_double_member (reg, "share_b"), <, 0.9);
        }
    }
  g_assert_true (donetsk);
  g_assert_cmpuint (json_array_get_length (regions), >=, 6);
  run_clear (&r);

  /* Every command takes the polygon. */
  r = run_cli ("zones", p25, "-o", zones, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "polygon of held territory"));
  run_clear (&r);
  r = run_cli ("export", p25, "-o", kml, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("export", p25, "-o", csv, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_nonnull (strstr (csv_text, "\nTerritory of Donetsk held by Russia,"));
  g_clear_pointer (&csv_text, g_free);
  run_clear (&r);
  r = run_cli ("render", p25, "-o", pdf, "--paper", "a4", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  /* derive-line writes the line and says what it left out. */
  r = run_cli ("derive-line", p25, "-o", derived, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "6 parts"));
  g_assert_nonnull (strstr (r.out, "along the border"));
  run_clear (&r);
  r = run_cli ("analyse", derived, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "Contact line\n  Length: 1,3"));
  g_assert_nonnull (strstr (r.out, "Demilitarised zone\n  Area: 8,"));
  run_clear (&r);

  /* Two dates: land and settlements changing hands, per oblast, in text,
   * JSON and CSV. */
  r = run_cli ("compare", p24, p25, "--json", "-o", csv, NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (pc, r.out);
  g_assert_cmpfloat (json_object_get_double_member (o, "a_to_b_area_m2"), >, 4000e6);
  g_assert_cmpfloat (json_object_get_double_member (o, "a_to_b_area_m2"), <, 5000e6);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (o, "regions"), 0), "code"),
                   ==, "UA-14");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "settlements")), >, 0);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "name,value,unit\n"));
  g_assert_nonnull (strstr (csv_text, "\nLand from Ukraine to Russia,44"));
  g_assert_nonnull (strstr (csv_text, "\nDonetsk: land from Ukraine to Russia,"));
  run_clear (&r);
  r = run_cli ("compare", p24, p25, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "    Donetsk: "));
  g_assert_nonnull (strstr (r.out, "change hands"));
  run_clear (&r);

  /* No line in the file: what it holds, and what to do. */
  r = run_cli ("analyse", points, NULL);
  assert_one_line_error (&r, "holds no contact line: it has 1 point, 0 lines and 0 polygons");
  run_clear (&r);
  r = run_cli ("compare", points, p25, NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);

  /* A polygon in the open sea: where it is, and why there is no line.
   * The basemap covers the world: one in Australia gives a line. */
  {
    g_autofree char *far =
      write_fixture ("far.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                                    "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                                    "\"coordinates\":[[[-140,-40],[-139,-40],[-139,-39],[-140,-39],[-140,-40]]]}}]}");
    g_autofree char *australia = write_fixture ("australia.geojson",
                                                "{\"type\":\"FeatureCollection\",\"features\":["
                                                "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
                                                "\"Polygon\",\"coordinates\":[[[134,-25],[135,-25],[135,-24],[134,-24],"
                                                "[134,-25]]]}}]}");
    g_autofree char *line = sample_path ("contact-line.geojson");

    r = run_cli ("derive-line", far, "-o", derived, NULL);
    assert_one_line_error (&r, "“far.geojson” holds polygons but no contact line could be derived from them");
    g_assert_nonnull (strstr (r.err, "from 40.00° S, 140.00° W to 39.00° S, 139.00° W"));
    g_assert_nonnull (strstr (r.err, "lies in no country of the basemap"));
    run_clear (&r);
    r = run_cli ("analyse", far, NULL);
    assert_one_line_error (&r, "lies in no country of the basemap");
    run_clear (&r);
    r = run_cli ("analyse", australia, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "in Australia (side A)"));
    run_clear (&r);

    /* A line is not a polygon to derive from; the derived file is untouched. */
    r = run_cli ("derive-line", line, "-o", derived, NULL);
    assert_one_line_error (&r, "“contact-line.geojson” is not a polygon of held territory");
    run_clear (&r);
    r = run_cli ("analyse", derived, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Contact line\n  Length: 1,3"));
    run_clear (&r);
  }
}

/* A line in several features, without roles, is one contact line. */
static void
test_lines_in_pieces (void)
{
  g_autofree char *pieces =
    write_fixture ("pieces.geojson",
                   "{\"type\":\"FeatureCollection\",\"features\":["
                   "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,"
                   "47],[36.5,47.5],[37,48]]}},"
                   "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":"
                   "[[[37.2,48.1],[37.6,48.4]],[[38,48.5],[38.4,48.9]]]}}]}");
  g_autoptr (JsonParser) p = json_parser_new ();
  JsonObject *o;
  double expected = dm_geodesy_distance_m (36, 47, 36.5, 47.5) + dm_geodesy_distance_m (36.5, 47.5, 37, 48) +
                    dm_geodesy_distance_m (37.2, 48.1, 37.6, 48.4) + dm_geodesy_distance_m (38, 48.5, 38.4, 48.9);
  Run r = run_cli ("analyse", pieces, "--json", NULL);

  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (p, r.out);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "line_length_m") - expected), <, 0.01);
  g_assert_true (
    json_object_get_null_member (json_array_get_object_element (json_object_get_array_member (o, "zones"), 0),
                                 "error"));
  g_assert_cmpfloat (json_object_get_double_member (
                       json_array_get_object_element (json_object_get_array_member (o, "zones"), 0), "area_m2"),
                     >, 0);
  run_clear (&r);
}

/* Each coordinate pair under @node (GeoJSON "coordinates"): every
 * longitude within −180…180, counted in *@n. */
static void
assert_lons_in_range (JsonNode *node, guint *n)
{
  JsonArray *a = json_node_get_array (node);

  if (json_array_get_length (a) > 0 && JSON_NODE_HOLDS_VALUE (json_array_get_element (a, 0)))
    {
      g_assert_cmpfloat (fabs (json_array_get_double_element (a, 0)), <=, 180.0);
      (*n)++;
      return;
    }
  for (guint i = 0; i < json_array_get_length (a); i++)
    assert_lons_in_range (json_array_get_element (a, i), n);
}

/* A line across the 180th meridian (Chukotka, as a tracker writes it:
 * 179.5, then −179.5): its zone is drawn, as long and as wide as the same
 * line 10° west; its GeoJSON export is split at ±180 (RFC 7946) and every
 * longitude is in range; the GeoJSON, KML and project files keep the
 * line's fingerprint, and read back give the same figures. */
static void
test_antimeridian (void)
{
  g_autofree char *across = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "bad", "antimeridian.geojson", NULL);
  g_autofree char *west = write_fixture ("west-of-it.geojson",
                                         "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
                                         "\"LineString\",\"coordinates\":[[168,66],[169.5,66.2],[170.5,66.4],[172,"
                                         "66.5]]}}");
  g_autofree char *geojson = g_build_filename (tmpdir, "across.geojson", NULL);
  const char *exts[] = { "geojson", "kml", "gpkg" };
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (JsonParser) pw = json_parser_new ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *text = NULL;
  JsonObject *o, *ow;
  JsonArray *features;
  gboolean found_line = FALSE;
  Run r, rw;

  r = run_cli ("analyse", across, "--json", NULL);
  rw = run_cli ("analyse", west, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (rw.status, ==, 0);
  o = parse_object (p, r.out);
  ow = parse_object (pw, rw.out);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "line_length_m") -
                           (dm_geodesy_distance_m (178, 66, 179.5, 66.2) +
                            dm_geodesy_distance_m (179.5, 66.2, -179.5, 66.4) +
                            dm_geodesy_distance_m (-179.5, 66.4, -178, 66.5))),
                     <, 0.01);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "line_length_m") -
                           json_object_get_double_member (ow, "line_length_m")),
                     <, 0.01);
  {
    JsonObject *z = json_array_get_object_element (json_object_get_array_member (o, "zones"), 0);
    JsonObject *zw = json_array_get_object_element (json_object_get_array_member (ow, "zones"), 0);

    g_assert_true (json_object_get_null_member (z, "error"));
    g_assert_cmpfloat (fabs (json_object_get_double_member (z, "area_m2") /
                               json_object_get_double_member (zw, "area_m2") -
                             1.0),
                       <, 1e-6);
  }
  run_clear (&r);
  run_clear (&rw);

  r = run_cli ("fingerprint", across, NULL);
  g_assert_cmpint (r.status, ==, 0);
  fingerprint = g_strdup (r.out);
  run_clear (&r);
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("across.%s", exts[i]);
      g_autofree char *out = g_build_filename (tmpdir, name, NULL);

      r = run_cli ("export", across, "-o", out, NULL);
      g_assert_cmpint (r.status, ==, 0);
      run_clear (&r);
      r = run_cli ("fingerprint", out, NULL);
      g_assert_cmpstr (r.out, ==, fingerprint);
      run_clear (&r);
      r = run_cli ("analyse", out, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Length: 189 km\n  Vertices: 4\n"));
      g_assert_nonnull (strstr (r.out, "Area: 1,524 km²"));
      run_clear (&r);
    }

  g_assert_true (g_file_get_contents (geojson, &text, NULL, NULL));
  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (p)), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *g = json_object_get_object_member (f, "geometry");
      const char *role =
        json_object_get_string_member_with_default (json_object_get_object_member (f, "properties"), "role", "");
      guint n = 0;

      assert_lons_in_range (json_object_get_member (g, "coordinates"), &n);
      g_assert_cmpuint (n, >, 0);
      if (g_str_equal (role, "contact_line"))
        {
          JsonArray *parts = json_object_get_array_member (g, "coordinates");

          found_line = TRUE;
          g_assert_cmpstr (json_object_get_string_member (g, "type"), ==, "MultiLineString");
          g_assert_cmpuint (json_array_get_length (parts), ==, 2);
          /* The first part ends at 180° E, the second begins at 180° W. */
          g_assert_cmpfloat (json_array_get_double_element (
                               json_array_get_array_element (json_array_get_array_element (parts, 0), 2), 0),
                             ==, 180.0);
          g_assert_cmpfloat (json_array_get_double_element (
                               json_array_get_array_element (json_array_get_array_element (parts, 1), 0), 0),
                             ==, -180.0);
        }
    }
  g_assert_true (found_line);
}

/* --border-band: a zone along a border between countries or groups,
 * inside one or both; its kind and border in --json; every mistake a
 * message and a non-zero exit. */
static void
test_border_band (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autoptr (JsonParser) p = json_parser_new ();
  const char *bad[][2] = {
    { "A=100mi:RU/XX", "“XX” is not a country" },
    { "A=100mi:UA/KZ", "share no land border" },
    { "A=0km:UA/BY", "needs a distance above 0 and at most 1,000 km" },
    { "A=2000km:UA/BY", "needs a distance above 0 and at most 1,000 km" },
    { "A=50km", "is not a border band" },
    { "A=50km:UA/BY:PL", "not inside “PL”" },
  };
  JsonObject *z;
  Run r = run_cli ("zones", sample, "--json", "--border-band", "No forces=100mi:RU/NATO:RU", "--border-band",
                   "Belarus=50km:UA/BY", NULL);

  g_assert_cmpint (r.status, ==, 0);
  z = json_array_get_object_element (json_object_get_array_member (parse_object (p, r.out), "zones"), 0);
  g_assert_cmpstr (json_object_get_string_member (z, "kind"), ==, "restriction");
  g_assert_cmpstr (json_object_get_string_member (z, "type"), ==, "boundary-band");
  g_assert_cmpstr (json_object_get_string_member (z, "border"), ==, "RU/NATO");
  g_assert_cmpstr (json_object_get_string_member (z, "inside"), ==, "RU");
  g_assert_cmpfloat (json_object_get_double_member (z, "distance_m"), ==, 100 * 1609.344);
  /* The whole border: Norway and Finland to 70° N, Estonia, Latvia, and
   * Lithuania and Poland round Kaliningrad, some 2,600 km of it, 161 km
   * deep: 285,000 km² (105,858 when the basemap stopped at 61° N);
   * Pskov, Saint Petersburg, Kaliningrad and Murmansk are in it. */
  g_assert_cmpfloat (json_object_get_double_member (z, "area_m2"), >, 240e9);
  g_assert_cmpfloat (json_object_get_double_member (z, "area_m2"), <, 330e9);
  g_assert_nonnull (strstr (r.out, "Pskov"));
  g_assert_nonnull (strstr (r.out, "Saint Petersburg"));
  g_assert_nonnull (strstr (r.out, "Kaliningrad"));
  g_assert_nonnull (strstr (r.out, "Murmansk"));
  z = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (p)),
                                                                   "zones"),
                                     1);
  g_assert_cmpstr (json_object_get_string_member (z, "inside"), ==, "UA+BY");
  /* Its area in each country, which add up to the whole (a band kept in
   * one country has none: its total says it). */
  {
    JsonObject *by = json_object_get_object_member (z, "area_by_country");
    double ua = json_object_get_double_member (by, "UA"), by_m2 = json_object_get_double_member (by, "BY");

    g_assert_cmpuint (json_object_get_size (by), ==, 2);
    g_assert_cmpfloat (ua, >, 25e9);
    g_assert_cmpfloat (by_m2, >, 25e9);
    g_assert_cmpfloat (fabs (ua + by_m2 - json_object_get_double_member (z, "area_m2")), <,
                       1e-3 * json_object_get_double_member (z, "area_m2"));
    g_assert_false (
      json_object_has_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (
                                                                                             json_parser_get_root (p)),
                                                                                           "zones"),
                                                             0),
                              "area_by_country"));
  }
  g_assert_nonnull (strstr (r.out, "\"BY\""));
  run_clear (&r);
  r = run_cli ("analyse", sample, "--border-band", "Belarus=50km:UA/BY", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\n  In Ukraine: "));
  g_assert_nonnull (strstr (r.out, "\n  In Belarus: "));
  run_clear (&r);

  /* Border bands, kept inside one side or both, survive an export and
   * its reading: the fingerprint (which covers their shapes) is kept. */
  {
    const char *exts[] = { "geojson", "kml", "gpkg" };
    g_autofree char *expected = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
      {
        g_autofree char *name = g_strdup_printf ("border-band.%s", exts[i]);
        g_autofree char *out = g_build_filename (tmpdir, name, NULL);
        const char *fp;

        r = run_cli ("export", sample, "--border-band", "No forces=100mi:RU/NATO:RU", "--border-band",
                     "Belarus=50km:UA/BY", "-o", out, NULL);
        g_assert_cmpint (r.status, ==, 0);
        fp = strstr (r.out, "fingerprint ");
        g_assert_nonnull (fp);
        if (expected == NULL)
          expected = g_strndup (fp + strlen ("fingerprint "), 14);
        run_clear (&r);
        r = run_cli ("fingerprint", out, NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_true (g_str_has_prefix (r.out, expected));
        run_clear (&r);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      r = run_cli ("analyse", sample, "--border-band", bad[i][0], NULL);
      g_assert_cmpint (r.status, !=, 0);
      g_assert_nonnull (strstr (r.err, bad[i][1]));
      run_clear (&r);
    }
}

/* No command writes its result over the file it reads, under its own
 * name or another (a symlink): it says so and the file is as it was. */
static void
test_no_overwrite_input (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autofree char *input = g_build_filename (tmpdir, "input.geojson", NULL);
  g_autofree char *link = g_build_filename (tmpdir, "input-link.geojson", NULL);
  g_autofree char *original = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (sample, &original, &len, NULL));
  g_assert_true (g_file_set_contents (input, original, len, NULL));
  g_unlink (link);
  g_assert_cmpint (symlink (input, link), ==, 0);
  {
    const char *const runs[][6] = {
      { "export", input, "-o", input, NULL },      { "export", link, "-o", input, NULL },
      { "render", input, "-o", input, NULL },      { "zones", input, "-o", input, NULL },
      { "derive-line", input, "-o", input, NULL }, { "compare", sample, input, "-o", input, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_autofree char *now = NULL;
        Run r = run_cli (runs[i][0], runs[i][1], runs[i][2], runs[i][3], runs[i][4], NULL);

        g_assert_cmpint (r.status, !=, 0);
        g_assert_nonnull (strstr (r.err, "it is the file being read"));
        run_clear (&r);
        g_assert_true (g_file_get_contents (input, &now, NULL, NULL));
        g_assert_cmpstr (now, ==, original);
      }
  }
  g_unlink (link);
}

/* --csv-style: the machine CSV stays as documented (no byte-order mark,
 * "," and a decimal point); the spreadsheet styles start with a UTF-8
 * byte-order mark, and the comma style has ";" between fields and every
 * number with a decimal comma, the same figures row for row. */
/* `analyse` as a Ukrainian or Russian user runs it (LANGUAGE=uk): words,
 * units and number format of the language, --help and errors too; the
 * same figures; --json, the CSV's header and the fingerprint the same as
 * in English. */
static void
test_languages (void)
{
  static const struct {
    const char *code, *line, *dmz, *length, *option, *missing;
  } languages[] = {
    { "uk", "Лінія зіткнення", "Демілітаризована зона", "Довжина: 1\u202f087 км", "Один документ JSON", "не існує" },
    { "ru", "Линия соприкосновения", "Демилитаризованная зона", "Длина: 1\u202f087 км", "Один документ JSON",
      "не существует" },
  };
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autofree char *csv_en = g_build_filename (tmpdir, "figures-en.csv", NULL);
  g_autofree char *csv_l = g_build_filename (tmpdir, "figures-l.csv", NULL);
  Run en = run_cli ("analyse", sample, NULL);
  Run en_json = run_cli ("analyse", "--json", sample, NULL);
  Run en_fp = run_cli ("fingerprint", sample, NULL);
  /* A tracker's polygon: the derived line's sides are named from the
   * basemap, in English whatever the language. */
  g_autofree char *tracker = tracker_path ("occupied-2025-11-01.geojson");
  Run en_tracker_fp = run_cli ("fingerprint", tracker, NULL);
  Run r = run_cli ("export", sample, "-o", csv_en, NULL);

  g_assert_cmpint (en.status, ==, 0);
  g_assert_nonnull (strstr (en.out, "Length: 1,087 km"));
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *length = g_strcompress (languages[i].length);
      g_autofree char *en_csv = NULL, *l_csv = NULL;

      g_setenv ("LANGUAGE", languages[i].code, TRUE);
      r = run_cli ("analyse", sample, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, languages[i].line));
      g_assert_nonnull (strstr (r.out, languages[i].dmz));
      g_assert_nonnull (strstr (r.out, length));
      g_assert_null (strstr (r.out, "Contact line"));
      g_assert_cmpuint (strlen (r.out), >, strlen (en.out) / 2);
      run_clear (&r);

      r = run_cli ("analyse", "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, languages[i].option));
      run_clear (&r);

      r = run_cli ("analyse", "/nonexistent/line.geojson", NULL);
      assert_one_line_error (&r, languages[i].missing);
      run_clear (&r);

      /* For programs: as in English. */
      r = run_cli ("analyse", "--json", sample, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, en_json.out);
      run_clear (&r);
      r = run_cli ("fingerprint", sample, NULL);
      g_assert_cmpstr (r.out, ==, en_fp.out);
      run_clear (&r);
      r = run_cli ("fingerprint", tracker, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, en_tracker_fp.out);
      run_clear (&r);
      r = run_cli ("export", sample, "-o", csv_l, NULL);
      g_assert_cmpint (r.status, ==, 0);
      run_clear (&r);
      g_assert_true (g_file_get_contents (csv_en, &en_csv, NULL, NULL));
      g_assert_true (g_file_get_contents (csv_l, &l_csv, NULL, NULL));
      g_assert_true (g_str_has_prefix (l_csv, "name,value,unit\n"));
      g_assert_true (g_str_has_prefix (en_csv, "name,value,unit\n"));
      g_assert_nonnull (strstr (l_csv, ",1087.111,"));
      g_assert_nonnull (strstr (en_csv, ",1087.111,"));
    }
  g_unsetenv ("LANGUAGE");
  run_clear (&en);
  run_clear (&en_json);
  run_clear (&en_fp);
  run_clear (&en_tracker_fp);
}

static void
test_csv_styles (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autofree char *machine = g_build_filename (tmpdir, "machine.csv", NULL);
  g_autofree char *comma = g_build_filename (tmpdir, "comma.csv", NULL);
  g_autofree char *point = g_build_filename (tmpdir, "point.csv", NULL);
  g_autofree char *m = NULL, *c = NULL, *pt = NULL;
  g_auto (GStrv) m_lines = NULL, c_lines = NULL;
  guint n_numbers = 0;
  Run r;

  r = run_cli ("export", sample, "-o", machine, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("export", sample, "-o", comma, "--csv-style", "spreadsheet-comma", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("export", sample, "-o", point, "--csv-style", "spreadsheet-point", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_cli ("export", sample, "-o", point, "--csv-style", "excel", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown CSV style “excel”"));
  run_clear (&r);

  g_assert_true (g_file_get_contents (machine, &m, NULL, NULL));
  g_assert_true (g_file_get_contents (comma, &c, NULL, NULL));
  g_assert_true (g_file_get_contents (point, &pt, NULL, NULL));
  g_assert_true (g_str_has_prefix (m, "name,value,unit\n"));
  g_assert_true (g_str_has_prefix (pt, "\xef\xbb\xbfname,value,unit\n"));
  g_assert_cmpstr (pt + 3, ==, m);
  g_assert_true (g_str_has_prefix (c, "\xef\xbb\xbfname;value;unit\n"));
  m_lines = g_strsplit (m, "\n", -1);
  c_lines = g_strsplit (c + 3, "\n", -1);
  g_assert_cmpuint (g_strv_length (m_lines), ==, g_strv_length (c_lines));
  for (guint i = 1; m_lines[i] != NULL && *m_lines[i] != '\0'; i++)
    {
      g_auto (GStrv) mf = g_strsplit (m_lines[i], ",", -1);
      const char *value = mf[g_strv_length (mf) - 2];
      char *end = NULL;

      g_ascii_strtod (value, &end);
      if (*value != '\0' && *end == '\0' && strchr (value, '.') != NULL)
        {
          g_autofree char *expected = g_strdelimit (g_strdup (value), ".", ',');

          /* "1087,111" or 1087,111: the same number, a decimal comma. */
          g_assert_nonnull (strstr (c_lines[i], expected));
          g_assert_null (strstr (c_lines[i], value));
          n_numbers++;
        }
    }
  g_assert_cmpuint (n_numbers, >, 10);
}

/* export and fingerprint: every format keeps the sample's fingerprint, a
 * project file opens in the other commands, errors as everywhere. */
static void
test_export_fingerprint (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  const char *exts[] = { "geojson", "kml", "kmz", "gpkg" };
  g_autofree char *expected = NULL;
  g_autofree char *csv = g_build_filename (tmpdir, "figures.csv", NULL);
  g_autofree char *project = g_build_filename (tmpdir, "exported.gpkg", NULL);
  g_autofree char *missing_dir = g_build_filename (tmpdir, "no-folder", "x.kml", NULL);
  g_autofree char *csv_text = NULL;
  Run r;

  r = run_cli ("fingerprint", sample, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (strlen (r.out), ==, 15); /* "xxxx-xxxx-xxxx\n" */
  expected = g_strdup (r.out);
  run_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("exported.%s", exts[i]);
      g_autofree char *out = g_build_filename (tmpdir, name, NULL);

      r = run_cli ("export", sample, "-o", out, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, out));
      run_clear (&r);
      r = run_cli ("fingerprint", out, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, expected);
      run_clear (&r);
    }

  r = run_cli ("export", sample, "-o", csv, "--units", "mi", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "name,value,unit\n"));
  g_assert_nonnull (strstr (csv_text, g_strstrip (expected)));
  g_assert_nonnull (strstr (csv_text, "Contact line length,675."));
  g_assert_nonnull (strstr (csv_text, ",mi\n"));

  /* analyse reads the project file the export wrote. */
  r = run_cli ("analyse", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Contact line\n  Length: 1,087 km"));
  run_clear (&r);

  r = run_cli ("fingerprint", sample, "--proposal", "Nope", NULL);
  assert_one_line_error (&r, "Nope");
  run_clear (&r);

  r = run_cli ("export", sample, "-o", missing_dir, NULL);
  assert_one_line_error (&r, missing_dir);
  run_clear (&r);

  r = run_cli ("export", sample, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run_cli ("export", sample, "-o", "out.txt", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "out.txt"));
  run_clear (&r);
  r = run_cli ("fingerprint", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

/* A GeoPackage of random bytes: one line naming it. */
/* Every case of tests/data/bad/cases.tsv: the command run on the file
 * exits as it must and says what it must. */
static void
test_bad_input_corpus (void)
{
  g_autofree char *cases = g_test_build_filename (G_TEST_DIST, "data", "bad", "cases.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (cases, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;
      g_autofree char *file = NULL;
      g_autofree char *said = NULL;
      Run r;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", 4);
      g_assert_cmpuint (g_strv_length (f), ==, 4);
      file = g_test_build_filename (G_TEST_DIST, "data", "bad", f[1], NULL);
      {
        /* The command, then the file, then any options after it. */
        g_auto (GStrv) words = g_strsplit (f[0], " ", 3);

        r = run_cli (words[0], file, words[0] != NULL ? words[1] : NULL, words[1] != NULL ? words[2] : NULL, NULL);
      }
      said = g_strconcat (r.out, r.err, NULL);
      g_test_message ("%s %s: exit %d: %s", f[0], f[1], r.status, said);
      g_assert_cmpint (r.status, ==, atoi (f[2]));
      g_assert_nonnull (strstr (said, f[3]));
      run_clear (&r);
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
}

static void
test_corrupt_project (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "damaged.gpkg", NULL);
  Run r;

  g_assert_true (g_file_set_contents (path, "SQLite format 3\0garbage garbage garbage", 40, NULL));
  r = run_cli ("fingerprint", path, NULL);
  assert_one_line_error (&r, "damaged.gpkg");
  run_clear (&r);

  /* A project missing its zone rules opens with what it holds, and a
   * warning says what is missing and that the fingerprint differs. */
  {
    g_autofree char *sample = sample_path ("contact-line.geojson");
    g_autofree char *project = g_build_filename (tmpdir, "no-rules.gpkg", NULL);

    r = run_cli ("export", sample, "-o", project, NULL);
    g_assert_cmpint (r.status, ==, 0);
    run_clear (&r);
    {
      GDALDatasetH ds;

      GDALAllRegister ();
      ds = GDALOpenEx (project, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);

      g_assert_nonnull (ds);
      GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, "DROP TABLE zone_rules", NULL, NULL));
      GDALClose (ds);
    }
    r = run_cli ("analyse", project, NULL);
    g_test_message ("%s", r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "warning: “no-rules.gpkg”: the table “zone_rules” is missing"));
    g_assert_nonnull (strstr (r.err, "fingerprint"));
    g_assert_nonnull (strstr (r.out, "Contact line"));
    run_clear (&r);
  }
}

/* The annex: CSV on standard output and to a file, the line fingerprint it
 * prints found again in the CSV it wrote; JSON; bad input with a message. */
static void
test_annex (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autofree char *csv = g_build_filename (tmpdir, "annex.csv", NULL);
  g_autofree char *markers = g_build_filename (tmpdir, "annex-markers.csv", NULL);
  g_autofree char *bad = write_fixture ("bad-annex.csv", "part,point,lat,lon\n1,1,47,36\n1,2,north,36\n");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *fp;

  {
    g_auto (Run) r = run_cli ("annex", sample, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "part,point,lat,lon,lat_dms,lon_dms,mgrs,distance_to_next_m,"
                                            "azimuth_to_next_deg\n1,1,"));
  }
  {
    g_auto (Run) r = run_cli ("annex", sample, "--json", "--tolerance", "100m", "--markers", "20km", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpfloat (json_object_get_double_member (o, "tolerance_m"), ==, 100.0);
    g_assert_cmpfloat (json_object_get_double_member (o, "max_deviation_m"), <=, 100.0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "points")), >, 100);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "markers")), >, 50);
  }
  {
    g_auto (Run) r = run_cli ("annex", sample, "--markers", "5km", "-o", csv, NULL);
    g_auto (Run) back = run_cli ("fingerprint", "--line", csv, NULL);
    const char *said;

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (markers, G_FILE_TEST_EXISTS));
    said = strstr (r.out, "Line fingerprint: ");
    g_assert_nonnull (said);
    fp = said + strlen ("Line fingerprint: ");
    g_assert_cmpint (back.status, ==, 0);
    g_assert_true (g_str_has_prefix (fp, g_strstrip (back.out)));
  }
  {
    g_auto (Run) r = run_cli ("annex", sample, "--tolerance", "0", NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "tolerance"));
  }
  {
    g_auto (Run) r = run_cli ("fingerprint", "--line", bad, NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "bad-annex.csv”, line 3: “north” in the column “lat” is not a number"));
  }
}

/* The monitoring plan: JSON with posts, coverage and uncovered stretches;
 * bad input said plainly. */
static void
test_monitoring (void)
{
  g_autofree char *sample = sample_path ("contact-line.geojson");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *posts;

  {
    g_auto (Run) r = run_cli ("monitoring", sample, "--json", "--sensor-range", "5km", "--spacing", "30km", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    posts = json_object_get_array_member (o, "posts");
    g_assert_cmpuint (json_array_get_length (posts), ==,
                      json_object_get_int_member (o, "posts_a") + json_object_get_int_member (o, "posts_b"));
    g_assert_true (json_object_has_member (json_array_get_object_element (posts, 0), "lon"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (posts, 0), "side"), ==, "A");
    g_assert_cmpfloat (json_object_get_double_member (o, "coverage"), <, 1.0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "uncovered")), >, 0);
    g_assert_cmpfloat (json_object_get_double_member (o, "observers"), ==, 8.0 * json_array_get_length (posts));
  }
  /* A file with observation posts: planned for them (a post without a
   * side takes the one it stands on, without a range the one asked);
   * --spacing places new ones instead. */
  {
    g_autofree char *dir = g_dir_make_tmp ("dm-cli-posts-XXXXXX", NULL);
    g_autofree char *with_posts = g_build_filename (dir, "with-posts.geojson", NULL);
    g_autoptr (JsonParser) file = json_parser_new ();
    JsonObject *first = json_array_get_object_element (posts, 0);
    JsonObject *last = json_array_get_object_element (posts, json_array_get_length (posts) - 1);
    guint placed = json_array_get_length (posts);
    JsonArray *features;
    g_autofree char *text = NULL;
    g_autofree char *post_a = g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"role\":\"observation_post\","
                                               "\"side\":\"A\",\"range_m\":\"7000\"},"
                                               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.9f,%.9f]}}",
                                               json_object_get_double_member (first, "lon"),
                                               json_object_get_double_member (first, "lat"));
    g_autofree char *post_b = g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"role\":\"observation_post\"},"
                                               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.9f,%.9f]}}",
                                               json_object_get_double_member (last, "lon"),
                                               json_object_get_double_member (last, "lat"));
    g_autoptr (JsonGenerator) gen = json_generator_new ();

    g_assert_cmpstr (json_object_get_string_member (last, "side"), ==, "B");
    g_assert_true (json_parser_load_from_file (file, sample, NULL));
    features = json_object_get_array_member (json_node_get_object (json_parser_get_root (file)), "features");
    json_array_add_element (features, json_from_string (post_a, NULL));
    json_array_add_element (features, json_from_string (post_b, NULL));
    json_generator_set_root (gen, json_parser_get_root (file));
    g_assert_true (json_generator_to_file (gen, with_posts, NULL));
    {
      g_auto (Run) r = run_cli ("monitoring", with_posts, "--json", NULL);
      g_autoptr (JsonParser) out = json_parser_new ();
      JsonArray *got;

      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (json_parser_load_from_data (out, r.out, -1, NULL));
      got = json_object_get_array_member (json_node_get_object (json_parser_get_root (out)), "posts");
      g_assert_cmpuint (json_array_get_length (got), ==, 2);
      g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (got, 0), "range_m"), ==, 7000);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "side"), ==, "A");
      g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (got, 1), "range_m"), ==, 10000);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 1), "side"), ==, "B");
    }
    {
      g_auto (Run) r = run_cli ("monitoring", with_posts, "--json", "--sensor-range", "5km", "--spacing", "30km", NULL);
      g_autoptr (JsonParser) out = json_parser_new ();

      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (json_parser_load_from_data (out, r.out, -1, NULL));
      g_assert_cmpuint (json_array_get_length (
                          json_object_get_array_member (json_node_get_object (json_parser_get_root (out)), "posts")),
                        ==, placed);
    }
    g_unlink (with_posts);
    g_rmdir (dir);
  }
  {
    g_auto (Run) r = run_cli ("monitoring", sample, "--coverage", "90%", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Monitoring plan: Demilitarised zone"));
    g_assert_nonnull (strstr (r.out, "Zone in range"));
  }
  {
    g_auto (Run) r = run_cli ("analyse", sample, "--plan", "--sensor", "camera", "--coverage", "90%", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Monitoring plan: Demilitarised zone"));
    g_assert_nonnull (strstr (r.out, "Sensor range: 5.00 km"));
    g_assert_nonnull (strstr (r.out, "shorter ones"));
  }
  {
    g_auto (Run) r = run_cli ("monitoring", sample, "--zone", "Nowhere", NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "There is no zone “Nowhere”. The zones are: “Demilitarised zone”"));
  }
  {
    g_auto (Run) r = run_cli ("monitoring", sample, "--sensor-range", "600km", NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "range"));
  }
  {
    g_auto (Run) r = run_cli ("monitoring", sample, "--spacing", "5km", "--coverage", "95%", NULL);

    g_assert_cmpint (r.status, ==, 2);
  }
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dm-cli-XXXXXX", NULL);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/info/text-and-json", test_info_text);
  g_test_add_func ("/cli/stats/json-units", test_stats_json_units);
  g_test_add_func ("/cli/formats", test_formats);
  g_test_add_func ("/cli/sample/contact-line", test_sample_line);
  g_test_add_func ("/cli/zones-and-analyse", test_zones_and_analyse);
  g_test_add_func ("/cli/derive-and-compare", test_derive_and_compare);
  g_test_add_func ("/cli/sample/occupied-territory", test_sample_territory);
  g_test_add_func ("/cli/export-fingerprint", test_export_fingerprint);
  g_test_add_func ("/cli/corrupt-project", test_corrupt_project);
  g_test_add_func ("/cli/bad-input/corpus", test_bad_input_corpus);
  g_test_add_func ("/cli/tracker-polygon", test_tracker_polygon);
  g_test_add_func ("/cli/lines-in-pieces", test_lines_in_pieces);
  g_test_add_func ("/cli/antimeridian", test_antimeridian);
  g_test_add_func ("/cli/border-band", test_border_band);
  g_test_add_func ("/cli/no-overwrite-input", test_no_overwrite_input);
  g_test_add_func ("/cli/csv-styles", test_csv_styles);
  g_test_add_func ("/cli/languages", test_languages);
  g_test_add_func ("/cli/annex", test_annex);
  g_test_add_func ("/cli/monitoring", test_monitoring);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf %s", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
