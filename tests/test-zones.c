/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-bench.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-proj.h"
#include "dm-units.h"
#include "dm-zone-presets.h"
#include "dm-zones.h"

/* The policy paper's DMZ: 2.5 mi each side. */
#define DMZ_M (2.5 * DM_METRES_PER_MILE)

/* Rings of a result, with their sides and boxes, for point-in-zone tests. */
typedef struct {
  GArray *xy;
  GArray *rings; /* guint offset, guint n, int side */
  GArray *boxes; /* double x0, y0, x1, y1 */
} Rings;

typedef struct {
  Rings *rings;
  int side;
} Collect;

static void
collect_ring (const double *xy, guint n, gboolean is_hole, gpointer user_data)
{
  Collect *c = user_data;
  guint meta[3] = { c->rings->xy->len / 2, n, (guint) c->side };
  double box[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };

  for (guint i = 0; i < n; i++)
    {
      box[0] = MIN (box[0], xy[2 * i]);
      box[1] = MIN (box[1], xy[2 * i + 1]);
      box[2] = MAX (box[2], xy[2 * i]);
      box[3] = MAX (box[3], xy[2 * i + 1]);
    }
  g_array_append_vals (c->rings->xy, xy, 2 * n);
  g_array_append_vals (c->rings->rings, meta, 3);
  g_array_append_vals (c->rings->boxes, box, 4);
}

static Rings *
rings_new (DmZoneResult *result)
{
  Rings *r = g_new0 (Rings, 1);

  r->xy = g_array_new (FALSE, FALSE, sizeof (double));
  r->rings = g_array_new (FALSE, FALSE, sizeof (guint));
  r->boxes = g_array_new (FALSE, FALSE, sizeof (double));
  for (int side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      Collect c = { r, side };

      dm_zone_result_foreach_ring (result, side, collect_ring, &c);
    }
  return r;
}

static void
rings_free (Rings *r)
{
  g_array_unref (r->xy);
  g_array_unref (r->rings);
  g_array_unref (r->boxes);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rings, rings_free)

/* Winding number of the point over the side's rings (exteriors CCW,
 * holes CW, so nonzero means inside). */
static int
rings_winding (Rings *r, DmSide side, double x, double y)
{
  int wn = 0;

  for (guint k = 0; k < r->rings->len / 3; k++)
    {
      guint off = g_array_index (r->rings, guint, 3 * k);
      guint n = g_array_index (r->rings, guint, 3 * k + 1);
      DmSide s = g_array_index (r->rings, guint, 3 * k + 2);
      const double *box = &g_array_index (r->boxes, double, 4 * k);
      const double *xy = &g_array_index (r->xy, double, 2 * off);

      if ((side != DM_SIDE_NONE && s != side) || x < box[0] || x > box[2] || y < box[1] || y > box[3])
        continue;
      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double x0 = xy[2 * j], y0 = xy[2 * j + 1], x1 = xy[2 * i], y1 = xy[2 * i + 1];
          double cross = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0);

          if (y0 <= y && y1 > y && cross > 0)
            wn++;
          else if (y0 > y && y1 <= y && cross < 0)
            wn--;
        }
    }
  return wn;
}

/* GeographicLib distance from a point to the line, looking only at the
 * stretches a cheap planar test says can be nearest. */
static double
planar_segment_distance (const double *a, const double *b, double lon, double lat, double kx)
{
  double ax = (a[0] - lon) * kx, ay = (a[1] - lat) * 111320.0;
  double ux = (b[0] - a[0]) * kx, uy = (b[1] - a[1]) * 111320.0;
  double len2 = ux * ux + uy * uy;
  double t = len2 > 0 ? CLAMP (-(ax * ux + ay * uy) / len2, 0.0, 1.0) : 0.0;

  return hypot (ax + t * ux, ay + t * uy);
}

/* GeographicLib distance from a point to the line, looking only at the
 * stretches a cheap planar test says can be nearest. */
static double
distance_to_line (const double *line, guint n, double lon, double lat, double radius_m)
{
  double kx = 111320.0 * cos (lat * G_PI / 180.0), best = INFINITY;
  guint i = 0;

  while (i + 1 < n)
    {
      guint start;

      while (i + 1 < n && planar_segment_distance (&line[2 * i], &line[2 * i + 2], lon, lat, kx) > radius_m)
        i++;
      if (i + 1 >= n)
        break;
      start = i;
      while (i + 1 < n && planar_segment_distance (&line[2 * i], &line[2 * i + 2], lon, lat, kx) <= radius_m)
        i++;
      best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, &line[2 * start], i - start + 1, NULL, NULL));
    }
  return best;
}

static gboolean
on_tile_edge (double coord, double tile)
{
  double q = coord / tile;

  return fabs (q - round (q)) < 1e-9;
}

typedef struct {
  const double *line;
  guint n;
  double width[3];
  double tile;
  guint stride, seen, checked;
  double worst;
  guint counter;
} EdgeCheck;

static EdgeCheck *edge_check_side;
static int edge_check_side_id;

static void
check_edge_ring (const double *xy, guint n, gboolean is_hole, gpointer user_data)
{
  EdgeCheck *c = user_data;
  double w = c->width[edge_check_side_id];
  const double *end0 = c->line, *end1 = &c->line[2 * (c->n - 1)];

  for (guint i = 0; i < n; i++)
    {
      double lon = xy[2 * i], lat = xy[2 * i + 1], d;

      c->seen++;
      if (c->counter++ % c->stride != 0)
        continue;
      if (on_tile_edge (lon, c->tile) || on_tile_edge (lat, c->tile))
        continue;
      /* Away from the two ends (flat caps have vertices nearer than w). */
      if (dm_geodesy_distance_m (lon, lat, end0[0], end0[1]) < 2 * w ||
          dm_geodesy_distance_m (lon, lat, end1[0], end1[1]) < 2 * w)
        continue;
      d = distance_to_line (c->line, c->n, lon, lat, 1.5 * w + 2000.0);
      /* Vertices of the line itself bound the pieces too. */
      if (d < 0.5 * w)
        continue;
      c->checked++;
      c->worst = MAX (c->worst, fabs (d - w) / w);
      if (fabs (d - w) > 1e-3 * w)
        g_error ("outer edge vertex %.7f %.7f at %.2f m from the line, asked for %.2f m", lon, lat, d, w);
    }
}

/* Every outer-edge vertex within 0.1% of the width (GeographicLib); the
 * line inside the band, side A on its left and side B on its right. */
static void
check_band (const DmGeometry *line,
            DmZoneResult *result,
            double width_a,
            double width_b,
            guint stride,
            gboolean expect_edge_vertices)
{
  guint n;
  const double *xy = dm_geometry_get_ring (line, 0, 0, &n);
  EdgeCheck c = { xy, n, { 0, width_a, width_b }, DM_ZONES_TILE_GRID_DEG, stride, 0, 0, 0, 0 };
  g_autoptr (Rings) rings = rings_new (result);
  guint inside_checked = 0;

  for (int side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      if (c.width[side] == 0.0)
        continue;
      edge_check_side = &c;
      edge_check_side_id = side;
      dm_zone_result_foreach_ring (result, side, check_edge_ring, &c);
    }
  if (expect_edge_vertices)
    g_assert_cmpuint (c.checked, >, c.seen / stride / 10);
  g_test_message ("%u of %u vertices checked, worst %.2e of the width", c.checked, c.seen, c.worst);

  /* A metre either side of the middle of the line's segments (short ones:
   * the test's lon/lat point-in-ring sees a long geodesic as its chord). */
  for (guint i = 0; i + 1 < n; i += MAX (stride / 4, 1))
    {
      double s, az1, az2, mlon, mlat, az, lon, lat;

      dm_geodesy_inverse (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], &s, &az1, &az2);
      if (s < 5.0 || s > 2000.0)
        continue;
      dm_geodesy_direct (xy[2 * i], xy[2 * i + 1], az1, s / 2, &mlon, &mlat);
      dm_geodesy_inverse (mlon, mlat, xy[2 * i + 2], xy[2 * i + 3], &s, &az, &az2);
      if (width_a > 0)
        {
          dm_geodesy_direct (mlon, mlat, az - 90, 1.0, &lon, &lat);
          g_assert_cmpint (rings_winding (rings, DM_SIDE_A, lon, lat), !=, 0);
        }
      if (width_b > 0)
        {
          dm_geodesy_direct (mlon, mlat, az + 90, 1.0, &lon, &lat);
          g_assert_cmpint (rings_winding (rings, DM_SIDE_B, lon, lat), !=, 0);
        }
      inside_checked++;
    }
  if (expect_edge_vertices)
    g_assert_cmpuint (inside_checked, >, 10);
}

