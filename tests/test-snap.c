/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-basemap.h"
#include "dm-geodesy.h"
#include "dm-snap.h"

static DmBasemap *
basemap (void)
{
  g_autoptr (GError) error = NULL;
  DmBasemap *map = dm_basemap_get_default (&error);

  g_assert_no_error (error);
  return map;
}

/* Whether a part's box comes within @margin degrees of a point. */
static gboolean
part_near (const double *xy, guint n, double lon, double lat, double margin)
{
  double w = G_MAXDOUBLE, e = -G_MAXDOUBLE, s = G_MAXDOUBLE, nn = -G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      w = MIN (w, xy[2 * i]);
      e = MAX (e, xy[2 * i]);
      s = MIN (s, xy[2 * i + 1]);
      nn = MAX (nn, xy[2 * i + 1]);
    }
  return lon >= w - margin && lon <= e + margin && lat >= s - margin && lat <= nn + margin;
}

/* Shortest distance (m) from a point to any part of a multilinestring,
 * up to some 50 km (parts whose box is half a degree away are skipped: a
 * world of linework). */
static double
distance_to_lines_m (const DmGeometry *lines, double lon, double lat)
{
  double best = G_MAXDOUBLE;

  for (guint p = 0; p < dm_geometry_get_n_parts (lines); p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (lines, p, 0, &n);

      if (part_near (xy, n, lon, lat, 0.5))
        best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, xy, n, NULL, NULL));
    }
  return best;
}

static void
test_linework_kinds (void)
{
  g_autoptr (DmBasemap) map = basemap ();
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
      g_test_message ("%s: %u parts, %u vertices", dm_linework_kind_to_string (k), dm_geometry_get_n_parts (g),
                      dm_geometry_get_n_points (g));
    }
  g_assert_true (dm_geometry_equal (coast, dm_basemap_get_coastline (map)));
  /* Land borders only: the world's, some 251,000 km by the CIA World
   * Factbook's count (231,000 in the basemap, simplified); not the coast,
   * which is several times as many vertices. */
  g_assert_cmpfloat (border_km, >, 200000);
  g_assert_cmpfloat (border_km, <, 300000);
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
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) map = dm_basemap_open (dm_basemap_default_path (), &error);
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

/* ---- Snapping ------------------------------------------------------- */

