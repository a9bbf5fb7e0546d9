/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-warnings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"
#include "dm-units.h"
#include "dm-warnings.h"

typedef struct _SegmentIndex SegmentIndex;
static SegmentIndex *segment_index_new (const double *xy, guint n, const guint8 *breaks);
static void segment_index_free (SegmentIndex *ix);
static void segment_index_near (const SegmentIndex *ix, double lon, double lat, double reach_m, GArray *out);
static gboolean
any_segment_within (const SegmentIndex *ix, const double *xy, double lon, double lat, double reach_m, GArray *scratch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegmentIndex, segment_index_free)

/* Lower bounds of a degree's length on WGS 84 (m): of latitude (at the
 * equator), of longitude (at the equator, times cos φ elsewhere). */
#define METRES_PER_DEG_LAT_MIN 110574.0
#define METRES_PER_DEG_LON_EQ  111319.0

#define SETTLEMENT_RADIUS_MIN_M 500.0
#define SETTLEMENT_RADIUS_MAX_M 12000.0

/* Pieces of a zone outside the allowed region smaller than this are noise
 * from the two outlines' vertices (1 ha). */
#define ZONE_OUTSIDE_MIN_M2 10000.0

DmWarning *
dm_warning_new (DmWarningKind kind, double lon, double lat, const char *message)
{
  DmWarning *w = g_new0 (DmWarning, 1);

  w->kind = kind;
  w->lon = lon;
  w->lat = lat;
  w->message = g_strdup (message);

  return w;
}

void
dm_warning_free (DmWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->message);
  g_free (warning);
}

static GPtrArray *
warnings_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) dm_warning_free);
}

/* Areas of swaps and zones: km² from 1 km² up, hectares below. */
static char *
format_area (double area_m2)
{
  return dm_format_area (area_m2, area_m2 >= 1e6 ? DM_AREA_KM2 : DM_AREA_HA);
}

/* ---- Settlements ------------------------------------------------------- */

double
dm_warnings_settlement_radius_m (gint64 population)
{
  double r;

  if (population <= 0)
    return SETTLEMENT_RADIUS_MIN_M;
  r = 600.0 * sqrt ((double) population / 1000.0);

  return CLAMP (r, SETTLEMENT_RADIUS_MIN_M, SETTLEMENT_RADIUS_MAX_M);
}

/* The geometry's paths as arrays of lon/lat, polygon rings closed. */
static GPtrArray *
collect_paths (const DmGeometry *geometry)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gboolean close = dm_geometry_is_polygonal (geometry);

  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (geometry, p, r, &n);
        GArray *path;

        if (n == 0)
          continue;
        path = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (n + 1));
        g_array_append_vals (path, xy, 2 * n);
        if (close && n >= 3)
          g_array_append_vals (path, xy, 2);
        g_ptr_array_add (paths, path);
      }

  return paths;
}

/* Squared planar distance from the origin to the segment (x0,y0)-(x1,y1). */
static double
segment_origin_dist2 (double x0, double y0, double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (-(x0 * dx + y0 * dy) / len2, 0.0, 1.0) : 0.0;
  double px = x0 + t * dx, py = y0 + t * dy;

  return px * px + py * py;
}

/* Geodesic distance (m) from a place to the paths, or G_MAXDOUBLE when it
 * is certainly farther than @limit_m.  A local equirectangular frame at
 * the place picks the candidate segments (it is off by well under 1 %
 * within 12 km, so a 10 % margin keeps every segment that matters), among
 * those the paths' cell indexes (@indexes) hold near the place.  When the
 * geodesic distance to the planar nearest segment alone is within
 * @limit_m, that is returned: only being within counts (any segment's
 * distance bounds the nearest's from above), and a dense line puts dozens
 * of segments within the margin of its nearest, each a geodesic. */
