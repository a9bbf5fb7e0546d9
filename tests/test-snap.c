/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-basemap.h"
#include "dm-geodesy.h"

static DmBasemap *
basemap (void)
{
  g_autoptr(GError) error = NULL;
  DmBasemap *map = dm_basemap_get_default (&error);

  g_assert_no_error (error);
  return map;
}

/* Shortest distance (m) from a point to any part of a multilinestring. */
static double
distance_to_lines_m (const DmGeometry *lines,
                     double            lon,
                     double            lat)
{
  double best = G_MAXDOUBLE;

  for (guint p = 0; p < dm_geometry_get_n_parts (lines); p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (lines, p, 0, &n);

      best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, xy, n, NULL, NULL));
    }
  return best;
}

static void
test_linework_kinds (void)
{
  g_autoptr(DmBasemap) map = basemap ();
  const DmGeometry *border = dm_basemap_get_linework (map, DM_LINEWORK_BORDER);
  const DmGeometry *admin1 = dm_basemap_get_linework (map, DM_LINEWORK_ADMIN1);
  const DmGeometry *river = dm_basemap_get_linework (map, DM_LINEWORK_RIVER);
  const DmGeometry *coast = dm_basemap_get_linework (map, DM_LINEWORK_COAST);
  const DmGeometry *shore = dm_basemap_get_linework (map, DM_LINEWORK_SHORE);
  double border_km = dm_geodesy_geometry_length_m (border) / 1000;

  for (guint k = 0; k < DM_N_LINEWORK_KINDS; k++)
    {
      const DmGeometry *g = dm_basemap_get_linework (map, k);

      g_assert_true (dm_geometry_get_geometry_type (g) == DM_GEOMETRY_MULTILINESTRING);
      g_assert_true (dm_geometry_coords_in_range (g));
      /* Loaded once: the same pointer every time. */
      g_assert_true (g == dm_basemap_get_linework (map, k));
      g_test_message ("%s: %u parts, %u vertices", dm_linework_kind_to_string (k),
                      dm_geometry_get_n_parts (g), dm_geometry_get_n_points (g));
    }
  g_assert_true (dm_geometry_equal (coast, dm_basemap_get_coastline (map)));
  /* Land borders only: the basemap (19–51°E, 39–61°N) holds some 18,000
   * km of them; not the coast, which is six times as many vertices. */
  g_assert_cmpfloat (border_km, >, 10000);
  g_assert_cmpfloat (border_km, <, 30000);
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (admin1) / 1000, >, border_km);

  /* The Ukraine–Poland border runs through Ustyluh (24.15°E 50.86°N) on
   * the Bug; the oblast boundary between Kharkiv and Donetsk oblasts
   * passes near Sviatohirsk (37.57°E 49.03°N). */
  g_assert_cmpfloat (distance_to_lines_m (border, 24.15, 50.86), <, 3000);
  g_assert_cmpfloat (distance_to_lines_m (admin1, 37.57, 49.03), <, 10000);
  /* Kyiv sits on the Dnieper. */
  g_assert_cmpfloat (distance_to_lines_m (river, 30.56, 50.45), <, 3000);
  /* The lower Dnipro (Zaporizhzhia to Kherson) is no river line in the
   * basemap: it is the Kakhovka reservoir's shore, a lake polygon. */
  g_assert_cmpfloat (distance_to_lines_m (river, 35.1, 47.8), >, 20000);
  g_assert_cmpfloat (distance_to_lines_m (shore, 35.1, 47.8), <, 2000);
  /* An international border is not an admin-1 boundary too. */
  g_assert_cmpfloat (distance_to_lines_m (admin1, 24.15, 50.86), >, 1000);
}

static gpointer
linework_thread (gpointer data)
{
  DmBasemap *map = data;

  return (gpointer) dm_basemap_get_linework (map, DM_LINEWORK_RIVER);
}

static void
test_linework_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DmBasemap) map = dm_basemap_open (dm_basemap_default_path (), &error);
  GThread *threads[4];
  gconstpointer first = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("linework", linework_thread, map);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      gconstpointer g = g_thread_join (threads[i]);

      g_assert_nonnull (g);
      if (first == NULL)
        first = g;
      g_assert_true (g == first);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snap/linework/kinds", test_linework_kinds);
  g_test_add_func ("/snap/linework/threads", test_linework_threads);
  return g_test_run ();
}