static void
test_front_line_accuracy (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 42, 0.0);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) asym = dm_zone_rule_new_line_band ("asym", DM_ZONE_WITHDRAWAL, 2000.0, 7000.0);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmZoneResult) result = NULL;
  g_autoptr (DmZoneResult) result2 = NULL;
  double length = dm_geodesy_geometry_length_m (line);

  g_assert_cmpfloat (length, >, 1150e3);
  g_assert_cmpfloat (length, <, 1250e3);
  g_assert_cmpfloat_with_epsilon (dmz->width_a_m, DMZ_M, 1e-9);

  result = dm_zones_evaluate_from_scratch (line, dmz, NULL, &error);
  g_assert_no_error (error);
  check_band (line, result, DMZ_M, DMZ_M, 11, TRUE);
  /* A wiggly line's band is less than length × width, by the overlaps. */
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (result, DM_SIDE_NONE), <, length * 2 * DMZ_M);
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (result, DM_SIDE_NONE), >, 0.5 * length * 2 * DMZ_M);
  g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (result, DM_SIDE_NONE),
                                  dm_zone_result_get_area_m2 (result, DM_SIDE_A) +
                                    dm_zone_result_get_area_m2 (result, DM_SIDE_B),
                                  1.0);

  result2 = dm_zones_evaluate_from_scratch (line, asym, NULL, &error);
  g_assert_no_error (error);
  check_band (line, result2, 2000.0, 7000.0, 13, TRUE);
}

static void
test_front_line_accuracy_dense (void)
{
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DmZoneResult) result = NULL;

  if (!g_test_slow ())
    {
      g_test_skip ("30,000 vertices: run with -m slow");
      return;
    }
  line = dm_bench_make_front_line (30000, 7, 0.0);
  result = dm_zones_evaluate_from_scratch (line, dmz, NULL, &error);
  g_assert_no_error (error);
  check_band (line, result, DMZ_M, DMZ_M, 97, TRUE);
}

/* A 100 km geodesic eastward from 48° N 35° E, densified every km. */
static DmGeometry *
straight_line (double length_m, guint n)
{
  g_autofree double *xy = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    dm_geodesy_direct (35.0, 48.0, 80.0, length_m * i / (n - 1), &xy[2 * i], &xy[2 * i + 1]);
  return dm_geometry_new_linestring (xy, n);
}

static void
test_straight_area (void)
{
  const double length = 100e3;
  g_autoptr (DmGeometry) line2 = straight_line (length, 2);
  g_autoptr (DmGeometry) line101 = straight_line (length, 101);
  DmGeometry *lines[] = { line2, line101 };

  for (guint k = 0; k < G_N_ELEMENTS (lines); k++)
    {
      g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
      g_autoptr (DmZoneRule) one = dm_zone_rule_new_line_band ("one", DM_ZONE_DEMILITARISED, 5000, 0);
      g_autoptr (DmZoneRule) asym = dm_zone_rule_new_line_band ("asym", DM_ZONE_WITHDRAWAL, 2000, 6000);
      g_autoptr (DmZoneResult) r1 = dm_zones_evaluate_from_scratch (lines[k], dmz, NULL, NULL);
      g_autoptr (DmZoneResult) r2 = dm_zones_evaluate_from_scratch (lines[k], one, NULL, NULL);
      g_autoptr (DmZoneResult) r3 = dm_zones_evaluate_from_scratch (lines[k], asym, NULL, NULL);

      /* Flat ends: length × width exactly, up to the ellipsoid's shape. */
      g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r1, DM_SIDE_NONE) / (length * 2 * DMZ_M), 1.0, 1e-3);
      g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r1, DM_SIDE_A) /
                                        dm_zone_result_get_area_m2 (r1, DM_SIDE_B),
                                      1.0, 1e-3);
      /* One-sided: nothing at all on side B. */
      g_assert_cmpfloat (dm_zone_result_get_area_m2 (r2, DM_SIDE_B), ==, 0.0);
      g_assert_cmpuint (dm_zone_result_get_n_pieces (r2, DM_SIDE_B), ==, 0);
      g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r2, DM_SIDE_A) / (length * 5000), 1.0, 1e-3);
      /* Asymmetric: per-side areas in the ratio of the widths. */
      g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r3, DM_SIDE_A) /
                                        dm_zone_result_get_area_m2 (r3, DM_SIDE_B),
                                      2000.0 / 6000.0, 1e-3);
      g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r3, DM_SIDE_NONE) / (length * 8000), 1.0, 1e-3);
      /* Straight: its outer edges have vertices only at tile cuts. */
      check_band (lines[k], r3, 2000, 6000, 1, FALSE);
    }
}

static void
check_flat_end_ring (const double *xy, guint n, gboolean is_hole, gpointer user_data)
{
  const double *ends = user_data; /* lon, lat, azimuth out of the line: start then end */

  for (guint i = 0; i < n; i++)
    for (guint e = 0; e < 2; e++)
      {
        double s, az1, az2;

        dm_geodesy_inverse (ends[3 * e], ends[3 * e + 1], xy[2 * i], xy[2 * i + 1], &s, &az1, &az2);
        /* How far beyond the end, along the line's direction there. */
        g_assert_cmpfloat (s * cos ((az1 - ends[3 * e + 2]) * G_PI / 180.0), <, 0.5);
      }
}

static void
test_flat_ends (void)
{
  g_autoptr (DmGeometry) line = straight_line (30e3, 7);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (line, dmz, NULL, NULL);
  guint n;
  const double *xy = dm_geometry_get_ring (line, 0, 0, &n);
  double ends[6], s, az1, az2;

  dm_geodesy_inverse (xy[2], xy[3], xy[0], xy[1], &s, &az1, &az2);
  ends[0] = xy[0];
  ends[1] = xy[1];
  ends[2] = az2;
  dm_geodesy_inverse (xy[2 * n - 4], xy[2 * n - 3], xy[2 * n - 2], xy[2 * n - 1], &s, &az1, &az2);
  ends[3] = xy[2 * n - 2];
  ends[4] = xy[2 * n - 1];
  ends[5] = az2;
  dm_zone_result_foreach_ring (r, DM_SIDE_NONE, check_flat_end_ring, ends);
}

static DmGeometry *
box_polygon (double lon0, double lat0, double lon1, double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

static void
test_clip_to_region (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 3, 0.0);
  g_autoptr (DmGeometry) west = box_polygon (20.0, 40.0, 35.0, 60.0);
  g_autoptr (DmGeometry) east = box_polygon (35.0, 40.0, 50.0, 60.0);
  g_autoptr (DmZoneRule) full = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) rw = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) re = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneResult) a = NULL, b = NULL, c = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmGeometry) g = NULL;
  double x0, y0, x1, y1;

  rw->region = dm_geometry_copy (west);
  re->region = dm_geometry_copy (east);
  dm_zone_cache_set_line (cache, line);
  a = dm_zone_cache_evaluate (cache, full, NULL, &error);
  g_assert_no_error (error);
  b = dm_zone_cache_evaluate (cache, rw, NULL, &error);
  g_assert_no_error (error);
  c = dm_zone_cache_evaluate (cache, re, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpfloat (dm_zone_result_get_area_m2 (b, DM_SIDE_NONE), >,
                     0.1 * dm_zone_result_get_area_m2 (a, DM_SIDE_NONE));
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (c, DM_SIDE_NONE), >,
                     0.1 * dm_zone_result_get_area_m2 (a, DM_SIDE_NONE));
  for (int side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
    g_assert_cmpfloat_with_epsilon ((dm_zone_result_get_area_m2 (b, side) + dm_zone_result_get_area_m2 (c, side)) /
                                      dm_zone_result_get_area_m2 (a, side),
                                    1.0, 1e-6);
  g = dm_zone_result_get_geometry (b, DM_SIDE_NONE);
  dm_geometry_get_extent (g, &x0, &y0, &x1, &y1);
  g_assert_cmpfloat (x1, <=, 35.0);
}

typedef enum {
  EDIT_MOVE,
  EDIT_INSERT,
  EDIT_REMOVE
} EditKind;

/* @line cut into @n_parts parts, dropping a few vertices at each cut so
 * that the parts' ends lie apart (a front line that meets the border and
 * starts again, a bridgehead). */