static double
place_distance_m (double lon, double lat, GPtrArray *paths, GPtrArray *indexes, double limit_m)
{
  double kx = METRES_PER_DEG_LON_EQ * cos (lat * G_PI / 180.0);
  double ky = METRES_PER_DEG_LAT_MIN;
  double reach = limit_m * 1.1 + 200.0;
  double best = G_MAXDOUBLE, planar_best2 = G_MAXDOUBLE;
  const double *planar_best_xy = NULL;
  g_autoptr (GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The planar nearest over every path first. */
  for (guint p = 0; p < paths->len; p++)
    {
      GArray *path = g_ptr_array_index (paths, p);
      const double *xy = (const double *) (gconstpointer) path->data;

      if (path->len / 2 < 2)
        continue;
      g_array_set_size (near, 0);
      segment_index_near (g_ptr_array_index (indexes, p), lon, lat, reach * 1.01 + 50.0, near);
      for (guint k = 0; k < near->len; k++)
        {
          guint i = g_array_index (near, guint, k);
          double d2 = segment_origin_dist2 ((xy[2 * i] - lon) * kx, (xy[2 * i + 1] - lat) * ky,
                                            (xy[2 * i + 2] - lon) * kx, (xy[2 * i + 3] - lat) * ky);

          if (d2 < planar_best2)
            {
              planar_best2 = d2;
              planar_best_xy = &xy[2 * i];
            }
        }
    }
  /* (The straight segment in lon/lat is not the geodesic one, which bows
   * towards the pole by up to hundreds of metres on a long segment: the
   * planar figure alone decides nothing.) */
  if (planar_best_xy != NULL && planar_best2 <= limit_m * limit_m)
    {
      double d = dm_geodesy_point_path_distance_m (lon, lat, planar_best_xy, 2, NULL, NULL);

      if (d <= limit_m)
        return d;
    }

  for (guint p = 0; p < paths->len; p++)
    {
      GArray *path = g_ptr_array_index (paths, p);
      const double *xy = (const double *) (gconstpointer) path->data;
      guint n = path->len / 2;
      double planar2 = G_MAXDOUBLE;

      if (n == 1)
        {
          best = MIN (best, dm_geodesy_distance_m (lon, lat, xy[0], xy[1]));
          continue;
        }
      /* The segments near enough to be candidates: within 1 % + 50 m of
       * a nearest within reach (some twice: harmless for a minimum);
       * planar first, as only those close to the planar nearest need
       * geodesics. */
      g_array_set_size (near, 0);
      segment_index_near (g_ptr_array_index (indexes, p), lon, lat, reach * 1.01 + 50.0, near);
      for (guint k = 0; k < near->len; k++)
        {
          guint i = g_array_index (near, guint, k);

          planar2 = MIN (planar2, segment_origin_dist2 ((xy[2 * i] - lon) * kx, (xy[2 * i + 1] - lat) * ky,
                                                        (xy[2 * i + 2] - lon) * kx, (xy[2 * i + 3] - lat) * ky));
        }
      if (planar2 > reach * reach)
        continue;
      for (guint k = 0; k < near->len; k++)
        {
          guint i = g_array_index (near, guint, k);
          double d2 = segment_origin_dist2 ((xy[2 * i] - lon) * kx, (xy[2 * i + 1] - lat) * ky,
                                            (xy[2 * i + 2] - lon) * kx, (xy[2 * i + 3] - lat) * ky);

          /* Within 1 % + 50 m of the planar nearest: candidates for it. */
          if (sqrt (d2) <= sqrt (planar2) * 1.01 + 50.0)
            best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, &xy[2 * i], 2, NULL, NULL));
        }
    }

  return best;
}

GPtrArray *
dm_warnings_settlements (const DmGeometry *line_or_boundary, const char *what, const DmPlaceIndex *index)
{
  GPtrArray *warnings = warnings_new ();
  g_autoptr (GPtrArray) paths = NULL;
  g_autoptr (GPtrArray) indexes = NULL;
  g_autoptr (GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  double min_lon, min_lat, max_lon, max_lat, dlat, dlon;
  const DmPlace *places;

  g_return_val_if_fail (line_or_boundary != NULL, warnings);
  g_return_val_if_fail (what != NULL, warnings);

  if (index == NULL || dm_geometry_is_empty (line_or_boundary))
    return warnings;
  places = dm_place_index_get_places (index, NULL);

  /* Only places within the largest radius of the line's box can be cut. */
  dm_geometry_get_extent (line_or_boundary, &min_lon, &min_lat, &max_lon, &max_lat);
  dlat = SETTLEMENT_RADIUS_MAX_M / METRES_PER_DEG_LAT_MIN * 1.01;
  dlon =
    SETTLEMENT_RADIUS_MAX_M * 1.01 /
    (METRES_PER_DEG_LON_EQ * MAX (cos (MIN (MAX (fabs (min_lat), fabs (max_lat)) + dlat, 90.0) * G_PI / 180.0), 1e-6));
  min_lon -= dlon;
  max_lon += dlon;
  min_lat -= dlat;
  max_lat += dlat;

  paths = collect_paths (line_or_boundary);
  indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_index_free);
  for (guint p = 0; p < paths->len; p++)
    {
      GArray *path = g_ptr_array_index (paths, p);

      g_ptr_array_add (indexes, segment_index_new ((const double *) (gconstpointer) path->data, path->len / 2, NULL));
    }

  dm_place_index_query (index, min_lon, min_lat, max_lon, max_lat, candidates);
  for (guint c = 0; c < candidates->len; c++)
    {
      const DmPlace *place = &places[g_array_index (candidates, guint, c)];
      double r_m, d_m;
      g_autofree char *message = NULL;
      const char *name;

      r_m = dm_warnings_settlement_radius_m (place->population);
      {
        gboolean near = FALSE;

        /* Most places are nowhere near the line: the segment index says so
         * without a pass over every segment. */
        for (guint p = 0; p < paths->len && !near; p++)
          {
            GArray *path = g_ptr_array_index (paths, p);

            near = path->len / 2 < 2 ||
                   any_segment_within (g_ptr_array_index (indexes, p), (const double *) (gconstpointer) path->data,
                                       place->lon, place->lat, r_m * 1.1 + 200.0, scratch);
          }
        if (!near)
          continue;
      }
      d_m = place_distance_m (place->lon, place->lat, paths, indexes, r_m);
      if (d_m > r_m)
        continue;

      name = place->name_en != NULL ? dm_place_get_name (place, dm_i18n_get_language ()) : "?";
      if (place->population > 0)
        {
          g_autofree char *pop = dm_format_number ((double) place->population, 0);

          /* Translators: “The contact line cuts through Kupiansk (pop. 26,000)” */
          message = g_strdup_printf (_ ("%s cuts through %s (pop. %s)"), what, name, pop);
        }
      else
        {
          /* Translators: “The contact line cuts through Kupiansk” */
          message = g_strdup_printf (_ ("%s cuts through %s"), what, name);
        }
      g_ptr_array_add (warnings, dm_warning_new (DM_WARNING_SETTLEMENT_CUT, place->lon, place->lat, message));
    }

  return warnings;
}