static void
test_query_basics (void)
{
  static const double line_xy[] = { 33.0, 47.0, 33.1, 47.0, 33.2, 47.05 };
  static const double swap_xy[] = { 34.0, 47.0, 34.1, 47.0, 34.1, 47.1, 34.0, 47.1 };
  g_autoptr (DmSnapIndex) index = dm_snap_index_new ();
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (line_xy, 3);
  g_autoptr (DmGeometry) swap = dm_geometry_new_polygon (swap_xy, 4);
  g_autoptr (DmGeometry) point = dm_geometry_new_point (35, 48);
  DmSnapResult r;

  dm_snap_index_set_feature (index, 7, line);
  dm_snap_index_set_feature (index, 8, swap);
  dm_snap_index_set_feature (index, 9, point);

  /* A vertex within the tolerance wins over a nearer segment. */
  g_assert_true (dm_snap_index_query (index, 33.095, 47.004, 0.01, 0.01, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpint (r.source, ==, DM_SNAP_SOURCE_FEATURE);
  g_assert_cmpuint (r.feature_id, ==, 7);
  g_assert_cmpint (r.type, ==, DM_SNAP_VERTEX);
  g_assert_cmpuint (r.index, ==, 1);
  g_assert_cmpfloat (r.lon, ==, 33.1);
  g_assert_cmpfloat (r.lat, ==, 47.0);
  /* Without vertices: the foot on the segment. */
  g_assert_true (dm_snap_index_query (index, 33.095, 47.004, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpint (r.type, ==, DM_SNAP_SEGMENT);
  g_assert_cmpuint (r.index, ==, 0);
  g_assert_cmpfloat_with_epsilon (r.lon, 33.095, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.lat, 47.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.fraction, 0.95, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.distance, 0.4, 1e-9);
  /* Far from vertices: the segment. */
  g_assert_true (dm_snap_index_query (index, 33.05, 47.004, 0.01, 0.01, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpint (r.type, ==, DM_SNAP_SEGMENT);
  /* The tolerance is an ellipse: 0.004° north is outside 0.003°. */
  g_assert_false (dm_snap_index_query (index, 33.05, 47.004, 0.01, 0.003, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r));
  /* A polygon's closing edge (last vertex back to the first). */
  g_assert_true (dm_snap_index_query (index, 33.998, 47.05, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpuint (r.feature_id, ==, 8);
  g_assert_cmpuint (r.index, ==, 3);
  g_assert_cmpfloat_with_epsilon (r.lon, 34.0, 1e-12);
  /* A lone point snaps as a vertex. */
  g_assert_true (dm_snap_index_query (index, 35.001, 48.001, 0.01, 0.01, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpuint (r.feature_id, ==, 9);
  g_assert_cmpint (r.type, ==, DM_SNAP_VERTEX);

  /* The vertex being dragged, and its two segments, are left out... */
  g_assert_true (dm_snap_index_query (index, 33.1, 47.0, 0.01, 0.01, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 7, 1, &r) ==
                 FALSE);
  /* ...but its neighbours are not. */
  g_assert_true (dm_snap_index_query (index, 33.099, 47.0, 0.2, 0.2, DM_SNAP_VERTEX, 7, 1, &r));
  g_assert_cmpuint (r.index, ==, 0);
  g_assert_false (dm_snap_index_query (index, 33.099, 47.0, 0.05, 0.05, DM_SNAP_VERTEX, 7, -1, &r));

  /* Replacing a feature's geometry drops the old one from the index. */
  {
    static const double moved_xy[] = { 36.0, 49.0, 36.1, 49.0 };
    g_autoptr (DmGeometry) moved = dm_geometry_new_linestring (moved_xy, 2);
    guint before = dm_snap_index_get_n_segments (index);

    dm_snap_index_set_feature (index, 7, moved);
    g_assert_false (dm_snap_index_query (index, 33.1, 47.0, 0.01, 0.01, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r));
    g_assert_true (dm_snap_index_query (index, 36.05, 49.0, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &r));
    g_assert_cmpuint (r.feature_id, ==, 7);
    g_assert_cmpuint (dm_snap_index_get_n_segments (index), <, before);
    dm_snap_index_remove_feature (index, 7);
    g_assert_false (dm_snap_index_query (index, 36.05, 49.0, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &r));
    dm_snap_index_remove_feature (index, 8);
    dm_snap_index_remove_feature (index, 9);
    g_assert_cmpuint (dm_snap_index_get_n_segments (index), ==, 0);
  }
}

/* The nearest point of every segment, by brute force, in the same
 * tolerance units; the index must find the same distance. */
static gboolean
brute_force (GPtrArray *geometries,
             double lon,
             double lat,
             double tol_lon,
             double tol_lat,
             DmSnapFlags flags,
             double *best)
{
  *best = G_MAXDOUBLE;
  for (guint g = 0; g < geometries->len; g++)
    {
      const DmGeometry *geometry = g_ptr_array_index (geometries, g);

      for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
        for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
          {
            guint n;
            const double *xy = dm_geometry_get_ring (geometry, p, r, &n);

            for (guint i = 0; i < n; i++)
              {
                double ax = (xy[2 * i] - lon) / tol_lon, ay = (xy[2 * i + 1] - lat) / tol_lat;

                if (flags == DM_SNAP_VERTEX)
                  *best = MIN (*best, sqrt (ax * ax + ay * ay));
                else if (i + 1 < n)
                  {
                    double bx = (xy[2 * i + 2] - lon) / tol_lon, by = (xy[2 * i + 3] - lat) / tol_lat;
                    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                    double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;

                    *best = MIN (*best, hypot (ax + t * dx, ay + t * dy));
                  }
              }
          }
    }
  return *best <= 1.0;
}

static double
tolerance_lon_deg (double pixels, double zoom)
{
  return pixels * 360.0 / (256.0 * pow (2.0, zoom));
}

static void
test_query_basemap (void)
{
  g_autoptr (DmBasemap) map = basemap ();
  g_autoptr (DmSnapIndex) index = NULL;
  g_autoptr (GPtrArray) geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  static const double zooms[] = { 6, 8, 10, 13 };
  gint64 start;
  double build_ms;
  guint n_vertices = 0;

  /* Linework is read before the clock starts: the index alone.  The
   * search of every segment below looks at the parts near the queries
   * (22–40° E, 44.5–52.5° N): the world's would take minutes. */
  for (guint k = 0; k < DM_N_LINEWORK_KINDS; k++)
    {
      const DmGeometry *all = dm_basemap_get_linework (map, k);
      DmGeometry *near = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);

      for (guint p = 0; p < dm_geometry_get_n_parts (all); p++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (all, p, 0, &n);

          if (part_near (xy, n, 31, 48.5, 9.5))
            {
              dm_geometry_begin_part (near);
              dm_geometry_add_ring (near, xy, n);
            }
        }
      g_ptr_array_add (geometries, near);
      n_vertices += dm_geometry_get_n_points (all);
    }
  start = g_get_monotonic_time ();
  index = dm_snap_index_new ();
  for (guint k = 0; k < DM_N_LINEWORK_KINDS; k++)
    dm_snap_index_add_linework (index, map, k);
  build_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("index of all basemap linework: %u vertices, %u cell entries, built in %.1f ms", n_vertices,
                  dm_snap_index_get_n_segments (index), build_ms);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      const guint n_queries = 20000;
      double tol_lon, tol_lat, worst_us = 0, lat0 = 48.5;
      guint hits = 0;
      gint64 total = 0;

      tol_lon = tolerance_lon_deg (10, zooms[z]);
      tol_lat = tol_lon * cos (lat0 * G_PI / 180);
      for (guint q = 0; q < n_queries; q++)
        {
          /* Over Ukraine and its neighbours, where the linework is dense. */
          double lon = g_rand_double_range (rand, 22, 40), lat = g_rand_double_range (rand, 44.5, 52.5);
          DmSnapResult r;
          gint64 t0 = g_get_monotonic_time (), dt;

          hits += dm_snap_index_query (index, lon, lat, tol_lon, tol_lat, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &r);
          dt = g_get_monotonic_time () - t0;
          total += dt;
          worst_us = MAX (worst_us, dt);
        }
      g_test_message ("zoom %g, 10 px (%.4f° × %.4f°): %u queries, %u hits, mean %.2f µs, worst %.0f µs", zooms[z],
                      tol_lon, tol_lat, n_queries, hits, (double) total / n_queries, worst_us);
      /* The GUI queries on every pointer motion: far under a millisecond
       * (a generous bound, so that sanitizer builds pass too). */
      g_assert_cmpfloat ((double) total / n_queries, <, 1000);
    }

  /* The index finds what a search of every segment finds. */
  for (guint q = 0; q < 300; q++)
    {
      double lon = g_rand_double_range (rand, 22, 40), lat = g_rand_double_range (rand, 44.5, 52.5);
      double tol_lon = tolerance_lon_deg (12, 9), tol_lat = tol_lon * cos (lat * G_PI / 180);
      double best;
      DmSnapResult r;

      for (guint f = DM_SNAP_VERTEX; f <= DM_SNAP_SEGMENT; f <<= 1)
        {
          gboolean expected = brute_force (geometries, lon, lat, tol_lon, tol_lat, f, &best);

          g_assert_cmpint (dm_snap_index_query (index, lon, lat, tol_lon, tol_lat, f, 0, -1, &r), ==, expected);
          if (expected)
            {
              g_assert_cmpfloat_with_epsilon (r.distance, best, 1e-9);
              g_assert_cmpint (r.source, ==, DM_SNAP_SOURCE_BASEMAP);
            }
        }
    }
}

static void
test_query_document (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmSnapIndex) index = dm_snap_index_new ();
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  static const double ref_xy[] = { 30.0, 50.0, 30.2, 50.0 };
  guint id, ref_id;
  DmSnapResult r;
  gint64 start;

  /* A 30,000-vertex contact line. */
  for (guint i = 0; i < 30000; i++)
    {
      double v[2] = { 33.0 + 5.0 * i / 30000, 46.5 + 3.0 * i / 30000 + 0.01 * sin (i / 10.0) };

      g_array_append_vals (xy, v, 2);
    }
  id =
    dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "Line",
                                                  dm_geometry_new_linestring ((double *) (gpointer) xy->data, 30000)));
  g_ptr_array_add (references, dm_feature_new (DM_ROLE_REFERENCE, "Ref", dm_geometry_new_linestring (ref_xy, 2)));
  dm_document_add_reference_layer (doc, "Reference", "ref.geojson", g_steal_pointer (&references));
  ref_id = dm_feature_get_id (g_ptr_array_index (dm_document_get_reference_layer_features (doc, 0), 0));
  dm_snap_index_add_document (index, doc);

  g_assert_true (dm_snap_index_query (index, 30.1, 50.001, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &r));
  g_assert_cmpuint (r.feature_id, ==, ref_id);

  dm_document_move_vertex (doc, id, 15000, 35.5, 48.2);
  /* Updating one long feature after an edit (what the GUI does when a
   * drag ends). */
  start = g_get_monotonic_time ();
  dm_snap_index_set_feature (index, id, dm_feature_get_geometry (dm_document_lookup_feature (doc, id)));
  g_test_message ("re-indexing a 30,000-vertex line: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (dm_snap_index_query (index, 35.5001, 48.2001, 0.001, 0.001, DM_SNAP_VERTEX, 0, -1, &r));
  g_assert_cmpuint (r.feature_id, ==, id);
  g_assert_cmpuint (r.index, ==, 15000);
}

/* ---- Tracing --------------------------------------------------------- */

static void
test_trace_river (void)
{
  g_autoptr (DmBasemap) map = basemap ();
  g_autoptr (DmSnapIndex) index = dm_snap_index_new ();
  g_autoptr (DmGeometry) path = NULL;
  g_autoptr (DmGeometry) back = NULL;
  g_autoptr (GError) error = NULL;
  const DmGeometry *rivers = dm_basemap_get_linework (map, DM_LINEWORK_RIVER);
  DmSnapResult kyiv, kaniv;
  const double *river_xy, *xy;
  guint n_river, n, offset;
  double length_m, straight_m, along_m;

  dm_snap_index_add_linework (index, map, DM_LINEWORK_RIVER);
  /* The Dnieper at Kyiv and at Kaniv, clicked a little off the line. */
  g_assert_true (
    dm_snap_index_query (index, 30.585, 50.365, 0.02, 0.013, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &kyiv));
  g_assert_true (
    dm_snap_index_query (index, 31.47, 49.78, 0.03, 0.02, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &kaniv));
  g_assert_cmpint (kyiv.kind, ==, DM_LINEWORK_RIVER);
  g_assert_cmpuint (kyiv.part, ==, kaniv.part);

  path = dm_snap_trace (index, &kyiv, &kaniv, &error);
  g_assert_no_error (error);
  xy = dm_geometry_get_ring (path, 0, 0, &n);
  river_xy = dm_geometry_get_ring (rivers, kyiv.part, 0, &n_river);
  /* It starts and ends at the snapped points... */
  g_assert_cmpfloat (xy[0], ==, kyiv.lon);
  g_assert_cmpfloat (xy[1], ==, kyiv.lat);
  g_assert_cmpfloat (xy[2 * n - 2], ==, kaniv.lon);
  g_assert_cmpfloat (xy[2 * n - 1], ==, kaniv.lat);
  /* ...and stays on the river: every vertex on its line. */
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (dm_geodesy_point_path_distance_m (xy[2 * i], xy[2 * i + 1], river_xy, n_river, NULL, NULL), <,
                       0.5);
  length_m = dm_geodesy_path_length_m (xy, n);
  straight_m = dm_geodesy_distance_m (kyiv.lon, kyiv.lat, kaniv.lon, kaniv.lat);
  /* Snap indices count over the whole linework; the part's own from its
   * offset. */
  offset = dm_geometry_get_ring_offset (rivers, kyiv.part, 0);
  along_m = fabs (dm_geodesy_path_length_m (river_xy, kaniv.index - offset + 1) -
                  dm_geodesy_path_length_m (river_xy, kyiv.index - offset + 1));
  g_test_message ("Dnieper Kyiv–Kaniv: %u vertices, %.1f km along the river, %.1f km straight", n, length_m / 1000,
                  straight_m / 1000);
  /* Longer than the crow flies, not absurdly so, and what the river's
   * own vertices measure between the two points (within a segment). */
  g_assert_cmpfloat (length_m, >, straight_m);
  g_assert_cmpfloat (length_m, <, 1.6 * straight_m);
  g_assert_cmpfloat (straight_m, >, 80000);
  g_assert_cmpfloat (fabs (length_m - along_m), <, 5000);

  /* The other way: the same path reversed. */
  back = dm_snap_trace (index, &kaniv, &kyiv, &error);
  g_assert_no_error (error);
  dm_geometry_reverse (back);
  g_assert_true (dm_geometry_equal (back, path));
}

/* Along the Dnieper from Belarus to Kaniv: the basemap's river stops at
 * each part's end a few dozen metres short of the next and at the Kyiv
 * reservoir, whose shore carries the trace on to where the river leaves
 * it. */
static void
test_trace_across_lines (void)
{
  g_autoptr (DmBasemap) map = basemap ();
  g_autoptr (DmSnapIndex) index = dm_snap_index_new ();
  g_autoptr (DmGeometry) path = NULL;
  g_autoptr (GError) error = NULL;
  const DmGeometry *rivers = dm_basemap_get_linework (map, DM_LINEWORK_RIVER);
  const DmGeometry *shores = dm_basemap_get_linework (map, DM_LINEWORK_SHORE);
  DmSnapResult north, kaniv;
  const double *xy;
  guint n, on_shore = 0;
  double length_m, straight_m, worst = 0, trace_ms;
  gint64 start;

  dm_snap_index_add_linework (index, map, DM_LINEWORK_RIVER);
  dm_snap_index_add_linework (index, map, DM_LINEWORK_SHORE);
  /* Near Liubech, north of the reservoir, and at Kaniv. */
  g_assert_true (dm_snap_index_query (index, 30.62, 51.55, 0.1, 0.07, DM_SNAP_SEGMENT, 0, -1, &north));
  g_assert_true (
    dm_snap_index_query (index, 31.47, 49.78, 0.03, 0.02, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &kaniv));
  g_assert_cmpint (north.kind, ==, DM_LINEWORK_RIVER);
  g_assert_cmpuint (north.part, !=, kaniv.part);

  start = g_get_monotonic_time ();
  path = dm_snap_trace (index, &north, &kaniv, &error);
  trace_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  xy = dm_geometry_get_ring (path, 0, 0, &n);
  g_assert_cmpfloat (xy[0], ==, north.lon);
  g_assert_cmpfloat (xy[1], ==, north.lat);
  g_assert_cmpfloat (xy[2 * n - 2], ==, kaniv.lon);
  g_assert_cmpfloat (xy[2 * n - 1], ==, kaniv.lat);
  /* Every vertex on the river or the reservoir's shore (a join's end is
   * a point on a segment, a metre or so off the geodesic), and some on
   * the shore: the river alone does not get there. */
  for (guint i = 0; i < n; i++)
    {
      double d[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
      const DmGeometry *kinds[2] = { rivers, shores };

      for (guint k = 0; k < 2; k++)
        for (guint p = 0; p < dm_geometry_get_n_parts (kinds[k]); p++)
          for (guint r = 0; r < dm_geometry_get_n_rings (kinds[k], p); r++)
            {
              guint m;
              const double *line = dm_geometry_get_ring (kinds[k], p, r, &m);
              gboolean near = FALSE;

              /* Only lines with a vertex within 0.2° (rivers' segments are short). */
              for (guint j = 0; j < m && !near; j++)
                near = fabs (line[2 * j] - xy[2 * i]) < 0.2 && fabs (line[2 * j + 1] - xy[2 * i + 1]) < 0.2;
              if (near)
                d[k] = MIN (d[k], dm_geodesy_point_path_distance_m (xy[2 * i], xy[2 * i + 1], line, m, NULL, NULL));
            }
      worst = MAX (worst, MIN (d[0], d[1]));
      on_shore += d[0] > 5 && d[1] < 5;
    }
  length_m = dm_geodesy_path_length_m (xy, n);
  straight_m = dm_geodesy_distance_m (north.lon, north.lat, kaniv.lon, kaniv.lat);
  g_test_message ("Dnieper Liubech–Kaniv: %u vertices (%u on the reservoir's shore), %.1f km traced, "
                  "%.1f km straight, farthest vertex %.0f m off the lines, %.1f ms",
                  n, on_shore, length_m / 1000, straight_m / 1000, worst, trace_ms);
  g_assert_cmpfloat (worst, <, 5);
  g_assert_cmpuint (on_shore, >, 10);
  g_assert_cmpfloat (length_m, >, straight_m);
  g_assert_cmpfloat (length_m, <, 1.6 * straight_m);
}

static void
test_trace_ring_and_errors (void)
{
  /* A square whose vertex 0 is at the south-west corner. */
  static const double square[] = { 34.0, 47.0, 34.1, 47.0, 34.1, 47.1, 34.0, 47.1 };
  static const double line_xy[] = { 36.0, 47.0, 36.1, 47.0 };
  g_autoptr (DmSnapIndex) index = dm_snap_index_new ();
  g_autoptr (DmGeometry) polygon = dm_geometry_new_polygon (square, 4);
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (line_xy, 2);
  g_autoptr (DmGeometry) path = NULL;
  g_autoptr (GError) error = NULL;
  DmSnapResult a, b, c, none = { 0 };
  guint n;
  const double *xy;

  dm_snap_index_set_feature (index, 1, polygon);
  dm_snap_index_set_feature (index, 2, line);
  /* On the west edge (the closing one) and on the south edge near the
   * south-east corner: the short way passes vertex 0 only. */
  g_assert_true (dm_snap_index_query (index, 34.0, 47.05, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &a));
  g_assert_true (dm_snap_index_query (index, 34.08, 47.0, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &b));
  path = dm_snap_trace (index, &a, &b, &error);
  g_assert_no_error (error);
  xy = dm_geometry_get_ring (path, 0, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (xy[2], ==, 34.0);
  g_assert_cmpfloat (xy[3], ==, 47.0);
  g_assert_cmpfloat_with_epsilon (xy[4], 34.08, 1e-12);
  g_clear_pointer (&path, dm_geometry_free);
  /* From the north-east corner to the same point: round by the east. */
  g_assert_true (dm_snap_index_query (index, 34.1, 47.1, 0.01, 0.01, DM_SNAP_VERTEX, 0, -1, &c));
  path = dm_snap_trace (index, &c, &b, &error);
  g_assert_no_error (error);
  xy = dm_geometry_get_ring (path, 0, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (xy[2], ==, 34.1);
  g_assert_cmpfloat (xy[3], ==, 47.0);

  /* Errors a user can reach. */
  g_assert_true (dm_snap_index_query (index, 36.05, 47.0, 0.01, 0.01, DM_SNAP_SEGMENT, 0, -1, &c));
  g_assert_null (dm_snap_trace (index, &a, &c, &error));
  g_assert_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_DIFFERENT_LINES);
  g_clear_error (&error);
  g_assert_null (dm_snap_trace (index, &a, &a, &error));
  g_assert_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_SAME_POINT);
  g_clear_error (&error);
  g_assert_null (dm_snap_trace (index, &none, &a, &error));
  g_assert_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED);
  g_clear_error (&error);
  /* A feature removed since the snap cannot be traced. */
  dm_snap_index_remove_feature (index, 2);
  g_assert_null (dm_snap_trace (index, &c, &c, &error));
  g_assert_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snap/linework/kinds", test_linework_kinds);
  g_test_add_func ("/snap/linework/threads", test_linework_threads);
  g_test_add_func ("/snap/query/basics", test_query_basics);
  g_test_add_func ("/snap/query/basemap", test_query_basemap);
  g_test_add_func ("/snap/query/document", test_query_document);
  g_test_add_func ("/snap/trace/river", test_trace_river);
  g_test_add_func ("/snap/trace/across-lines", test_trace_across_lines);
  g_test_add_func ("/snap/trace/ring-and-errors", test_trace_ring_and_errors);
  return g_test_run ();
}