static DmGeometry *
cut_into_parts (const DmGeometry *line, guint n_parts, guint drop)
{
  guint n;
  const double *xy = dm_geometry_get_ring (line, 0, 0, &n);
  DmGeometry *g = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  guint per = n / n_parts;

  for (guint p = 0; p < n_parts; p++)
    {
      guint first = p * per + (p > 0 ? drop : 0);
      guint last = p + 1 < n_parts ? (p + 1) * per : n;

      dm_geometry_begin_part (g);
      dm_geometry_add_ring (g, xy + 2 * first, last - first);
    }
  return g;
}

/* The part holding vertex @v: how many points it has. */
static guint
part_size_at (const DmGeometry *line, guint v)
{
  guint part, ring, n;

  if (!dm_geometry_locate_point (line, v, &part, &ring))
    return 0;
  dm_geometry_get_ring (line, part, 0, &n);
  return n;
}

static void
incremental_run (guint32 seed, guint n_vertices, guint n_edits, guint n_parts)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (DmGeometry) whole = dm_bench_make_front_line (n_vertices, seed, 300e3);
  g_autoptr (DmGeometry) line = n_parts > 1 ? cut_into_parts (whole, n_parts, 3) : dm_geometry_copy (whole);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) asym = dm_zone_rule_new_line_band ("asym", DM_ZONE_WITHDRAWAL, 1500, 6000);
  DmZoneRule *rules[] = { dmz, asym };
  g_autoptr (GError) error = NULL;

  dm_zone_cache_set_line (cache, line);
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      g_autoptr (DmZoneResult) first = dm_zone_cache_evaluate (cache, rules[r], NULL, &error);

      g_assert_no_error (error);
    }

  for (guint e = 0; e < n_edits; e++)
    {
      guint n = dm_geometry_get_n_points (line);
      EditKind kind = g_rand_int_range (rand, 0, 3);
      guint v;
      double lon, lat, d = g_rand_double_range (rand, 50, 3000);
      double az = g_rand_double_range (rand, 0, 360);

      if (kind == EDIT_REMOVE && n < 10)
        kind = EDIT_MOVE;
      switch (kind)
        {
        case EDIT_MOVE:
          v = g_rand_int_range (rand, 0, n);
          dm_geometry_get_point (line, v, &lon, &lat);
          dm_geodesy_direct (lon, lat, az, d, &lon, &lat);
          dm_geometry_set_point (line, v, lon, lat);
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTICES_MOVED);
          break;
        case EDIT_INSERT:
          /* Ends included: prepend and append too. */
          v = g_rand_int_range (rand, 0, n + 1);
          dm_geometry_get_point (line, MIN (v, n - 1), &lon, &lat);
          dm_geodesy_direct (lon, lat, az, d, &lon, &lat);
          dm_geometry_insert_point (line, v, lon, lat);
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTEX_INSERTED);
          break;
        case EDIT_REMOVE:
          v = g_rand_int_range (rand, 0, n);
          /* A part keeps two points, as the editor has it. */
          if (part_size_at (line, v) <= 2)
            continue;
          dm_geometry_remove_point (line, v);
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTEX_REMOVED);
          break;
        }
      /* Evaluate now and then: dirt accumulates between evaluations too. */
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          DmZoneRule *rule = rules[g_rand_int_range (rand, 0, G_N_ELEMENTS (rules))];
          g_autoptr (DmZoneResult) mid = dm_zone_cache_evaluate (cache, rule, NULL, &error);

          g_assert_no_error (error);
        }
    }

  /* The statistic tiles follow, kept through the edits exactly. */
  {
    g_autoptr (DmZoneCache) fresh = dm_zone_cache_new ();

    dm_zone_cache_set_line (fresh, line);
    g_assert_cmpfloat (dm_zone_cache_get_mean_segment_deg (cache), ==, dm_zone_cache_get_mean_segment_deg (fresh));
    g_assert_cmpfloat (dm_zone_cache_get_mean_segment_deg (cache), >, 0);
  }
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      g_autoptr (DmZoneResult) inc = dm_zone_cache_evaluate (cache, rules[r], NULL, &error);
      g_autoptr (DmZoneResult) ref = NULL;

      g_assert_no_error (error);
      ref = dm_zones_evaluate_from_scratch (line, rules[r], NULL, &error);
      g_assert_no_error (error);
      for (int side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
        {
          double x = dm_zone_result_get_area_m2 (inc, side), y = dm_zone_result_get_area_m2 (ref, side);

          g_assert_cmpfloat (y, >, 0.0);
          g_assert_cmpfloat (fabs (x - y) / y, <=, 1e-6);
          g_assert_cmpuint (dm_zone_result_get_n_pieces (inc, side), ==, dm_zone_result_get_n_pieces (ref, side));
        }
    }
}

/* A sparse line's tiles are larger (0.25°); vertices inserted one by one
 * until it is dense bring them back to the reach's size (0.1° for the
 * DMZ), as the same line given afresh has them: the same tiles and the
 * same zone. */
static void
test_incremental_tile_size (void)
{
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneCache) fresh = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneResult) sparse = NULL, inc = NULL, ref = NULL;
  g_autoptr (GError) error = NULL;
  double xy[20];
  guint sparse_tiles, inc_tiles, ref_tiles;

  /* 10 vertices 0.06° (4.5 km) apart, wiggling. */
  for (guint i = 0; i < 10; i++)
    {
      xy[2 * i] = 36.0 + 0.06 * i;
      xy[2 * i + 1] = 48.0 + (i % 2 ? 0.01 : 0.0);
    }
  line = dm_geometry_new_linestring (xy, 10);
  dm_zone_cache_set_line (cache, line);
  sparse = dm_zone_cache_evaluate (cache, dmz, NULL, &error);
  g_assert_no_error (error);
  dm_zone_cache_get_stats (cache, NULL, &sparse_tiles);
  /* Midpoints, 440 of them: about 100 m between vertices. */
  for (guint k = 0; k < 440; k++)
    {
      guint n = dm_geometry_get_n_points (line), v = 1 + k * 7 % (n - 1);
      double a[2], b[2];

      dm_geometry_get_point (line, v - 1, &a[0], &a[1]);
      dm_geometry_get_point (line, v, &b[0], &b[1]);
      dm_geometry_insert_point (line, v, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
      dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTEX_INSERTED);
    }
  inc = dm_zone_cache_evaluate (cache, dmz, NULL, &error);
  g_assert_no_error (error);
  dm_zone_cache_get_stats (cache, NULL, &inc_tiles);
  dm_zone_cache_set_line (fresh, line);
  ref = dm_zone_cache_evaluate (fresh, dmz, NULL, &error);
  g_assert_no_error (error);
  dm_zone_cache_get_stats (fresh, NULL, &ref_tiles);
  g_test_message ("tiles: %u sparse, %u after the inserts, %u afresh", sparse_tiles, inc_tiles, ref_tiles);
  g_assert_cmpuint (inc_tiles, >, sparse_tiles);
  g_assert_cmpuint (inc_tiles, ==, ref_tiles);
  for (int side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
    {
      double x = dm_zone_result_get_area_m2 (inc, side), y = dm_zone_result_get_area_m2 (ref, side);

      g_assert_cmpfloat (fabs (x - y) / y, <=, 1e-9);
    }
}

static void
test_incremental_equals_scratch (void)
{
  for (guint32 seed = 1; seed <= 6; seed++)
    incremental_run (seed, 1500, 80, 1);
}

/* Edits anywhere in a line of several parts, ends of parts included. */
static void
test_incremental_multi_part (void)
{
  for (guint32 seed = 21; seed <= 24; seed++)
    incremental_run (seed, 1500, 120, 2 + seed % 4);
}

/* Smallest geodesic distance from a point to any part of @line: a local
 * planar frame picks the segments worth the geodesic computation (those
 * within 2 % and 50 m of the nearest, far beyond the frame's error). */
static double
distance_to_parts (const DmGeometry *line, double lon, double lat)
{
  double kx = 111320.0 * cos (lat * G_PI / 180.0), ky = 111130.0;
  double best_planar = G_MAXDOUBLE, best = G_MAXDOUBLE;
  const double *xy = dm_geometry_get_coords (line);
  guint n = dm_geometry_get_n_points (line);
  g_autofree double *planar = g_new (double, MAX (n, 1));

  for (guint i = 0; i + 1 < n; i++)
    {
      double a[2] = { (xy[2 * i] - lon) * kx, (xy[2 * i + 1] - lat) * ky };
      double b[2] = { (xy[2 * i + 2] - lon) * kx, (xy[2 * i + 3] - lat) * ky };
      double dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (-(a[0] * dx + a[1] * dy) / len2, 0.0, 1.0) : 0.0;
      guint part_i, part_j, r;

      dm_geometry_locate_point (line, i, &part_i, &r);
      dm_geometry_locate_point (line, i + 1, &part_j, &r);
      planar[i] = part_i == part_j ? hypot (a[0] + t * dx, a[1] + t * dy) : G_MAXDOUBLE;
      best_planar = MIN (best_planar, planar[i]);
    }
  for (guint i = 0; i + 1 < n; i++)
    if (planar[i] <= best_planar * 1.02 + 50.0)
      best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, &xy[2 * i], 2, NULL, NULL));
  return best;
}