/* ---- Self-intersections ------------------------------------------------ */

typedef struct {
  double x0, y0, x1, y1;
  double min_s, max_s; /* extent along the sweep axis */
  guint path;
  guint index;
} SweepSegment;

typedef struct {
  guint n_segments;
  gboolean closed;
} SweepPath;

static int
compare_sweep (gconstpointer a, gconstpointer b)
{
  const SweepSegment *sa = a, *sb = b;

  return (sa->min_s > sb->min_s) - (sa->min_s < sb->min_s);
}

static int
compare_points (gconstpointer a, gconstpointer b)
{
  const double *pa = a, *pb = b;

  if (pa[0] != pb[0])
    return (pa[0] > pb[0]) - (pa[0] < pb[0]);
  return (pa[1] > pb[1]) - (pa[1] < pb[1]);
}

static inline double
cross (double ax, double ay, double bx, double by)
{
  return ax * by - ay * bx;
}

/* Where two segments meet (a point; the start of the overlap when they
 * are collinear), or FALSE. */
static gboolean
segments_meet (const SweepSegment *a, const SweepSegment *b, double *x, double *y)
{
  double rx = a->x1 - a->x0, ry = a->y1 - a->y0;
  double sx = b->x1 - b->x0, sy = b->y1 - b->y0;
  double qx = b->x0 - a->x0, qy = b->y0 - a->y0;
  double denom = cross (rx, ry, sx, sy);

  if (denom != 0)
    {
      double t = cross (qx, qy, sx, sy) / denom;
      double u = cross (qx, qy, rx, ry) / denom;

      if (t < 0 || t > 1 || u < 0 || u > 1)
        return FALSE;
      *x = a->x0 + t * rx;
      *y = a->y0 + t * ry;
      return TRUE;
    }

  if (cross (qx, qy, rx, ry) == 0)
    {
      double rr = rx * rx + ry * ry;
      double t0, t1, lo, hi;

      if (rr == 0)
        return FALSE;
      t0 = (qx * rx + qy * ry) / rr;
      t1 = t0 + (sx * rx + sy * ry) / rr;
      lo = MAX (MIN (t0, t1), 0.0);
      hi = MIN (MAX (t0, t1), 1.0);
      if (lo > hi)
        return FALSE;
      *x = a->x0 + lo * rx;
      *y = a->y0 + lo * ry;
      return TRUE;
    }

  return FALSE;
}

static gboolean
segments_adjacent (const SweepSegment *a, const SweepSegment *b, const SweepPath *paths)
{
  guint last;

  if (a->path != b->path)
    return FALSE;
  if (a->index + 1 == b->index || b->index + 1 == a->index)
    return TRUE;
  last = paths[a->path].n_segments - 1;

  return paths[a->path].closed && last > 1 &&
         ((a->index == 0 && b->index == last) || (b->index == 0 && a->index == last));
}

