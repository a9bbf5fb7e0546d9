/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "dm-bench.h"
#include "dm-cli.h"
#include "dm-engine.h"
#include "dm-export.h"
#include "dm-geos.h"
#include "dm-scenario.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/*
 * The full set of analytics after an edit, as the application runs it:
 * the engine on a document with the default DMZ, one vertex moved, then
 * every figure recomputed.  Median of repeated edits.
 */
static void
measure_full_analytics (const DmGeometry *line, guint n_vertices, FILE *out, gpointer user_data)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) feature = dm_feature_new (DM_ROLE_CONTACT_LINE, "Bench", dm_geometry_copy (line));
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) first = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (99);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint id, runs = n_vertices > 100000 ? 11 : 31, crossing = 0, by_difference = 0;
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  id = dm_document_add_feature (doc, feature);
  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  /* Everything the application computes: territory of side A's country
   * (the generated line runs across Ukraine), and a land swap astride it. */
  dm_document_set_side (doc, DM_SIDE_A, "Ukraine", "#0057b7");
  dm_document_set_side (doc, DM_SIDE_B, "Russia", "#d52b1e");
  {
    double lon, lat;
    g_autoptr (DmFeature) swap = NULL;

    dm_geometry_get_point (line, n_vertices / 2, &lon, &lat);
    {
      const double xy[] = { lon - 0.1, lat - 0.1, lon + 0.1, lat - 0.1, lon + 0.1, lat + 0.1, lon - 0.1, lat + 0.1 };

      swap = dm_feature_new_land_swap ("Bench swap", dm_geometry_new_polygon (xy, 4), DM_SIDE_NONE, DM_SIDE_NONE);
    }
    dm_document_add_feature (doc, swap);
  }
  engine = dm_engine_new (doc);
  first = dm_engine_compute (engine, NULL, NULL);

  for (guint i = 0; i < runs; i++)
    {
      guint v = g_rand_int_range (rand, 1, n_vertices - 1);
      g_autoptr (DmResults) r = NULL;
      double lon, lat, ms;
      gint64 t0;

      dm_geometry_get_point (dm_feature_get_geometry (feature), v, &lon, &lat);
      {
        /* A move that would make the line cross itself is not one a
         * negotiator makes: another vertex is drawn instead. */
        g_autoptr (DmGeometry) moved = dm_geometry_copy (dm_feature_get_geometry (feature));
        double to_lon = lon + g_rand_double_range (rand, -0.002, 0.002);
        double to_lat = lat + g_rand_double_range (rand, -0.002, 0.002);
        g_autoptr (DmGeosGeometry) g = NULL;

        dm_geometry_set_point (moved, v, to_lon, to_lat);
        g = dm_geometry_to_geos (ctx, moved);
        if (GEOSisSimple_r (ctx, g) != 1)
          {
            crossing++;
            i--;
            continue;
          }
        t0 = g_get_monotonic_time ();
        dm_document_move_vertex (doc, id, v, to_lon, to_lat);
      }
      r = dm_engine_compute (engine, NULL, NULL);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (r == NULL || r->territory == NULL)
        {
          fprintf (out, "  full analytics failed: %s\n", r != NULL ? r->territory_error : "");
          return;
        }
      g_array_append_val (times, ms);
      by_difference += r->territory->side_geometry_current ? 0 : 1;
    }
  g_array_sort (times, compare_doubles);
  fprintf (out,
           "  full analytics after a one-vertex edit (%u vertices): median %.2f ms, "
           "min %.2f, max %.2f over %u edits (territory by difference after %u; %u moves that would "
           "have made the line cross itself drawn again)\n",
           n_vertices, g_array_index (times, double, times->len / 2), g_array_index (times, double, 0),
           g_array_index (times, double, times->len - 1), times->len, by_difference, crossing);
  fprintf (out, "BENCH analytics vertices=%u median_ms=%.3f\n", n_vertices,
           g_array_index (times, double, times->len / 2));
}

typedef struct {
  double read_ms, figures_ms, kml_ms, geojson_ms;
  goffset kml_bytes, geojson_bytes;
} FileTimes;

static goffset
file_size (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo)
    info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL ? g_file_info_get_size (info) : 0;
}

/*
 * A large file end to end, as the command line takes it: a generated line
 * of @n_vertices written as GeoJSON (7 decimals), read back, every figure
 * computed, and the proposal written as KML and as GeoJSON.
 */