typedef struct {
  const DmGeometry *line;
  double width;
  double worst;
  guint n;
} FarCheck;

static void
far_check_ring (const double *xy, guint n, gboolean is_hole, gpointer data)
{
  FarCheck *c = data;

  for (guint i = 0; i < n; i += 7)
    {
      c->worst = MAX (c->worst, distance_to_parts (c->line, xy[2 * i], xy[2 * i + 1]) / c->width - 1.0);
      c->n++;
    }
}

/* A contact line of several parts: a band along every part with flat ends
 * at each part's ends, dissolved where the parts' bands meet, and a
 * closed part (an enclave) banded all round. */
static void
test_multi_part (void)
{
  g_autoptr (DmGeometry) whole = dm_bench_make_front_line (2000, 5, 400e3);
  g_autoptr (DmGeometry) apart = cut_into_parts (whole, 3, 80);
  g_autoptr (DmGeometry) close = cut_into_parts (whole, 2, 1);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneResult) r = NULL;
  g_autoptr (Rings) rings = NULL;
  g_autoptr (GError) error = NULL;
  double sum = 0.0;
  FarCheck far = { apart, DMZ_M, -1.0, 0 };

  /* Parts far apart: the zone is the sum of each part's, side A on the
   * left of every part and side B on its right. */
  r = dm_zones_evaluate_from_scratch (apart, dmz, NULL, &error);
  g_assert_no_error (error);
  rings = rings_new (r);
  for (guint p = 0; p < 3; p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (apart, p, 0, &n);
      g_autoptr (DmGeometry) one = dm_geometry_new_linestring (xy, n);
      g_autoptr (DmZoneResult) alone = dm_zones_evaluate_from_scratch (one, dmz, NULL, &error);

      g_assert_no_error (error);
      sum += dm_zone_result_get_area_m2 (alone, DM_SIDE_NONE);
      for (guint i = 0; i + 1 < n; i += 37)
        {
          double s, az1, az2, mlon, mlat, lon, lat;

          dm_geodesy_inverse (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], &s, &az1, &az2);
          dm_geodesy_direct (xy[2 * i], xy[2 * i + 1], az1, s / 2, &mlon, &mlat);
          dm_geodesy_direct (mlon, mlat, az1 - 90, 1.0, &lon, &lat);
          g_assert_cmpint (rings_winding (rings, DM_SIDE_A, lon, lat), !=, 0);
          dm_geodesy_direct (mlon, mlat, az1 + 90, 1.0, &lon, &lat);
          g_assert_cmpint (rings_winding (rings, DM_SIDE_B, lon, lat), !=, 0);
        }
    }
  g_assert_cmpfloat (fabs (dm_zone_result_get_area_m2 (r, DM_SIDE_NONE) - sum) / sum, <, 1e-6);
  /* No edge vertex beyond the width from every part. */
  dm_zone_result_foreach_ring (r, DM_SIDE_NONE, far_check_ring, &far);
  g_assert_cmpuint (far.n, >, 100);
  g_assert_cmpfloat (far.worst, <=, 1e-3);

  /* Flat ends: the middle of a gap between two parts (80 vertices, some
   * 16 km) is outside the zone. */
  {
    guint n0;
    double lon0, lat0, lon1, lat1, s, az1, az2, mlon, mlat;

    dm_geometry_get_ring (apart, 0, 0, &n0);
    dm_geometry_get_point (apart, n0 - 1, &lon0, &lat0);
    dm_geometry_get_point (apart, n0, &lon1, &lat1);
    dm_geodesy_inverse (lon0, lat0, lon1, lat1, &s, &az1, &az2);
    g_assert_cmpfloat (s, >, 3 * DMZ_M);
    dm_geodesy_direct (lon0, lat0, az1, s / 2, &mlon, &mlat);
    g_assert_cmpint (rings_winding (rings, DM_SIDE_NONE, mlon, mlat), ==, 0);
  }

  /* Parts that meet (one vertex apart): one dissolved band, smaller than
   * the two bands added up, bigger than either. */
  {
    g_autoptr (DmZoneResult) rc = dm_zones_evaluate_from_scratch (close, dmz, NULL, &error);
    g_autoptr (DmZoneResult) rw = dm_zones_evaluate_from_scratch (whole, dmz, NULL, &error);
    double a = dm_zone_result_get_area_m2 (rc, DM_SIDE_NONE), w = dm_zone_result_get_area_m2 (rw, DM_SIDE_NONE);

    g_assert_no_error (error);
    /* The same line less one short segment: within 0.5 % of the whole. */
    g_assert_cmpfloat (fabs (a - w) / w, <, 5e-3);
    g_assert_cmpfloat (a, <, w);
  }

  /* A closed part: a 20 km ring round a point, banded on both sides all
   * round (no flat end where the ring closes). */
  {
    g_autofree double *xy = g_new (double, 2 * 65);
    g_autoptr (DmGeometry) ring = NULL;
    g_autoptr (DmZoneResult) rr = NULL;
    g_autoptr (Rings) rrings = NULL;
    double lon, lat, expected;

    for (guint i = 0; i < 64; i++)
      dm_geodesy_direct (36.0, 48.5, i * 360.0 / 64, 10e3, &xy[2 * i], &xy[2 * i + 1]);
    xy[128] = xy[0];
    xy[129] = xy[1];
    ring = dm_geometry_new_linestring (xy, 65);
    rr = dm_zones_evaluate_from_scratch (ring, dmz, NULL, &error);
    g_assert_no_error (error);
    /* An annulus 10 ± 4.02 km. */
    expected = G_PI * (pow (10e3 + DMZ_M, 2) - pow (10e3 - DMZ_M, 2));
    g_assert_cmpfloat (fabs (dm_zone_result_get_area_m2 (rr, DM_SIDE_NONE) - expected) / expected, <, 5e-3);
    rrings = rings_new (rr);
    dm_geodesy_direct (36.0, 48.5, 0.0, 10e3 + 100, &lon, &lat);
    g_assert_cmpint (rings_winding (rrings, DM_SIDE_NONE, lon, lat), !=, 0);
    dm_geodesy_direct (36.0, 48.5, 0.0, 10e3 - 100, &lon, &lat);
    g_assert_cmpint (rings_winding (rrings, DM_SIDE_NONE, lon, lat), !=, 0);
  }
}

static void
test_incremental_line_replaced (void)
{
  g_autoptr (DmGeometry) a = dm_bench_make_front_line (800, 11, 200e3);
  g_autoptr (DmGeometry) b = dm_bench_make_front_line (900, 12, 200e3);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneResult) r1 = NULL, r2 = NULL, ref = NULL;

  dm_zone_cache_set_line (cache, a);
  r1 = dm_zone_cache_evaluate (cache, dmz, NULL, NULL);
  /* A change that does not match its description falls back to a rebuild. */
  dm_zone_cache_line_changed (cache, b, 3, 1, DM_CHANGE_VERTICES_MOVED);
  r2 = dm_zone_cache_evaluate (cache, dmz, NULL, NULL);
  ref = dm_zones_evaluate_from_scratch (b, dmz, NULL, NULL);
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (r2, DM_SIDE_NONE), ==, dm_zone_result_get_area_m2 (ref, DM_SIDE_NONE));
  /* The earlier result is untouched by later edits. */
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (r1, DM_SIDE_NONE), !=, dm_zone_result_get_area_m2 (r2, DM_SIDE_NONE));
}