GPtrArray *
dm_warnings_self_intersections (const DmGeometry *line)
{
  GPtrArray *warnings = warnings_new ();
  g_autoptr (GArray) segs = NULL;
  g_autoptr (GArray) hits = NULL;
  g_autofree SweepPath *paths = NULL;
  double min_lon, min_lat, max_lon, max_lat;
  gboolean sweep_x;
  guint n_parts;

  g_return_val_if_fail (line != NULL, warnings);

  if (!dm_geometry_is_lineal (line) || dm_geometry_is_empty (line))
    return warnings;

  /* Sweep along the longer side of the box: a front line runs mostly one
   * way, so few segments overlap along that axis. */
  dm_geometry_get_extent (line, &min_lon, &min_lat, &max_lon, &max_lat);
  sweep_x = (max_lon - min_lon) >= (max_lat - min_lat);

  n_parts = dm_geometry_get_n_parts (line);
  paths = g_new0 (SweepPath, n_parts);
  segs = g_array_new (FALSE, FALSE, sizeof (SweepSegment));
  for (guint p = 0; p < n_parts; p++)
    {
      guint n, idx = 0;
      const double *xy = dm_geometry_get_ring (line, p, 0, &n);
      guint prev = 0;

      for (guint i = 1; i < n; i++)
        {
          SweepSegment s;

          /* Repeated vertices make no segment, so neighbours stay adjacent. */
          if (xy[2 * i] == xy[2 * prev] && xy[2 * i + 1] == xy[2 * prev + 1])
            continue;
          s.x0 = xy[2 * prev];
          s.y0 = xy[2 * prev + 1];
          s.x1 = xy[2 * i];
          s.y1 = xy[2 * i + 1];
          s.min_s = sweep_x ? MIN (s.x0, s.x1) : MIN (s.y0, s.y1);
          s.max_s = sweep_x ? MAX (s.x0, s.x1) : MAX (s.y0, s.y1);
          s.path = p;
          s.index = idx++;
          g_array_append_val (segs, s);
          prev = i;
        }
      paths[p].n_segments = idx;
      paths[p].closed = n >= 2 && idx >= 3 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1];
    }

  g_array_sort (segs, compare_sweep);
  hits = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  for (guint i = 0; i < segs->len; i++)
    {
      const SweepSegment *a = &g_array_index (segs, SweepSegment, i);

      for (guint j = i + 1; j < segs->len; j++)
        {
          const SweepSegment *b = &g_array_index (segs, SweepSegment, j);
          double pt[2];

          if (b->min_s > a->max_s)
            break;
          if (segments_adjacent (a, b, paths))
            continue;
          if (segments_meet (a, b, &pt[0], &pt[1]))
            g_array_append_val (hits, pt);
        }
    }

  /* A crossing at a vertex is found once per pair of segments there. */
  g_array_sort (hits, compare_points);
  for (guint i = 0; i < hits->len; i++)
    {
      const double *pt = &g_array_index (hits, double, 2 * i);
      g_autofree char *where = NULL;
      g_autofree char *message = NULL;

      if (i > 0)
        {
          const double *prev = &g_array_index (hits, double, 2 * (i - 1));

          if (fabs (pt[0] - prev[0]) < 1e-9 && fabs (pt[1] - prev[1]) < 1e-9)
            continue;
        }
      where = dm_format_position (pt[1], pt[0], 5);
      /* Translators: %s is a position such as “48.45600° N, 37.12300° E” */
      message = g_strdup_printf (_ ("The line crosses itself at %s"), where);
      g_ptr_array_add (warnings, dm_warning_new (DM_WARNING_SELF_INTERSECTION, pt[0], pt[1], message));
    }

  return warnings;
}

/* ---- Overlaps ---------------------------------------------------------- */

/* The polygonal part of @g: its geodesic area and centroid.  FALSE when
 * it has no area. */
static gboolean
polygonal_area_centroid (GEOSContextHandle_t ctx, const GEOSGeometry *g, double *area_m2, double *lon, double *lat)
{
  g_autoptr (DmGeometry) d = NULL;
  g_autoptr (DmGeosGeometry) poly = NULL;
  g_autoptr (DmGeosGeometry) centroid = NULL;

  if (g == NULL || GEOSisEmpty_r (ctx, g) == 1)
    return FALSE;
  d = dm_geometry_from_geos (ctx, g);
  if (d == NULL || !dm_geometry_is_polygonal (d))
    return FALSE;
  *area_m2 = dm_geodesy_geometry_area_m2 (d);
  if (!(*area_m2 > 0))
    return FALSE;

  /* The centroid of the polygons alone, not of stray lines beside them. */
  poly = dm_geometry_to_geos (ctx, d);
  centroid = poly != NULL ? GEOSGetCentroid_r (ctx, poly) : NULL;
  if (centroid == NULL || GEOSisEmpty_r (ctx, centroid) == 1 || GEOSGeomGetX_r (ctx, centroid, lon) != 1 ||
      GEOSGeomGetY_r (ctx, centroid, lat) != 1)
    {
      double x0, y0, x1, y1;

      dm_geometry_get_extent (d, &x0, &y0, &x1, &y1);
      *lon = (x0 + x1) / 2;
      *lat = (y0 + y1) / 2;
    }

  return TRUE;
}

