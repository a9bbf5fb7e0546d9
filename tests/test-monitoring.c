/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dm-engine.h"
#include "dm-export.h"
#include "dm-geodesy.h"
#include "dm-monitoring.h"
#include "dm-sides.h"
#include "dm-project.h"
#include "dm-scenario.h"

static DmDocument *sample;
static DmResults *results;

static const DmGeometry *
line (void)
{
  return dm_feature_get_geometry (dm_document_get_contact_line (sample));
}

static DmZoneFigures *
dmz (void)
{
  return g_ptr_array_index (results->zones, 0);
}

static DmMonitoringPlan *
plan_with (double range_m, double spacing_m, double target)
{
  DmMonitoringOptions options = { range_m, spacing_m, target, 8 };
  g_autoptr (GError) error = NULL;
  DmMonitoringPlan *plan = dm_monitoring_plan_new (line (), dmz ()->rule, dmz ()->zone, &options, &error);

  g_assert_no_error (error);
  return plan;
}

/* Ray casting: inside the ring of @n points (open). */
static gboolean
in_ring (const double *xy, guint n, double x, double y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if ((xy[2 * i + 1] > y) != (xy[2 * j + 1] > y) &&
        x < (xy[2 * j] - xy[2 * i]) * (y - xy[2 * i + 1]) / (xy[2 * j + 1] - xy[2 * i + 1]) + xy[2 * i])
      inside = !inside;
  return inside;
}

static gboolean
near_post (const DmMonitoringPlan *plan, double lon, double lat)
{
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);

      if (fabs (p->lat - lat) < plan->options.range_m / 100000.0 &&
          fabs (p->lon - lon) * cos (lat * G_PI / 180) < plan->options.range_m / 100000.0 &&
          dm_geodesy_distance_m (lon, lat, p->lon, p->lat) <= plan->options.range_m)
        return TRUE;
    }
  return FALSE;
}

/* The share of the zone within range, estimated on a fine grid (about
 * 250 m, each point weighted by its cell's area): the plan's coverage is
 * within 0.1 percentage points of it. */
static void
test_coverage_against_grid (void)
{
  g_autoptr (DmMonitoringPlan) plan = plan_with (5000, 18000, 0);
  double total = 0, covered = 0;
  const double step = 0.0025;

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (DmGeometry) pieces = dm_zone_result_get_geometry (dmz ()->zone, s == 0 ? DM_SIDE_A : DM_SIDE_B);

      for (guint p = 0; p < dm_geometry_get_n_parts (pieces); p++)
        {
          guint n;
          const double *outer = dm_geometry_get_ring (pieces, p, 0, &n);
          double min_lon = G_MAXDOUBLE, min_lat = G_MAXDOUBLE, max_lon = -G_MAXDOUBLE, max_lat = -G_MAXDOUBLE;

          for (guint k = 0; k < n; k++)
            {
              min_lon = MIN (min_lon, outer[2 * k]);
              max_lon = MAX (max_lon, outer[2 * k]);
              min_lat = MIN (min_lat, outer[2 * k + 1]);
              max_lat = MAX (max_lat, outer[2 * k + 1]);
            }
          /* A global grid, so that pieces sharing an edge share points
           * fairly (ray casting is half-open). */
          for (double lat = floor (min_lat / step) * step + step / 2; lat < max_lat; lat += step)
            for (double lon = floor (min_lon / step) * step + step / 2; lon < max_lon; lon += step)
              {
                gboolean inside = in_ring (outer, n, lon, lat);
                double w = cos (lat * G_PI / 180.0);

                for (guint r = 1; inside && r < dm_geometry_get_n_rings (pieces, p); r++)
                  {
                    guint nh;
                    const double *hole = dm_geometry_get_ring (pieces, p, r, &nh);

                    inside = !in_ring (hole, nh, lon, lat);
                  }
                if (!inside)
                  continue;
                total += w;
                if (near_post (plan, lon, lat))
                  covered += w;
              }
        }
    }
  g_test_message ("coverage %.4f %%, grid %.4f %% (%u posts, %u stretches out of range, %.1f km)", 100 * plan->coverage,
                  100 * covered / total, plan->posts->len, plan->uncovered->len, plan->uncovered_m / 1000);
  g_assert_cmpfloat (plan->coverage, <, 0.99);
  g_assert_cmpfloat (plan->coverage, >, 0.5);
  g_assert_cmpfloat (fabs (plan->coverage - covered / total), <, 0.001);
  g_assert_cmpuint (plan->uncovered->len, >, 0);
  g_assert_cmpfloat (plan->covered_m2, ==, plan->coverage * plan->zone_area_m2);
}

/* Posts stand on the zone's edge, the side's width from the line, evenly
 * along it; observers are posts × crew; UNIIMOG's figure is beside. */