static void
test_other_rules (void)
{
  const double length = 100e3;
  g_autoptr (DmGeometry) line = straight_line (length, 11);
  g_autoptr (DmGeometry) region = box_polygon (35.2, 47.5, 35.8, 48.5);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (GError) error = NULL;
  double region_area = dm_geodesy_geometry_area_m2 (region);

  dm_zone_cache_set_line (cache, line);
  {
    g_autoptr (DmZoneRule) rule = dm_zone_rule_new_polygon ("drawn", DM_ZONE_MONITORING, region);
    g_autoptr (DmZoneResult) r = dm_zone_cache_evaluate (cache, rule, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r, DM_SIDE_NONE) / region_area, 1.0, 1e-9);
    g_assert_cmpfloat (dm_zone_result_get_area_m2 (r, DM_SIDE_A), >, 0.3 * region_area);
    g_assert_cmpfloat (dm_zone_result_get_area_m2 (r, DM_SIDE_B), >, 0.3 * region_area);
  }
  {
    g_autoptr (DmZoneRule)
      rule = dm_zone_rule_new_region_side ("buffer zone", DM_ZONE_DEMILITARISED, region, DM_SIDE_A);
    g_autoptr (DmZoneResult) r = dm_zone_cache_evaluate (cache, rule, NULL, &error);
    g_autoptr (DmZoneRule) poly = dm_zone_rule_new_polygon ("drawn", DM_ZONE_MONITORING, region);
    g_autoptr (DmZoneResult) p = dm_zone_cache_evaluate (cache, poly, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (dm_zone_result_get_area_m2 (r, DM_SIDE_B), ==, 0.0);
    g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r, DM_SIDE_A),
                                    dm_zone_result_get_area_m2 (p, DM_SIDE_A), 1.0);
  }
  {
    /* 10 km from a 50 km boundary line, kept inside nothing: a stadium. */
    g_autoptr (DmGeometry) boundary = straight_line (50e3, 2);
    g_autoptr (DmZoneRule) rule = dm_zone_rule_new_boundary_band ("border", DM_ZONE_RESTRICTION, boundary, 10e3, NULL);
    g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (NULL, rule, NULL, &error);
    double expected = 50e3 * 20e3 + G_PI * 10e3 * 10e3;

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (dm_zone_result_get_area_m2 (r, DM_SIDE_NONE) / expected, 1.0, 2e-3);
  }
  {
    /* Without a line, a one-side region cannot be made. */
    g_autoptr (DmZoneRule) rule = dm_zone_rule_new_region_side ("x", DM_ZONE_DEMILITARISED, region, DM_SIDE_B);
    g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (NULL, rule, NULL, &error);

    g_assert_null (r);
    g_assert_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_NO_LINE);
  }
}

static void
test_bad_input_and_cancel (void)
{
  g_autoptr (DmGeometry) line = straight_line (50e3, 3);
  g_autoptr (DmZoneRule) bad = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  DmZoneResult *r;

  bad->width_b_m = NAN;
  r = dm_zones_evaluate_from_scratch (line, bad, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  r = dm_zones_evaluate_from_scratch (line, dmz, cancellable, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A line whose parts have no segment: said so. */
  {
    g_autoptr (DmGeometry) multi = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
    const double p1[] = { 35, 48 }, p2[] = { 36, 48 };

    dm_geometry_begin_part (multi);
    dm_geometry_add_ring (multi, p1, 1);
    dm_geometry_begin_part (multi);
    dm_geometry_add_ring (multi, p2, 1);
    r = dm_zones_evaluate_from_scratch (multi, dmz, NULL, &error);
    g_assert_null (r);
    g_assert_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* No line: an empty band, not an error. */
  r = dm_zones_evaluate_from_scratch (NULL, dmz, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (r, DM_SIDE_NONE), ==, 0.0);
  dm_zone_result_unref (r);
}

static void
test_dissolve (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (600, 5, 150e3);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (line, dmz, NULL, NULL);
  g_autoptr (DmGeometry) all = dm_zone_result_dissolve (r);
  g_autoptr (DmGeometry) a = dm_zone_result_dissolve_side (r, DM_SIDE_A);

  g_assert_nonnull (all);
  /* Tiles merged: far fewer parts than pieces, the same area. */
  g_assert_cmpuint (dm_geometry_get_n_parts (all), <, dm_zone_result_get_n_pieces (r, DM_SIDE_NONE) / 4);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (all) / dm_zone_result_get_area_m2 (r, DM_SIDE_NONE), 1.0,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (a) / dm_zone_result_get_area_m2 (r, DM_SIDE_A), 1.0,
                                  1e-6);
  /* Both sides at once (side B on a second thread: a 1,200-km line has
   * hundreds of tiles a side): each the polygons of the one-side call,
   * whatever the cores. */
  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autoptr (DmGeometry) front = dm_bench_make_front_line (600, 5, 0);
      g_autoptr (DmZoneResult) long_zone = dm_zones_evaluate_from_scratch (front, dmz, NULL, NULL);
      g_autoptr (DmGeometry) long_a = dm_zone_result_dissolve_side (long_zone, DM_SIDE_A);
      g_autoptr (DmGeometry) b = dm_zone_result_dissolve_side (long_zone, DM_SIDE_B);
      DmGeometry *both[2] = { NULL, NULL };

      g_assert_cmpuint (dm_zone_result_get_n_pieces (long_zone, DM_SIDE_A), >=, 32);
      dm_zones_set_max_threads (threads);
      dm_zone_result_dissolve_sides (long_zone, both);
      g_assert_true (dm_geometry_equal (both[0], long_a));
      g_assert_true (dm_geometry_equal (both[1], b));
      g_assert_false (dm_geometry_equal (both[0], both[1]));
      dm_geometry_free (both[0]);
      dm_geometry_free (both[1]);
    }
  dm_zones_set_max_threads (0);
}

/* Joined along tile edges, one side's tiles are the union GEOS makes of
 * them: the same outlines and holes, the same area, no more than a
 * sliver of difference (neighbouring tiles' outlines meet within metres). */
static void
assert_stitch_is_union (DmZoneResult *r, DmSide side, const char *what)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeometry) st = dm_zone_result_stitch_side (r, side);
  g_autoptr (DmGeometry) un = dm_zone_result_union_side (r, side);
  g_autoptr (DmGeosGeometry) gs = NULL, gu = NULL, diff = NULL;
  guint rings_st = 0, rings_un = 0;
  double area_u, area_d;

  g_test_message ("%s, side %d", what, side);
  g_assert_nonnull (st);
  g_assert_nonnull (un);
  g_assert_cmpuint (dm_geometry_get_n_parts (st), ==, dm_geometry_get_n_parts (un));
  for (guint p = 0; p < dm_geometry_get_n_parts (st); p++)
    rings_st += dm_geometry_get_n_rings (st, p);
  for (guint p = 0; p < dm_geometry_get_n_parts (un); p++)
    rings_un += dm_geometry_get_n_rings (un, p);
  g_assert_cmpuint (rings_st, ==, rings_un);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (st) / dm_geodesy_geometry_area_m2 (un), 1.0, 1e-7);
  gs = dm_geometry_to_geos (ctx, st);
  gu = dm_geometry_to_geos (ctx, un);
  g_assert_true (GEOSisValid_r (ctx, gs));
  diff = GEOSSymDifference_r (ctx, gs, gu);
  g_assert_nonnull (diff);
  GEOSArea_r (ctx, gu, &area_u);
  GEOSArea_r (ctx, diff, &area_d);
  g_assert_cmpfloat (area_d, <=, 1e-7 * area_u);
}