static void
free_geos (gpointer data)
{
  dm_geos_geometry_free (data);
}

GPtrArray *
dm_warnings_swap_overlaps (GPtrArray *swap_geometries, GPtrArray *swap_names)
{
  GPtrArray *warnings = warnings_new ();
  g_autoptr (GPtrArray) geos = NULL;
  GEOSContextHandle_t ctx;

  g_return_val_if_fail (swap_geometries != NULL, warnings);
  g_return_val_if_fail (swap_names == NULL || swap_names->len == swap_geometries->len, warnings);

  ctx = dm_geos_get_context ();
  geos = g_ptr_array_new_with_free_func (free_geos);
  for (guint i = 0; i < swap_geometries->len; i++)
    {
      const DmGeometry *g = g_ptr_array_index (swap_geometries, i);
      GEOSGeometry *gg = NULL;

      if (g != NULL && dm_geometry_is_polygonal (g) && !dm_geometry_is_empty (g))
        {
          g_autoptr (DmGeosGeometry) raw = dm_geometry_to_geos (ctx, g);

          gg = raw != NULL ? dm_geos_make_valid (ctx, raw, NULL) : NULL;
        }
      g_ptr_array_add (geos, gg);
    }

  for (guint i = 0; i < geos->len; i++)
    for (guint j = i + 1; j < geos->len; j++)
      {
        const GEOSGeometry *gi = g_ptr_array_index (geos, i);
        const GEOSGeometry *gj = g_ptr_array_index (geos, j);
        g_autoptr (DmGeosGeometry) inter = NULL;
        g_autofree char *name_i = NULL;
        g_autofree char *name_j = NULL;
        g_autofree char *area = NULL;
        g_autofree char *message = NULL;
        double area_m2, lon, lat;

        if (gi == NULL || gj == NULL || GEOSIntersects_r (ctx, gi, gj) != 1)
          continue;
        inter = GEOSIntersection_r (ctx, gi, gj);
        if (!polygonal_area_centroid (ctx, inter, &area_m2, &lon, &lat))
          continue;

        /* Translators: the name of a land swap that has none, “Swap 2” */
        name_i = swap_names != NULL && g_ptr_array_index (swap_names, i) != NULL
                   ? g_strdup (g_ptr_array_index (swap_names, i))
                   : g_strdup_printf (_ ("Swap %u"), i + 1);
        name_j = swap_names != NULL && g_ptr_array_index (swap_names, j) != NULL
                   ? g_strdup (g_ptr_array_index (swap_names, j))
                   : g_strdup_printf (_ ("Swap %u"), j + 1);
        area = format_area (area_m2);
        /* Translators: “Swaps “Avdiivka” and “Pokrovsk” overlap by 12 km²” */
        message = g_strdup_printf (_ ("Swaps “%s” and “%s” overlap by %s"), name_i, name_j, area);
        g_ptr_array_add (warnings, dm_warning_new (DM_WARNING_SWAP_OVERLAP, lon, lat, message));
      }

  return warnings;
}

GPtrArray *
dm_warnings_zone_outside (const DmGeometry *zone,
                          const char *zone_name,
                          const DmGeometry *allowed,
                          const char *allowed_name)
{
  GPtrArray *warnings = warnings_new ();
  g_autoptr (DmGeosGeometry) gz_raw = NULL;
  g_autoptr (DmGeosGeometry) ga_raw = NULL;
  g_autoptr (DmGeosGeometry) gz = NULL;
  g_autoptr (DmGeosGeometry) ga = NULL;
  g_autoptr (DmGeosGeometry) outside = NULL;
  GEOSContextHandle_t ctx;
  int n;

  g_return_val_if_fail (zone != NULL, warnings);
  g_return_val_if_fail (zone_name != NULL, warnings);
  g_return_val_if_fail (allowed != NULL, warnings);
  g_return_val_if_fail (allowed_name != NULL, warnings);

  if (!dm_geometry_is_polygonal (zone) || dm_geometry_is_empty (zone) || !dm_geometry_is_polygonal (allowed))
    return warnings;

  ctx = dm_geos_get_context ();
  gz_raw = dm_geometry_to_geos (ctx, zone);
  gz = gz_raw != NULL ? dm_geos_make_valid (ctx, gz_raw, NULL) : NULL;
  if (gz == NULL)
    return warnings;
  if (dm_geometry_is_empty (allowed))
    outside = GEOSGeom_clone_r (ctx, gz);
  else
    {
      ga_raw = dm_geometry_to_geos (ctx, allowed);
      ga = ga_raw != NULL ? dm_geos_make_valid (ctx, ga_raw, NULL) : NULL;
      if (ga == NULL)
        return warnings;
      outside = GEOSDifference_r (ctx, gz, ga);
    }
  if (outside == NULL || GEOSisEmpty_r (ctx, outside) == 1)
    return warnings;

  /* One warning per piece, each where it is. */
  n = GEOSGetNumGeometries_r (ctx, outside);
  for (int i = 0; i < n; i++)
    {
      const GEOSGeometry *piece = GEOSGetGeometryN_r (ctx, outside, i);
      g_autofree char *area = NULL;
      g_autofree char *message = NULL;
      double area_m2, lon, lat;

      if (piece == NULL || GEOSGeomTypeId_r (ctx, piece) != GEOS_POLYGON)
        continue;
      if (!polygonal_area_centroid (ctx, piece, &area_m2, &lon, &lat) || area_m2 <= ZONE_OUTSIDE_MIN_M2)
        continue;

      area = format_area (area_m2);
      /* Translators: “The demilitarised zone extends 12 km² outside Ukraine” */
      message = g_strdup_printf (_ ("%s extends %s outside %s"), zone_name, area, allowed_name);
      g_ptr_array_add (warnings, dm_warning_new (DM_WARNING_ZONE_CROSSES_BORDER, lon, lat, message));
    }

  return warnings;
}

