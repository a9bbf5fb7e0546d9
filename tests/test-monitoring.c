/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dm-engine.h"
#include "dm-export.h"
#include "dm-geodesy.h"
#include "dm-monitoring.h"
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
  ret = g_test_run ();
  dm_results_unref (results);
  g_object_unref (sample);
  return ret;
}