static void
test_dissolve_stitched (void)
{
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) wide = dm_zone_rule_new_line_band ("Withdrawal", DM_ZONE_WITHDRAWAL, 50e3, 30e3);
  g_autoptr (DmZoneRule) clipped = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmGeometry) front = dm_bench_make_front_line (30000, 7, 0.0);
  g_autoptr (DmGeometry) sparse = dm_bench_make_front_line (3000, 42, 0.0);
  g_autoptr (DmGeometry) loop = dm_geometry_new (DM_GEOMETRY_LINESTRING);
  g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  /* A region whose edge runs across the line near its middle, then along it. */
  const double region_xy[] = { 30.0, 44.0, 35.6, 44.0, 35.2, 47.6, 36.0, 48.0, 34.0, 52.0, 30.0, 52.0 };
  g_autoptr (DmGeometry) mirrored = dm_geometry_copy (sparse);
  struct {
    const DmGeometry *line;
    const DmZoneRule *rule;
    const char *what;
  } cases[] = {
    { mirrored, dmz, "the 3,000-vertex line turned to 35° W, 48° S" },
    { front, dmz, "a 30,000-vertex front line ending on a tile corner, 2.5 mi each side" },
    { sparse, dmz, "a 3,000-vertex line (0.25° tiles)" },
    { sparse, wide, "50 and 30 km, tiles wholly inside the band" },
    { front, clipped, "the DMZ cut by a region" },
    { loop, dmz, "a closed line: a ring with its hole, inside and out" },
  };

  clipped->region = dm_geometry_new_polygon (region_xy, G_N_ELEMENTS (region_xy) / 2);
  for (guint i = 0; i < dm_geometry_get_n_points (mirrored); i++)
    {
      double lon, lat;

      dm_geometry_get_point (mirrored, i, &lon, &lat);
      dm_geometry_set_point (mirrored, i, -lon, -lat);
    }
  for (guint i = 0; i <= 720; i++)
    {
      double lon, lat;

      dm_geodesy_direct (36.0, 49.0, i * 0.5, 30e3 + 200.0 * sin (i * 0.7), &lon, &lat);
      g_array_append_val (ring, lon);
      g_array_append_val (ring, lat);
    }
  g_array_index (ring, double, ring->len - 2) = g_array_index (ring, double, 0);
  g_array_index (ring, double, ring->len - 1) = g_array_index (ring, double, 1);
  dm_geometry_begin_part (loop);
  dm_geometry_add_ring (loop, (const double *) (gpointer) ring->data, ring->len / 2);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (cases[c].line, cases[c].rule, NULL, NULL);

      g_assert_nonnull (r);
      assert_stitch_is_union (r, DM_SIDE_A, cases[c].what);
      assert_stitch_is_union (r, DM_SIDE_B, cases[c].what);
      /* Both sides together share the line, not tile edges: GEOS's. */
      {
        g_autoptr (DmGeometry) both = dm_zone_result_stitch_side (r, DM_SIDE_NONE);

        g_assert_null (both);
      }
    }
  /* A region with a hole on tile lines, inside a wide band on the
   * line on side A: every edge of side A's hole lies on a tile line,
   * where pieces are cut.  Joining tiles would lose it (the areas tell):
   * GEOS's union keeps it.  Side B joins as ever. */
  {
    g_autoptr (DmZoneRule) holed = dm_zone_rule_new_line_band ("Withdrawal", DM_ZONE_WITHDRAWAL, 50e3, 30e3);
    /* Eastwards along 50.05° N: side A (left) is north; the hole is 17 to
     * 28 km north of it. */
    const double straight_xy[] = { 30.0, 50.05, 33.0, 50.05, 36.0, 50.05 };
    g_autoptr (DmGeometry) straight = dm_geometry_new_linestring (straight_xy, 3);
    g_autoptr (DmZoneResult) r = NULL;

    {
      const double outer[] = { 28, 42, 42, 42, 42, 54, 28, 54 };
      const double hole[] = { 33.0, 50.2, 33.0, 50.3, 33.1, 50.3, 33.1, 50.2 };

      holed->region = dm_geometry_new (DM_GEOMETRY_POLYGON);
      dm_geometry_begin_part (holed->region);
      dm_geometry_add_ring (holed->region, outer, 4);
      dm_geometry_add_ring (holed->region, hole, 4);
    }
    /* Tiles of 0.1°, on which the hole's edges lie. */
    g_setenv ("DM_ZONES_TILE_DEG", "0.1", TRUE);
    r = dm_zones_evaluate_from_scratch (straight, holed, NULL, NULL);
    g_unsetenv ("DM_ZONES_TILE_DEG");
    g_assert_nonnull (r);
    {
      g_autoptr (DmGeometry) st = dm_zone_result_stitch_side (r, DM_SIDE_A);
      g_autoptr (DmGeometry) dissolved = dm_zone_result_dissolve_side (r, DM_SIDE_A);
      g_autoptr (DmGeometry) un = dm_zone_result_union_side (r, DM_SIDE_A);
      guint holes = 0;

      g_assert_null (st);
      g_assert_true (dm_geometry_equal (dissolved, un));
      for (guint p = 0; p < dm_geometry_get_n_parts (un); p++)
        holes += dm_geometry_get_n_rings (un, p) - 1;
      g_assert_cmpuint (holes, ==, 1);
    }
    assert_stitch_is_union (r, DM_SIDE_B, "a region with a hole on tile lines, side B");
  }
  /* Both sides of the loop are rings: one outline and one hole each. */
  {
    g_autoptr (DmZoneResult) r = dm_zones_evaluate_from_scratch (loop, dmz, NULL, NULL);
    g_autoptr (DmGeometry) a = dm_zone_result_stitch_side (r, DM_SIDE_A);
    g_autoptr (DmGeometry) b = dm_zone_result_stitch_side (r, DM_SIDE_B);

    g_assert_cmpuint (dm_geometry_get_n_parts (a), ==, 1);
    g_assert_cmpuint (dm_geometry_get_n_parts (b), ==, 1);
    g_assert_cmpuint (dm_geometry_get_n_rings (a, 0), ==, 2);
    g_assert_cmpuint (dm_geometry_get_n_rings (b, 0), ==, 2);
  }
}

/* The tiles' own AEQD agrees with PROJ's ellipsoidal aeqd. */
static void
test_local_projection (void)
{
  g_autoptr (DmLocalProj) ref = dm_local_proj_new (35.05, 48.05);
  g_autoptr (DmLocalProj) geo = dm_local_proj_new_with_method (35.05, 48.05, DM_LOCAL_PROJ_GEODESIC);
  g_autoptr (DmLocalProj) fast = dm_local_proj_new_with_method (35.05, 48.05, DM_LOCAL_PROJ_FAST);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);

  g_assert_nonnull (ref);
  for (guint i = 0; i < 2000; i++)
    {
      double az = g_rand_double_range (rand, 0, 360), s = g_rand_double_range (rand, 0, 50e3);
      double p[2], a[2], b[2], c[2];

      dm_geodesy_direct (35.05, 48.05, az, s, &p[0], &p[1]);
      memcpy (a, p, sizeof p);
      memcpy (b, p, sizeof p);
      memcpy (c, p, sizeof p);
      g_assert_true (dm_local_proj_forward (ref, a, 1));
      dm_local_proj_forward (geo, b, 1);
      dm_local_proj_forward (fast, c, 1);
      /* Equidistant: the radius is the geodesic distance. */
      g_assert_cmpfloat (fabs (hypot (a[0], a[1]) - s), <, 1e-6);
      g_assert_cmpfloat (hypot (a[0] - b[0], a[1] - b[1]), <, 1e-6);
      g_assert_cmpfloat (hypot (a[0] - c[0], a[1] - c[1]), <, 0.01);
      dm_local_proj_inverse (ref, a, 1);
      dm_local_proj_inverse (fast, c, 1);
      g_assert_cmpfloat (dm_geodesy_distance_m (p[0], p[1], a[0], a[1]), <, 1e-6);
      g_assert_cmpfloat (dm_geodesy_distance_m (p[0], p[1], c[0], c[1]), <, 1e-6);
    }
}

/* A line of two vertices thousands of km apart (along the geodesic, as
 * drawn): its zone covers the corridor along it, tiled along it and not
 * over its whole bounding box; its area is its length times its width.
 * One that reaches nearer a pole than 85°, where the map ends, or one of
 * repeated points, is refused with a reason, at once. */
static void
test_long_and_degenerate_lines (void)
{
  const double diag[] = { 36.0, 47.0, 50.0, 35.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (diag, 2);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) rule = dm_zone_rule_new_line_band ("DMZ", DM_ZONE_DEMILITARISED, DMZ_M, DMZ_M);
  g_autoptr (GError) error = NULL;
  double length = dm_geodesy_geometry_length_m (line);
  guint n_recomputed = 0, n_tiles = 0;

  dm_zone_cache_set_line (cache, line);
  {
    g_autoptr (DmZoneResult) r = dm_zone_cache_evaluate (cache, rule, NULL, &error);
    double area = r != NULL ? dm_zone_result_get_area_m2 (r, DM_SIDE_NONE) : 0;
    double expected = length * 2 * DMZ_M + G_PI * DMZ_M * DMZ_M;

    g_assert_no_error (error);
    dm_zone_cache_get_stats (cache, &n_recomputed, &n_tiles);
    g_test_message ("%.0f km diagonal: %u tiles, area %.1f km² (length × width %.1f km²)", length / 1e3, n_tiles,
                    area / 1e6, expected / 1e6);
    /* Its bounding box holds 14° × 12° of 0.1° tiles (16,800). */
    g_assert_cmpuint (n_tiles, <, 4 * length / 11e3);
    g_assert_cmpfloat (fabs (area / expected - 1.0), <, 5e-3);
  }
  {
    const double across[] = { 20.0, 84.0, 30.0, 85.5, 40.0, 84.5 };
    const double repeated[] = { 36.0, 47.0, 36.0, 47.0, 36.0, 47.0 };
    g_autoptr (DmGeometry) a = dm_geometry_new_linestring (across, 3);
    g_autoptr (DmGeometry) b = dm_geometry_new_linestring (repeated, 3);
    g_autoptr (DmZoneResult) ra = NULL;
    g_autoptr (DmZoneResult) rb = NULL;

    dm_zone_cache_set_line (cache, a);
    ra = dm_zone_cache_evaluate (cache, rule, NULL, &error);
    g_assert_null (ra);
    g_assert_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "85.50° N"));
    g_assert_nonnull (strstr (error->message, "between 85° S and 85° N"));
    g_clear_error (&error);
    dm_zone_cache_set_line (cache, b);
    rb = dm_zone_cache_evaluate (cache, rule, NULL, &error);
    g_assert_null (rb);
    g_assert_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "no length"));
  }
}