/* Segments of a path bucketed in cells of a grid over their box, for
 * places to find the few segments near them without a pass over the
 * whole line: one array, cell by cell.  A cell holds about
 * SEGMENTS_PER_CELL segments of a line of even density: 0.1° for a
 * tracker's line, down to CELL_DEG / 8 for a dense survey (a place near
 * a 300,000-vertex line then weighs hundreds of segments, not thousands);
 * coarser for a line spanning a continent. */
#define CELL_DEG          0.1
#define SEGMENTS_PER_CELL 16.0
#define MAX_CELLS         (1u << 22)

struct _SegmentIndex {
  double cell;          /* degrees */
  int cx0, cy0, nx, ny; /* cells cx0 … cx0 + nx − 1, likewise in y */
  guint *start;         /* nx · ny + 1 offsets into items */
  guint *items;         /* segment indices, cell by cell */
};

static void
segment_index_free (SegmentIndex *ix)
{
  if (ix == NULL)
    return;
  g_free (ix->start);
  g_free (ix->items);
  g_free (ix);
}

/* Segment @i's cells, clamped to the grid, from its ends' (@vx, @vy). */
static void
segment_cells (const SegmentIndex *ix, const int *vx, const int *vy, guint i, int *x0, int *x1, int *y0, int *y1)
{
  *x0 = CLAMP (MIN (vx[i], vx[i + 1]), 0, ix->nx - 1);
  *x1 = CLAMP (MAX (vx[i], vx[i + 1]), 0, ix->nx - 1);
  *y0 = CLAMP (MIN (vy[i], vy[i + 1]), 0, ix->ny - 1);
  *y1 = CLAMP (MAX (vy[i], vy[i + 1]), 0, ix->ny - 1);
}

/* @breaks: (nullable) segments not to index (they join two parts). */
static SegmentIndex *
segment_index_new (const double *xy, guint n, const guint8 *breaks)
{
  SegmentIndex *ix = g_new0 (SegmentIndex, 1);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, length = 0;
  g_autofree int *vx = NULL, *vy = NULL;
  guint total = 0;

  double longest = 0;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, xy[2 * i]);
      x1 = MAX (x1, xy[2 * i]);
      y0 = MIN (y0, xy[2 * i + 1]);
      y1 = MAX (y1, xy[2 * i + 1]);
      if (i > 0 && (breaks == NULL || !breaks[i - 1]))
        {
          double extent = MAX (fabs (xy[2 * i] - xy[2 * i - 2]), fabs (xy[2 * i + 1] - xy[2 * i - 1]));

          length += extent;
          longest = MAX (longest, extent);
        }
    }
  /* As dense as the line, but no segment's box over 32 cells a side (a
   * long jump in a dense line would fill thousands of cells). */
  ix->cell = n > 1 ? CLAMP (MAX (SEGMENTS_PER_CELL * length / (n - 1), longest / 32), CELL_DEG / 8, CELL_DEG)
                   : CELL_DEG;
  if (n < 2)
    {
      ix->nx = ix->ny = 1;
      ix->start = g_new0 (guint, 2);
      return ix;
    }
  while (((x1 - x0) / ix->cell + 2) * ((y1 - y0) / ix->cell + 2) > MAX_CELLS)
    ix->cell *= 2;
  ix->cx0 = (int) floor (x0 / ix->cell);
  ix->cy0 = (int) floor (y0 / ix->cell);
  ix->nx = (int) floor (x1 / ix->cell) - ix->cx0 + 1;
  ix->ny = (int) floor (y1 / ix->cell) - ix->cy0 + 1;
  ix->start = g_new0 (guint, (gsize) ix->nx * ix->ny + 1);
  /* Each vertex's cell once (a segment's box spans its ends' cells). */
  vx = g_new (int, n);
  vy = g_new (int, n);
  for (guint i = 0; i < n; i++)
    {
      vx[i] = (int) floor (xy[2 * i] / ix->cell) - ix->cx0;
      vy[i] = (int) floor (xy[2 * i + 1] / ix->cell) - ix->cy0;
    }

  /* Count, then place: each segment in every cell its box touches. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i + 1 < n; i++)
        {
          int a, b, c, d;

          if (breaks != NULL && breaks[i])
            continue;
          segment_cells (ix, vx, vy, i, &a, &b, &c, &d);
          for (int cy = c; cy <= d; cy++)
            for (int cx = a; cx <= b; cx++)
              {
                gsize k = (gsize) cy * ix->nx + cx;

                if (pass == 0)
                  ix->start[k + 1]++;
                else
                  ix->items[ix->start[k]++] = i;
              }
        }
      if (pass == 0)
        {
          for (gsize k = 0; k < (gsize) ix->nx * ix->ny; k++)
            ix->start[k + 1] += ix->start[k];
          total = ix->start[(gsize) ix->nx * ix->ny];
          ix->items = g_new (guint, MAX (total, 1));
        }
    }
  /* Placing moved each start to the next cell's: back by one cell. */
  memmove (ix->start + 1, ix->start, sizeof (guint) * (gsize) ix->nx * ix->ny);
  ix->start[0] = 0;
  return ix;
}