static gboolean
measure_files (guint n_vertices, const char *dir, FileTimes *t, GError **error)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (n_vertices, 7, 0);
  g_autofree char *path = g_strdup_printf ("%s/line-%u.geojson", dir, n_vertices);
  g_autofree char *kml = g_strdup_printf ("%s/line-%u.kml", dir, n_vertices);
  g_autofree char *out_json = g_strdup_printf ("%s/out-%u.geojson", dir, n_vertices);
  g_autoptr (GString) json = g_string_sized_new ((gsize) n_vertices * 28 + 256);
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) results = NULL;
  gint64 t0;

  g_string_append (json, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                         "{\"role\":\"contact_line\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
  for (guint i = 0; i < dm_geometry_get_n_points (line); i++)
    {
      char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE];
      double x, y;

      dm_geometry_get_point (line, i, &x, &y);
      g_string_append_printf (json, "%s[%s,%s]", i > 0 ? "," : "", g_ascii_formatd (lon, sizeof lon, "%.7f", x),
                              g_ascii_formatd (lat, sizeof lat, "%.7f", y));
    }
  g_string_append (json, "]}}]}\n");
  if (!g_file_set_contents (path, json->str, (gssize) json->len, error))
    return FALSE;

  t0 = g_get_monotonic_time ();
  if ((doc = dm_scenario_load (path, NULL, error)) == NULL)
    return FALSE;
  t->read_ms = (g_get_monotonic_time () - t0) / 1000.0;
  t0 = g_get_monotonic_time ();
  engine = dm_engine_new (doc);
  if ((results = dm_engine_compute (engine, NULL, error)) == NULL)
    return FALSE;
  t->figures_ms = (g_get_monotonic_time () - t0) / 1000.0;
  t0 = g_get_monotonic_time ();
  if (!dm_export_document (doc, results, dm_document_get_active_proposal (doc), kml, NULL, error))
    return FALSE;
  t->kml_ms = (g_get_monotonic_time () - t0) / 1000.0;
  t0 = g_get_monotonic_time ();
  if (!dm_export_document (doc, results, dm_document_get_active_proposal (doc), out_json, NULL, error))
    return FALSE;
  t->geojson_ms = (g_get_monotonic_time () - t0) / 1000.0;
  t->kml_bytes = file_size (kml);
  t->geojson_bytes = file_size (out_json);
  g_unlink (path);
  g_unlink (kml);
  g_unlink (out_json);
  return TRUE;
}

/* Files of 250,000 and 1,000,000 vertices side by side: the times, and
 * how they grow (4× the vertices: 4× the time when linear). */
static int
bench_files (FILE *out)
{
  static const guint sizes[] = { 250000, 1000000 };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("demarcate-bench-XXXXXX", &error);
  FileTimes t[G_N_ELEMENTS (sizes)];

  if (dir == NULL)
    return dm_cli_fail (error);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (!measure_files (sizes[i], dir, &t[i], &error))
      {
        g_rmdir (dir);
        return dm_cli_fail (error);
      }
  g_rmdir (dir);
  fprintf (out, "Large files (a generated GeoJSON line read back, every figure, the proposal as KML and "
                "GeoJSON):\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      fprintf (out,
               "  %7u vertices: read %.2f s, every figure %.2f s, KML written %.2f s (%.0f MB), GeoJSON written "
               "%.2f s (%.0f MB); as the command line runs them: analyse %.2f s, export .kml %.2f s, "
               "export .geojson %.2f s\n",
               sizes[i], t[i].read_ms / 1000, t[i].figures_ms / 1000, t[i].kml_ms / 1000, t[i].kml_bytes / 1e6,
               t[i].geojson_ms / 1000, t[i].geojson_bytes / 1e6, (t[i].read_ms + t[i].figures_ms) / 1000,
               (t[i].read_ms + t[i].figures_ms + t[i].kml_ms) / 1000,
               (t[i].read_ms + t[i].figures_ms + t[i].geojson_ms) / 1000);
      fprintf (out,
               "BENCH files vertices=%u read_ms=%.1f figures_ms=%.1f kml_ms=%.1f kml_bytes=%" G_GOFFSET_FORMAT
               " geojson_ms=%.1f geojson_bytes=%" G_GOFFSET_FORMAT "\n",
               sizes[i], t[i].read_ms, t[i].figures_ms, t[i].kml_ms, t[i].kml_bytes, t[i].geojson_ms,
               t[i].geojson_bytes);
    }
  fprintf (out,
           "  growth from 250,000 to 1,000,000 vertices (linear: 4.0×): read %.1f×, every figure %.1f×, KML %.1f×, "
           "GeoJSON %.1f×\n",
           t[1].read_ms / t[0].read_ms, t[1].figures_ms / t[0].figures_ms, t[1].kml_ms / t[0].kml_ms,
           t[1].geojson_ms / t[0].geojson_ms);
  return 0;
}

int
dm_cli_bench (int argc, char **argv)
{
  g_autofree char *filter = NULL;
  GOptionEntry entries[] = {
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter,
      N_ ("Only the sizes whose name contains TEXT: 3k, 30k, 300k (or “proj”, “derive”, “monitoring”; “files” "
          "alone reads, analyses and exports files of 250,000 and 1,000,000 vertices)"),
      N_ ("TEXT") },
    { NULL }
  };
  int ret;

  if ((ret = dm_cli_parse ("bench", "",
                           _ ("Measures, in one run, for generated 1,200 km front lines of 3,000, "
                              "30,000 and 300,000 vertices: a DMZ from one GEOS buffer call (the "
                              "baseline any GIS would use), Demarcate’s DMZ from scratch, its update "
                              "after moving one vertex (on one line and in six parts), the full "
                              "analytics after an edit, deriving the line from a 200,000-vertex "
                              "polygon of held territory, and a monitoring plan of its DMZ; medians and "
                              "ratios."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 1)
    return dm_cli_usage_error ("bench", _ ("takes no arguments"));

  /* Files of a million vertices take a minute: only when asked for. */
  if (filter != NULL && strstr (filter, "files") != NULL)
    return bench_files (stdout);
  ret = dm_bench_run_with_extra (filter, stdout, measure_full_analytics, NULL);
  if (ret == 0 && (filter == NULL || strstr ("derive", filter) != NULL || strstr (filter, "derive") != NULL))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (&error);

      if (basemap == NULL)
        return dm_cli_fail (error);
      printf ("\n");
      ret = dm_bench_derive (basemap, 200000, stdout);
    }
  if (ret == 0 && (filter == NULL || strstr (filter, "monitoring") != NULL))
    {
      printf ("\n");
      ret = dm_bench_monitoring (stdout);
    }
  return ret;
}