/* The accuracy that holds over Ukraine holds elsewhere: the same front
 * line of 1,000 vertices moved to Korea, Kashmir, Cyprus, the equator, the
 * western and the southern hemisphere, across the 180th meridian
 * (unwrapped, as the importer gives it: 170…190°) and near 84° N, close
 * to where the map ends; every zone edge vertex
 * sampled is at the DMZ's width from the line (check_band), and each side
 * holds half the band. */
static void
test_accuracy_around_the_world (void)
{
  static const struct {
    const char *place;
    double lon, lat; /* where the line's middle goes */
  } places[] = {
    { "Korea (38th parallel)", 127.5, 38.2 },
    { "Kashmir", 75.0, 34.0 },
    { "Cyprus", 33.3, 35.1 },
    { "the equator (Congo)", 27.0, 0.2 },
    { "western hemisphere (Sonora)", -110.0, 31.0 },
    { "southern hemisphere (Patagonia)", -69.0, -45.0 },
    { "across the 180th meridian (Chukotka)", 180.0, 66.0 },
    { "the high Arctic (Franz Josef Land)", 50.0, 81.5 },
  };
  g_autoptr (DmGeometry) ukraine = dm_bench_make_front_line (1000, 42, 0.0);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  guint n;
  const double *xy = dm_geometry_get_ring (ukraine, 0, 0, &n);
  double lon0 = 0, lat0 = 0;

  for (guint i = 0; i < n; i++)
    {
      lon0 += xy[2 * i] / n;
      lat0 += xy[2 * i + 1] / n;
    }
  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    {
      g_autofree double *moved = g_new (double, 2 * n);
      g_autoptr (DmGeometry) line = NULL;
      g_autoptr (DmZoneResult) result = NULL;
      g_autoptr (GError) error = NULL;
      double length, area, a, b;

      for (guint i = 0; i < n; i++)
        {
          moved[2 * i] = xy[2 * i] - lon0 + places[p].lon;
          moved[2 * i + 1] = xy[2 * i + 1] - lat0 + places[p].lat;
        }
      line = dm_geometry_new_linestring (moved, n);
      length = dm_geodesy_geometry_length_m (line);
      result = dm_zones_evaluate_from_scratch (line, dmz, NULL, &error);
      g_assert_no_error (error);
      area = dm_zone_result_get_area_m2 (result, DM_SIDE_NONE);
      a = dm_zone_result_get_area_m2 (result, DM_SIDE_A);
      b = dm_zone_result_get_area_m2 (result, DM_SIDE_B);
      g_test_message ("%s: %.0f km, DMZ %.0f km² (%.0f on side A, %.0f on side B)", places[p].place, length / 1e3,
                      area / 1e6, a / 1e6, b / 1e6);
      check_band (line, result, DMZ_M, DMZ_M, 11, TRUE);
      g_assert_cmpfloat (area, <, length * 2 * DMZ_M);
      g_assert_cmpfloat (area, >, 0.5 * length * 2 * DMZ_M);
      g_assert_cmpfloat (fabs (a - b) / area, <, 0.1);
    }
}

/* A line across the 180th meridian, unwrapped (179.4, 180.4 …), gives
 * the zone the same line gives 10° further west, of the same area on each
 * side, lying beside the line: nothing is cut, lost or wrapped round the
 * globe at the meridian. */
static void
test_across_antimeridian (void)
{
  const double across[] = { 177.5, 64.6, 178.6, 65.2, 179.4, 65.6, 180.4, 66.0, 181.6, 66.3, 182.8, 66.6 };
  double west[G_N_ELEMENTS (across)];
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();

  for (guint i = 0; i < G_N_ELEMENTS (across); i++)
    west[i] = i % 2 == 0 ? across[i] - 10.0 : across[i];
  {
    g_autoptr (DmGeometry) a = dm_geometry_new_linestring (across, G_N_ELEMENTS (across) / 2);
    g_autoptr (DmGeometry) w = dm_geometry_new_linestring (west, G_N_ELEMENTS (west) / 2);
    g_autoptr (GError) error = NULL;
    g_autoptr (DmZoneResult) ra = dm_zones_evaluate_from_scratch (a, dmz, NULL, &error);
    g_autoptr (DmZoneResult) rw = NULL;

    g_assert_no_error (error);
    rw = dm_zones_evaluate_from_scratch (w, dmz, NULL, &error);
    g_assert_no_error (error);
    for (DmSide side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
      {
        g_autoptr (DmGeometry) ga = dm_zone_result_get_geometry (ra, side);
        double area_a = dm_zone_result_get_area_m2 (ra, side), area_w = dm_zone_result_get_area_m2 (rw, side);
        double west_lon, east_lon;

        g_test_message ("side %d: %.1f km² across, %.1f km² 10° west", side, area_a / 1e6, area_w / 1e6);
        g_assert_cmpfloat (fabs (area_a / area_w - 1.0), <, 1e-4);
        /* Unwrapped, beside the line: never round the globe. */
        dm_geometry_get_extent (ga, &west_lon, NULL, &east_lon, NULL);
        g_assert_cmpfloat (west_lon, >, 177.0);
        g_assert_cmpfloat (east_lon, <, 183.2);
      }
    check_band (a, ra, DMZ_M, DMZ_M, 1, FALSE);
  }
}

/* A band along a real border (Ukraine–Belarus, 50 km, on both sides, from
 * the basemap): no vertex of it lies further than 50 km (+0.1 %) from the
 * border, and its outer edge lies at 50 km within 0.1 % (GeographicLib
 * distances to the border's lines). */
/* A border band does not depend on the contact line: after an edit of the
 * line it comes from the cache's memo (no tile made again), and its figures
 * are those of a band made from scratch with the new line. */
static void
test_border_band_kept_across_edits (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (&error);
  g_autoptr (DmZoneRule) rule = NULL;
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmGeometry) line = NULL, moved = NULL;
  g_autoptr (DmZoneResult) first = NULL, second = NULL, scratch = NULL;
  const double xy[] = { 30.0, 48.0, 33.0, 48.5, 36.0, 48.2, 38.0, 48.8 };
  const double moved_xy[] = { 30.0, 48.0, 33.0, 48.6, 36.0, 48.2, 38.0, 48.8 };
  guint n_first = 0, n_second = 0;

  g_assert_no_error (error);
  rule = dm_zone_rule_new_border_band (basemap, "UA–BY", DM_ZONE_RESTRICTION, 50e3, "UA", "BY", NULL, &error);
  g_assert_no_error (error);
  line = dm_geometry_new_linestring (xy, G_N_ELEMENTS (xy) / 2);
  moved = dm_geometry_new_linestring (moved_xy, G_N_ELEMENTS (moved_xy) / 2);

  dm_zone_cache_set_line (cache, line);
  first = dm_zone_cache_evaluate (cache, rule, NULL, &error);
  g_assert_no_error (error);
  dm_zone_cache_get_stats (cache, &n_first, NULL);
  dm_zone_cache_set_line (cache, moved);
  second = dm_zone_cache_evaluate (cache, rule, NULL, &error);
  g_assert_no_error (error);
  dm_zone_cache_get_stats (cache, &n_second, NULL);
  scratch = dm_zones_evaluate_from_scratch (moved, rule, NULL, &error);
  g_assert_no_error (error);

  g_test_message ("tiles made: %u for the first line, %u after the edit", n_first, n_second);
  g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_second, ==, 0);
  for (DmSide side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
    g_assert_cmpfloat (fabs (dm_zone_result_get_area_m2 (second, side) - dm_zone_result_get_area_m2 (scratch, side)),
                       <=, 1e-9 * dm_zone_result_get_area_m2 (scratch, DM_SIDE_NONE));
  g_assert_cmpfloat (fabs (dm_zone_result_get_area_m2 (first, DM_SIDE_NONE) -
                           dm_zone_result_get_area_m2 (second, DM_SIDE_NONE)),
                     <=, 1e-9 * dm_zone_result_get_area_m2 (first, DM_SIDE_NONE));
}