/* Appends to @out the segments in the cells within @reach_m of a place. */
static void
segment_index_near (const SegmentIndex *ix, double lon, double lat, double reach_m, GArray *out)
{
  double kx = METRES_PER_DEG_LON_EQ * cos (lat * G_PI / 180.0);
  double ky = METRES_PER_DEG_LAT_MIN;
  int cx0 = (int) floor ((lon - reach_m / kx) / ix->cell) - ix->cx0;
  int cx1 = (int) floor ((lon + reach_m / kx) / ix->cell) - ix->cx0;
  int cy0 = (int) floor ((lat - reach_m / ky) / ix->cell) - ix->cy0;
  int cy1 = (int) floor ((lat + reach_m / ky) / ix->cell) - ix->cy0;

  if (cx1 < 0 || cy1 < 0 || cx0 >= ix->nx || cy0 >= ix->ny)
    return;
  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, ix->nx - 1);
  cy1 = MIN (cy1, ix->ny - 1);
  for (int cy = cy0; cy <= cy1; cy++)
    {
      gsize a = ix->start[(gsize) cy * ix->nx + cx0], b = ix->start[(gsize) cy * ix->nx + cx1 + 1];

      /* A row's cells are consecutive: one copy. */
      if (b > a)
        g_array_append_vals (out, &ix->items[a], (guint) (b - a));
    }
}