static void
test_posts (void)
{
  g_autoptr (DmMonitoringPlan) plan = plan_with (10000, 20000, 0);
  guint n_line;
  const double *xy = dm_geometry_get_ring (line (), 0, 0, &n_line);
  double length = dm_geodesy_path_length_m (xy, n_line);
  guint on_edge = 0;

  g_assert_cmpuint (plan->n_posts[0], ==, plan->n_posts[1]);
  g_assert_cmpuint (plan->n_posts[0], ==, (guint) floor (length / 20000 + 0.5));
  g_assert_cmpuint (plan->posts->len, ==, plan->n_posts[0] + plan->n_posts[1]);
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);
      double w = p->side == DM_SIDE_A ? dmz ()->rule->width_a_m : dmz ()->rule->width_b_m;
      double d = dm_geodesy_point_path_distance_m (p->lon, p->lat, xy, n_line, NULL, NULL);

      /* Square to the line at a bend the edge is nearer: most are on it. */
      on_edge += fabs (d - w) < 0.02 * w;
      g_assert_cmpfloat (d, <=, w * 1.001);
    }
  g_assert_cmpuint (on_edge, >, plan->posts->len * 3 / 4);
  g_assert_cmpfloat (plan->observers, ==, plan->posts->len * 8.0);
  g_assert_cmpfloat (fabs (plan->patrols_per_day - plan->observers * 64 / 400), <, 1e-9);
  g_assert_cmpfloat (fabs (plan->uniimog_observers - 400 * length / (900 * 1609.344)), <, 1e-6);
}

/* As few posts as keep a share in range: the share is kept, with fewer
 * posts than a spacing of the range would take. */
static void
test_target (void)
{
  g_autoptr (DmMonitoringPlan) dense = plan_with (5000, 5000, 0);
  g_autoptr (DmMonitoringPlan) plan = plan_with (5000, 0, 0.9);

  g_test_message ("90 %%: %u posts %.1f km apart, %.2f %% covered; at 5 km: %u posts, %.2f %%", plan->posts->len,
                  plan->spacing_m / 1000, 100 * plan->coverage, dense->posts->len, 100 * dense->coverage);
  g_assert_cmpfloat (plan->coverage, >=, 0.9);
  g_assert_cmpfloat (plan->coverage, <, 0.97);
  g_assert_cmpuint (plan->posts->len, <, dense->posts->len);
}