static void
test_border_band_accuracy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (&error);
  g_autoptr (DmZoneRule) rule = NULL;
  g_autoptr (DmZoneResult) result = NULL;
  g_autoptr (DmGeometry) zone = NULL;
  const double w = 50e3;
  guint n_far = 0, n_edge = 0, n_seen = 0;
  double worst = 0;
  gint64 start;
  GEOSContextHandle_t ctx;
  g_autoptr (DmGeosGeometry) region = NULL;
  g_autoptr (DmGeosGeometry) outline = NULL;
  const GEOSPreparedGeometry *prepared;

  g_assert_no_error (error);
  rule = dm_zone_rule_new_border_band (basemap, "UA–BY", DM_ZONE_RESTRICTION, w, "UA", "BY", NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  result = dm_zones_evaluate_from_scratch (NULL, rule, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("Ukraine–Belarus 50 km: %.0f km² in %.0f ms", dm_zone_result_get_area_m2 (result, DM_SIDE_NONE) / 1e6,
                  (g_get_monotonic_time () - start) / 1e3);
  zone = dm_zone_result_get_geometry (result, DM_SIDE_NONE);
  ctx = dm_geos_get_context ();
  region = dm_geometry_to_geos (ctx, rule->region);
  outline = GEOSBoundary_r (ctx, region);
  prepared = GEOSPrepare_r (ctx, outline);
  for (guint v = 0; v < dm_geometry_get_n_points (zone); v++)
    {
      double lon, lat, d = INFINITY;
      g_autoptr (DmGeosGeometry) point = NULL;
      double to_outline = 0;

      dm_geometry_get_point (zone, v, &lon, &lat);
      if (on_tile_edge (lon, DM_ZONES_TILE_GRID_DEG) || on_tile_edge (lat, DM_ZONES_TILE_GRID_DEG))
        continue;
      /* Where the band meets Poland or Russia it follows their border. */
      point = GEOSGeom_createPointFromXY_r (ctx, lon, lat);
      if (GEOSPreparedDistance_r (ctx, prepared, point, &to_outline) == 1 && to_outline < 1e-7)
        continue;
      n_seen++;
      for (guint part = 0; part < dm_geometry_get_n_parts (rule->boundary); part++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (rule->boundary, part, 0, &n);

          d = MIN (d, dm_geodesy_point_path_distance_m (lon, lat, xy, n, NULL, NULL));
        }
      if (d > w * 1.001)
        n_far++;
      if (d > 0.5 * w)
        {
          worst = MAX (worst, fabs (d - w) / w);
          n_edge++;
        }
    }
  GEOSPreparedGeom_destroy_r (ctx, prepared);
  g_test_message ("%u vertices checked, %u on the outer edge, worst %.2e of the distance", n_seen, n_edge, worst);
  g_assert_cmpuint (n_far, ==, 0);
  g_assert_cmpuint (n_edge, >, 100);
  g_assert_cmpfloat (worst, <, 1e-3);
}

/* Each preset makes its rules: the DMZ, Minsk II's three lines at 50, 70
 * and 140 km each side, Donetsk oblast on the side named Ukraine, and
 * the two border bands with their borders and where they are kept. */
static void
test_presets (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (&error);
  g_autoptr (DmDocument) doc = dm_document_new ();
  const guint expected[DM_ZONE_N_PRESETS] = { 1, 3, 1, 1, 1 };
  const double minsk_km[] = { 50, 70, 140 };

  g_assert_no_error (error);
  dm_document_set_side (doc, DM_SIDE_A, "Russia", dm_document_get_side_color (doc, DM_SIDE_A));
  dm_document_set_side (doc, DM_SIDE_B, "Ukraine", dm_document_get_side_color (doc, DM_SIDE_B));
  for (DmZonePreset p = 0; p < DM_ZONE_N_PRESETS; p++)
    {
      g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);

      g_assert_true (dm_zone_preset_make (p, doc, basemap, rules, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rules->len, ==, expected[p]);
      g_assert_nonnull (dm_zone_preset_get_title (p));
      g_assert_nonnull (dm_zone_preset_get_description (p));
      for (guint i = 0; i < rules->len; i++)
        {
          const DmZoneRule *r = g_ptr_array_index (rules, i);

          switch (p)
            {
            case DM_ZONE_PRESET_DMZ_5MI:
              g_assert_cmpfloat (r->width_a_m + r->width_b_m, ==, 5 * 1609.344);
              break;
            case DM_ZONE_PRESET_MINSK_II:
              g_assert_cmpfloat (r->width_a_m, ==, minsk_km[i] * 1e3);
              g_assert_cmpfloat (r->width_b_m, ==, r->width_a_m);
              g_assert_cmpint (r->kind, ==, DM_ZONE_WITHDRAWAL);
              break;
            case DM_ZONE_PRESET_DONETSK_BUFFER:
              g_assert_cmpint (r->type, ==, DM_ZONE_RULE_REGION_SIDE);
              g_assert_cmpint (r->side, ==, DM_SIDE_B);
              g_assert_cmpstr (r->region_name, ==, "UA-14");
              break;
            case DM_ZONE_PRESET_NATO_100MI:
              g_assert_cmpstr (r->boundary_name, ==, "RU/NATO");
              g_assert_cmpstr (r->region_name, ==, "RU");
              g_assert_cmpfloat (r->distance_m, ==, 100 * 1609.344);
              break;
            case DM_ZONE_PRESET_UKRAINE_BELARUS:
              g_assert_cmpstr (r->boundary_name, ==, "UA/BY");
              g_assert_cmpstr (r->region_name, ==, "UA+BY");
              g_assert_cmpfloat (r->distance_m, ==, 50e3);
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

/* Tiles computed on several threads give the same pieces, to the bit, as
 * on one. */
static void
test_threads_same_result (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 5, 0);
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (DmZoneRule) band = dm_zone_rule_new_line_band ("Withdrawal", DM_ZONE_WITHDRAWAL, 2000, 9000);
  DmZoneRule *rules[] = { dmz, band };

  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      g_autoptr (DmZoneResult) one = NULL, many = NULL;
      g_autoptr (GError) error = NULL;

      dm_zones_set_max_threads (1);
      one = dm_zones_evaluate_from_scratch (line, rules[r], NULL, &error);
      g_assert_no_error (error);
      dm_zones_set_max_threads (4);
      many = dm_zones_evaluate_from_scratch (line, rules[r], NULL, &error);
      g_assert_no_error (error);
      dm_zones_set_max_threads (0);
      for (int side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
        {
          g_autoptr (DmGeometry) a = dm_zone_result_get_geometry (one, side);
          g_autoptr (DmGeometry) b = dm_zone_result_get_geometry (many, side);

          g_assert_cmpuint (dm_geometry_get_n_points (a), >, 0);
          g_assert_true (dm_geometry_equal (a, b));
          g_assert_cmpfloat (dm_zone_result_get_area_m2 (one, side), ==, dm_zone_result_get_area_m2 (many, side));
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/zones/projection/local-aeqd", test_local_projection);
  g_test_add_func ("/zones/threads-same-result", test_threads_same_result);
  g_test_add_func ("/zones/band/straight-area", test_straight_area);
  g_test_add_func ("/zones/band/flat-ends", test_flat_ends);
  g_test_add_func ("/zones/band/front-line-accuracy", test_front_line_accuracy);
  g_test_add_func ("/zones/band/front-line-accuracy-30k", test_front_line_accuracy_dense);
  g_test_add_func ("/zones/band/clip-to-region", test_clip_to_region);
  g_test_add_func ("/zones/band/dissolve", test_dissolve);
  g_test_add_func ("/zones/band/dissolve-stitched", test_dissolve_stitched);
  g_test_add_func ("/zones/incremental/equals-scratch", test_incremental_equals_scratch);
  g_test_add_func ("/zones/incremental/tile-size", test_incremental_tile_size);
  g_test_add_func ("/zones/incremental/line-replaced", test_incremental_line_replaced);
  g_test_add_func ("/zones/incremental/multi-part", test_incremental_multi_part);
  g_test_add_func ("/zones/band/multi-part", test_multi_part);
  g_test_add_func ("/zones/rules/others", test_other_rules);
  g_test_add_func ("/zones/band/long-and-degenerate-lines", test_long_and_degenerate_lines);
  g_test_add_func ("/zones/band/accuracy-around-the-world", test_accuracy_around_the_world);
  g_test_add_func ("/zones/band/across-antimeridian", test_across_antimeridian);
  g_test_add_func ("/zones/border-band/accuracy", test_border_band_accuracy);
  g_test_add_func ("/zones/border-band/kept-across-edits", test_border_band_kept_across_edits);
  g_test_add_func ("/zones/presets", test_presets);
  g_test_add_func ("/zones/errors/bad-input-and-cancel", test_bad_input_and_cancel);

  return g_test_run ();
}