/* @scratch: an array of guint to work in. */
static gboolean
any_segment_within (const SegmentIndex *ix, const double *xy, double lon, double lat, double reach_m, GArray *scratch)
{
  double kx = METRES_PER_DEG_LON_EQ * cos (lat * G_PI / 180.0);
  double ky = METRES_PER_DEG_LAT_MIN;
  GArray *near = scratch;

  g_array_set_size (near, 0);
  segment_index_near (ix, lon, lat, reach_m, near);
  for (guint k = 0; k < near->len; k++)
    {
      guint s = g_array_index (near, guint, k);

      if (segment_origin_dist2 ((xy[2 * s] - lon) * kx, (xy[2 * s + 1] - lat) * ky, (xy[2 * s + 2] - lon) * kx,
                                (xy[2 * s + 3] - lat) * ky) <= reach_m * reach_m)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
dm_warnings_band_settlements (const DmGeometry *line,
                              double width_a_m,
                              double width_b_m,
                              const char *zone_name,
                              const DmPlaceIndex *index)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_warning_free);
  g_autoptr (SegmentIndex) cells = NULL;
  g_autoptr (GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  const DmPlace *places;
  g_autofree guint8 *breaks = NULL;
  g_autofree guint *part_first = NULL, *part_last = NULL;
  double x0, y0, x1, y1, reach_m, dlat, dlon;
  const double *xy;
  guint n;

  g_return_val_if_fail (line != NULL, out);

  if (!dm_geometry_is_lineal (line) || index == NULL)
    return out;
  places = dm_place_index_get_places (index, NULL);
  /* Every part at once: where two parts' bands meet, the nearest segment
   * of either decides, as the dissolved zone has it. */
  xy = dm_geometry_get_coords (line);
  n = dm_geometry_get_n_points (line);
  if (n < 2)
    return out;
  breaks = g_new0 (guint8, n);
  part_first = g_new (guint, n);
  part_last = g_new (guint, n);
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint np, off = dm_geometry_get_ring_offset (line, p, 0);

      dm_geometry_get_ring (line, p, 0, &np);
      if (np == 0)
        continue;
      if (off > 0)
        breaks[off - 1] = 1;
      for (guint i = off; i < off + np; i++)
        {
          part_first[i] = off;
          part_last[i] = off + np - 1;
        }
    }

  /* Only places that can reach an edge: within the wider width plus the
   * largest settlement radius. */
  reach_m = MAX (width_a_m, width_b_m) + SETTLEMENT_RADIUS_MAX_M;
  dm_geometry_get_extent (line, &x0, &y0, &x1, &y1);
  dlat = reach_m / METRES_PER_DEG_LAT_MIN;
  dlon = reach_m / (METRES_PER_DEG_LON_EQ * cos (MIN (MAX (fabs (y0), fabs (y1)) + dlat, 89.0) * G_PI / 180.0));
  cells = segment_index_new (xy, n, breaks);

  dm_place_index_query (index, x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat, candidates);
  for (guint c = 0; c < candidates->len; c++)
    {
      const DmPlace *p = &places[g_array_index (candidates, guint, c)];
      double kx, ky, best2 = G_MAXDOUBLE, approx, r, d, width;
      guint best_seg = 0;
      DmSide side;

      /* The nearest segment in a local equirectangular frame (well under
       * 1 % off at these distances), among those in nearby cells: within
       * the reach that can matter for this place (the test below passes
       * nothing farther than (width + r + 100 m) / 0.98). */
      kx = METRES_PER_DEG_LON_EQ * cos (p->lat * G_PI / 180.0);
      ky = METRES_PER_DEG_LAT_MIN;
      r = dm_warnings_settlement_radius_m (p->population);
      g_array_set_size (near, 0);
      segment_index_near (cells, p->lon, p->lat, (MAX (width_a_m, width_b_m) + r + 100.0) / 0.98 + 1.0, near);
      for (guint k = 0; k < near->len; k++)
        {
          guint s = g_array_index (near, guint, k);
          double d2 = segment_origin_dist2 ((xy[2 * s] - p->lon) * kx, (xy[2 * s + 1] - p->lat) * ky,
                                            (xy[2 * s + 2] - p->lon) * kx, (xy[2 * s + 3] - p->lat) * ky);

          /* The first of equally near ones, whatever the cells' order. */
          if (d2 < best2 || (d2 == best2 && s < best_seg))
            {
              best2 = d2;
              best_seg = s;
            }
        }
      if (best2 == G_MAXDOUBLE)
        continue;
      approx = sqrt (best2);
      {
        /* The nearest segment decides the side: a window around it will do. */
        guint lo = MAX (best_seg, part_first[best_seg] + 20) - 20;
        guint hi = MIN (part_last[best_seg], best_seg + 21);

        side = dm_sides_classify_point (&xy[2 * lo], hi - lo + 1, p->lon, p->lat);
      }
      width = side == DM_SIDE_A ? width_a_m : width_b_m;
      /* A one-sided band has no edge on its empty side; the planar figure
       * decides only what is clearly far from the edge. */
      if (width <= 0 || fabs (approx - width) > r + 0.02 * approx + 100.0)
        continue;
      {
        /* The planar nearest segment and its neighbours hold the geodesic
         * nearest point (the frame is off by well under 1 % here). */
        guint lo = MAX (best_seg, part_first[best_seg] + 2) - 2;
        guint hi = MIN (part_last[best_seg], best_seg + 3);

        d = dm_geodesy_point_path_distance_m (p->lon, p->lat, &xy[2 * lo], hi - lo + 1, NULL, NULL);
        d = MIN (d, approx * 1.02);
      }
      if (fabs (d - width) > r)
        continue;
      {
        g_autofree char *pop = dm_format_number (p->population, 0);
        g_autofree char *msg =
          p->population > 0
            /* Translators: “The edge of the Demilitarised zone cuts through Bakhmut (pop. 70,000)” */
            ? g_strdup_printf (_ ("The edge of the %s cuts through %s (pop. %s)"), zone_name,
                               dm_place_get_name (p, dm_i18n_get_language ()), pop)
            : g_strdup_printf (_ ("The edge of the %s cuts through %s"), zone_name,
                               dm_place_get_name (p, dm_i18n_get_language ()));

        g_ptr_array_add (out, dm_warning_new (DM_WARNING_SETTLEMENT_CUT, p->lon, p->lat, msg));
      }
    }
  return out;
}