static void
test_bad_input (void)
{
  const struct {
    double range, spacing, target;
    guint crew;
    const char *says;
  } cases[] = {
    { 0, 10000, 0, 8, "range" },   { 600000, 10000, 0, 8, "range" }, { 10000, 0, 0, 8, "share" },
    { 10000, 0, 1.5, 8, "share" }, { 10000, 5, 0, 8, "10 m" },       { 10000, 10000, 0, 0, "crew" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DmMonitoringOptions options = { cases[i].range, cases[i].spacing, cases[i].target, cases[i].crew };
      g_autoptr (GError) error = NULL;

      g_assert_null (dm_monitoring_plan_new (line (), dmz ()->rule, dmz ()->zone, &options, &error));
      g_assert_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
  {
    DmMonitoringOptions options = DM_MONITORING_OPTIONS_INIT;
    g_autoptr (DmGeometry) square = dm_geometry_new_polygon ((double[]){ 36, 47, 37, 47, 37, 48 }, 3);
    g_autoptr (DmZoneRule) rule = dm_zone_rule_new_polygon ("Drawn", DM_ZONE_MONITORING, square);
    g_autoptr (GError) error = NULL;

    g_assert_null (dm_monitoring_plan_new (line (), rule, dmz ()->zone, &options, &error));
    g_assert_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE);
    g_assert_nonnull (strstr (error->message, "Drawn"));
  }
}

/* GeoJSON and KML: a point and a range circle for every post. */
static void
test_export (void)
{
  g_autoptr (DmMonitoringPlan) plan = plan_with (10000, 40000, 0);
  g_autofree char *dir = g_dir_make_tmp ("dm-monitoring-XXXXXX", NULL);
  const char *names[] = { "plan.geojson", "plan.kml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      guint n_posts = 0, n_circles = 0;

      g_assert_true (dm_export_monitoring_plan (sample, "DMZ", plan, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      for (const char *c = text; (c = strstr (c, "observation_post")) != NULL; c++)
        n_posts++;
      for (const char *c = text; (c = strstr (c, "sensor_range")) != NULL; c++)
        n_circles++;
      g_assert_cmpuint (n_posts, ==, plan->posts->len);
      g_assert_cmpuint (n_circles, ==, plan->posts->len);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
assert_same_plan (const DmMonitoringPlan *a, const DmMonitoringPlan *b)
{
  g_assert_cmpuint (a->posts->len, ==, b->posts->len);
  g_assert_cmpuint (a->n_posts[0], ==, b->n_posts[0]);
  g_assert_cmpuint (a->n_posts[1], ==, b->n_posts[1]);
  g_assert_cmpfloat (fabs (a->coverage - b->coverage), <, 1e-12);
  g_assert_cmpuint (a->uncovered->len, ==, b->uncovered->len);
  g_assert_cmpfloat (fabs (a->uncovered_m - b->uncovered_m), <, 1e-6);
  g_assert_cmpfloat (a->observers, ==, b->observers);
  for (guint i = 0; i < a->posts->len; i++)
    {
      const DmPost *p = &g_array_index (a->posts, DmPost, i), *q = &g_array_index (b->posts, DmPost, i);

      g_assert_cmpint (p->side, ==, q->side);
      g_assert_cmpuint (p->part, ==, q->part);
      g_assert_cmpfloat (fabs (p->along_m - q->along_m), <, 1e-6);
    }
}

/* Posts moved, removed and added: measuring only near them gives what
 * measuring everything afresh gives; a post's own range counts; a post
 * without a side takes the side it stands on. */
static void
test_posts_changed (void)
{
  g_autoptr (DmMonitoringPlan) plan = plan_with (10000, 20000, 0);
  g_autoptr (GArray) posts = g_array_copy (plan->posts);
  g_autoptr (DmMonitoringPlan) fresh = NULL;
  g_autoptr (DmMonitoringPlan) narrow = NULL;
  g_autoptr (GError) error = NULL;
  double before = plan->coverage;
  DmPost added = { 0, 0, DM_SIDE_NONE, 0, 0, 20000, 0 };

  g_assert_nonnull (plan->cache);
  /* A plan keeps what it needs of the line it was made for: made for a
   * copy that is then freed, it measures again all the same (under
   * AddressSanitizer a use after free fails here). */
  {
    g_autoptr (DmGeometry) copy = dm_geometry_copy (line ());
    DmMonitoringOptions options = plan->options;

    g_clear_pointer (&plan, dm_monitoring_plan_free);
    plan = dm_monitoring_plan_new (copy, dmz ()->rule, dmz ()->zone, &options, &error);
    g_assert_no_error (error);
  }
  before = plan->coverage;
  /* In the middle of a stretch out of range, on the line. */
  g_assert_cmpuint (plan->uncovered->len, >, 0);
  added.lon = g_array_index (plan->uncovered, DmUncoveredStretch, 0).lon;
  added.lat = g_array_index (plan->uncovered, DmUncoveredStretch, 0).lat + 1e-4;
  g_array_index (posts, DmPost, 3).lat += 0.05;
  g_array_remove_index (posts, 10);
  g_array_append_val (posts, added);
  g_assert_true (dm_monitoring_plan_is_for (plan, line (), dmz ()->rule, dmz ()->zone));
  g_assert_true (dm_monitoring_plan_set_posts (plan, line (), dmz ()->rule, dmz ()->zone, (const DmPost *) posts->data,
                                               posts->len, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (plan->coverage, !=, before);
  fresh = dm_monitoring_plan_new_for_posts (line (), dmz ()->rule, dmz ()->zone, &plan->options,
                                            (const DmPost *) posts->data, posts->len, &error);
  g_assert_no_error (error);
  assert_same_plan (plan, fresh);
  g_assert_cmpint (g_array_index (plan->posts, DmPost, plan->posts->len - 1).side, ==,
                   dm_sides_classify_point_on_line (line (), added.lon, added.lat));
  g_assert_cmpint (g_array_index (plan->posts, DmPost, plan->posts->len - 1).side, !=, DM_SIDE_NONE);

  /* The added post's 20 km against 1 km: less is covered. */
  g_array_index (posts, DmPost, posts->len - 1).range_m = 1000;
  narrow = dm_monitoring_plan_new_for_posts (line (), dmz ()->rule, dmz ()->zone, &plan->options,
                                             (const DmPost *) posts->data, posts->len, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (narrow->coverage, <, fresh->coverage);

  /* Unchanged posts: nothing measured again, the same figures; a copy
   * has no cells and measures all. */
  before = plan->coverage;
  g_assert_true (dm_monitoring_plan_set_posts (plan, line (), dmz ()->rule, dmz ()->zone,
                                               (const DmPost *) plan->posts->data, plan->posts->len, &error));
  g_assert_cmpfloat (plan->coverage, ==, before);
  {
    g_autoptr (DmMonitoringPlan) copy = dm_monitoring_plan_copy (plan);

    g_assert_null (copy->cache);
    g_assert_false (dm_monitoring_plan_is_for (copy, line (), dmz ()->rule, dmz ()->zone));
    g_assert_true (dm_monitoring_plan_set_posts (copy, line (), dmz ()->rule, dmz ()->zone,
                                                 (const DmPost *) plan->posts->data, plan->posts->len, &error));
    assert_same_plan (copy, plan);
  }
}

/* Placed posts are the document's observation posts: one undo step,
 * kept by the project file and by the GeoJSON export (whose import gives
 * them back), and the plan of the document's posts is the placed plan. */
static void
test_document_posts (void)
{
  g_autoptr (DmMonitoringPlan) plan = plan_with (8000, 25000, 0);
  g_autoptr (GArray) posts = NULL;
  g_autoptr (DmMonitoringPlan) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dm-posts-XXXXXX", NULL);
  g_autofree char *gpkg = g_build_filename (dir, "posts.demarcate", NULL);
  g_autofree char *geojson = g_build_filename (dir, "posts.geojson", NULL);
  guint depth = dm_document_get_undo_depth (sample);

  dm_monitoring_place_posts (sample, plan);
  g_assert_cmpuint (dm_document_get_undo_depth (sample), ==, depth + 1);
  g_assert_cmpstr (dm_document_get_undo_label (sample), ==, "Place observation posts");
  posts = dm_monitoring_document_posts (sample);
  g_assert_cmpuint (posts->len, ==, plan->posts->len);
  for (guint i = 0; i < posts->len; i++)
    {
      const DmPost *p = &g_array_index (posts, DmPost, i), *q = &g_array_index (plan->posts, DmPost, i);

      g_assert_cmpfloat (p->lon, ==, q->lon);
      g_assert_cmpfloat (p->lat, ==, q->lat);
      g_assert_cmpint (p->side, ==, q->side);
      g_assert_cmpfloat (p->range_m, ==, 8000);
      g_assert_cmpuint (p->feature_id, !=, 0);
    }
  again = dm_monitoring_plan_new_for_posts (line (), dmz ()->rule, dmz ()->zone, &plan->options,
                                            (const DmPost *) posts->data, posts->len, &error);
  g_assert_no_error (error);
  assert_same_plan (again, plan);

  /* Saved and opened; exported and imported. */
  g_assert_true (dm_project_save_proposal (sample, NULL, NULL, 0, gpkg, &error));
  g_assert_no_error (error);
  g_assert_true (dm_export_document (sample, NULL, 0, geojson, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (DmDocument) opened = k == 0 ? dm_project_load (gpkg, NULL, NULL, NULL, &error)
                                             : dm_scenario_load (geojson, NULL, &error);
      g_autoptr (GArray) back = NULL;

      g_assert_no_error (error);
      back = dm_monitoring_document_posts (opened);
      g_assert_cmpuint (back->len, ==, posts->len);
      for (guint i = 0; i < back->len; i++)
        {
          const DmPost *p = &g_array_index (back, DmPost, i), *q = &g_array_index (posts, DmPost, i);

          g_assert_cmpfloat (fabs (p->lon - q->lon), <, 1e-7);
          g_assert_cmpfloat (fabs (p->lat - q->lat), <, 1e-7);
          g_assert_cmpint (p->side, ==, q->side);
          g_assert_cmpfloat (p->range_m, ==, q->range_m);
        }
      /* The export's ranges are figures, not features. */
      g_assert_cmpuint (dm_document_get_n_reference_layers (opened), ==, 0);
    }

  /* Undone, the document has none again; placed again, the old go. */
  dm_document_undo (sample);
  g_clear_pointer (&posts, g_array_unref);
  posts = dm_monitoring_document_posts (sample);
  g_assert_cmpuint (posts->len, ==, 0);
  dm_document_redo (sample);
  dm_monitoring_place_posts (sample, plan);
  g_clear_pointer (&posts, g_array_unref);
  posts = dm_monitoring_document_posts (sample);
  g_assert_cmpuint (posts->len, ==, plan->posts->len);
  dm_document_undo (sample);
  dm_document_undo (sample);
  g_assert_cmpuint (dm_document_get_undo_depth (sample), ==, depth);

  g_unlink (gpkg);
  g_unlink (geojson);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmEngine) engine = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "contact-line.geojson", NULL);
  sample = dm_scenario_load (path, NULL, &error);
  g_assert_no_error (error);
  engine = dm_engine_new (sample);
  results = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/monitoring/coverage/against-grid", test_coverage_against_grid);
  g_test_add_func ("/monitoring/posts", test_posts);
  g_test_add_func ("/monitoring/target", test_target);
  g_test_add_func ("/monitoring/bad-input", test_bad_input);
  g_test_add_func ("/monitoring/export", test_export);
  g_test_add_func ("/monitoring/posts-changed", test_posts_changed);
  g_test_add_func ("/monitoring/document-posts", test_document_posts);
  ret = g_test_run ();
  dm_results_unref (results);
  g_object_unref (sample);
  return ret;
}
