/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-monitoring"

#include "config.h"

#include "dm-monitoring.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-proj.h"
#include "dm-sides.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-monitoring-error-quark, dm_monitoring_error)
/* clang-format on */

/* Vertices of a range circle when coverage is measured: the 256-gon
 * misses 0.01 % of the circle's area. */
#define CIRCLE_VERTICES 128
/* Across the zone, where a station looks for what is out of range:
 * shares of the side's width from the line. */
static const double across[] = { 0.02, 0.25, 0.5, 0.75, 1.0 };

static const DmSensorType sensor_types[] = {
  /* Translators: kinds of sensor in a monitoring plan, with rough planning ranges */
  { "camera", N_ ("Day and night camera"), 5000.0 },
  { "ground-radar", N_ ("Ground surveillance radar"), 20000.0 },
  { "drone", N_ ("Small drone"), 40000.0 },
  { NULL, NULL, 0 },
};

const DmSensorType *
dm_sensor_types (void)
{
  return sensor_types;
}

const DmSensorType *
dm_sensor_type_find (const char *id)
{
  for (const DmSensorType *t = sensor_types; t->id != NULL; t++)
    if (g_strcmp0 (t->id, id) == 0)
      return t;
  return NULL;
}

/* ---- Walking along a part of the line ----------------------------------- */

typedef struct {
  const double *xy;
  guint n;
  double *at; /* distance along to each vertex */
} Path;

static void
path_init (Path *p, const double *xy, guint n)
{
  p->xy = xy;
  p->n = n;
  p->at = g_new (double, n);
  p->at[0] = 0;
  for (guint i = 1; i < n; i++)
    p->at[i] = p->at[i - 1] + dm_geodesy_distance_m (xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1]);
}

static void
path_clear (Path *p)
{
  g_clear_pointer (&p->at, g_free);
}

static double
path_length (const Path *p)
{
  return p->at[p->n - 1];
}

/* The point @s along the path and the line's azimuth there. */
static void
path_at (const Path *p, double s, double *lon, double *lat, double *azimuth)
{
  guint lo = 0, hi = p->n - 1;
  const double *a, *b;
  double len, az1, az2;

  s = CLAMP (s, 0, path_length (p));
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (p->at[mid] <= s)
        lo = mid;
      else
        hi = mid;
    }
  /* Skip repeated vertices. */
  while (lo > 0 && p->at[lo + 1] - p->at[lo] <= 0)
    lo--;
  a = p->xy + 2 * lo;
  b = a + 2;
  dm_geodesy_inverse (a[0], a[1], b[0], b[1], &len, &az1, &az2);
  if (len <= 0)
    {
      *lon = a[0];
      *lat = a[1];
      *azimuth = 0;
      return;
    }
  if (s - p->at[lo] >= len)
    {
      *lon = b[0];
      *lat = b[1];
      *azimuth = az2;
      return;
    }
  dm_geodesy_direct (a[0], a[1], az1, s - p->at[lo], lon, lat);
  if (len - (s - p->at[lo]) > 1e-3)
    dm_geodesy_inverse (*lon, *lat, b[0], b[1], NULL, azimuth, NULL);
  else
    *azimuth = az2;
}

/* Square to the line at @s, @offset_m to side @side's hand (A: left). */
static void
path_offset (const Path *p, double s, DmSide side, double offset_m, double *lon, double *lat)
{
  double x, y, az;

  path_at (p, s, &x, &y, &az);
  if (offset_m <= 0)
    {
      *lon = x;
      *lat = y;
      return;
    }
  dm_geodesy_direct (x, y, az + (side == DM_SIDE_A ? -90.0 : 90.0), offset_m, lon, lat);
}

/* ---- Posts ------------------------------------------------------------- */

static double
side_width (const DmZoneRule *rule, DmSide side)
{
  return side == DM_SIDE_A ? rule->width_a_m : rule->width_b_m;
}

/* The distance from a point to the line, looking only at segments a flat
 * earth puts within @reach_m of it (INFINITY when none is). */
static double
near_distance (const DmGeometry *line, double lon, double lat, double reach_m)
{
  double kx = cos (lat * G_PI / 180.0) * 111320.0, ky = 110540.0, best = INFINITY;

  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);

      for (guint i = 0; i + 1 < n; i++)
        {
          double ax = (xy[2 * i] - lon) * kx, ay = (xy[2 * i + 1] - lat) * ky;
          double bx = (xy[2 * i + 2] - lon) * kx, by = (xy[2 * i + 3] - lat) * ky;
          double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
          double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0, 1) : 0;
          double fx = ax + t * dx, fy = ay + t * dy;

          if (fx * fx + fy * fy > (reach_m * 1.05 + 100) * (reach_m * 1.05 + 100))
            continue;
          best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, xy + 2 * i, 2, NULL, NULL));
        }
    }
  return best;
}

/* A post of @side at @s: square to the line, then moved along that
 * square until it is the side's width from the whole line, on the zone's
 * edge (square to a wiggling line, the width alone falls short of it). */
static void
post_position (const DmGeometry *line,
               const Path *path,
               double s,
               DmSide side,
               double width_m,
               double *lon,
               double *lat)
{
  double offset = width_m;

  path_offset (path, s, side, offset, lon, lat);
  for (int i = 0; i < 6 && width_m > 0; i++)
    {
      double d = near_distance (line, *lon, *lat, width_m);

      if (!isfinite (d) || fabs (d - width_m) < 1.0)
        break;
      offset = CLAMP (offset + (width_m - d), 0, 3 * width_m);
      path_offset (path, s, side, offset, lon, lat);
    }
}

static void
place_posts (GArray *posts, const DmGeometry *line, const DmZoneRule *rule, double spacing_m)
{
  g_array_set_size (posts, 0);
  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);
      Path path;
      double length;

      if (n < 2)
        continue;
      path_init (&path, xy, n);
      length = path_length (&path);
      for (guint s = 0; s < 2; s++)
        {
          DmSide side = s == 0 ? DM_SIDE_A : DM_SIDE_B;
          guint count = MAX (1, (guint) floor (length / spacing_m + 0.5));
          /* Evenly over the part, half a step from each end. */
          double step = length / count;

          for (guint k = 0; k < count; k++)
            {
              DmPost post = { 0, 0, side, part, (k + 0.5) * step, 0, 0 };

              post_position (line, &path, post.along_m, side, side_width (rule, side), &post.lon, &post.lat);
              g_array_append_val (posts, post);
            }
        }
      path_clear (&path);
    }
}

/* ---- Posts and what is in their range ------------------------------------ */

static double
post_range (const DmPost *p, double default_range_m)
{
  return p->range_m > 0 ? p->range_m : default_range_m;
}

/* Metres in a flat earth from (lon, lat) to @p: a bound that needs slack. */
static double
flat_distance (double lon, double lat, double plon, double plat)
{
  double dx = (lon - plon) * cos (lat * G_PI / 180.0) * 111320.0, dy = (lat - plat) * 110540.0;

  return sqrt (dx * dx + dy * dy);
}

/* Slack over a flat-earth distance: 1 % and 2 km. */
static double
reach (double range_m)
{
  return range_m * 1.01 + 2000.0;
}

static gboolean
in_range (const DmPost *posts, guint n_posts, double default_range_m, double lon, double lat)
{
  for (guint i = 0; i < n_posts; i++)
    {
      const DmPost *p = &posts[i];
      double r = post_range (p, default_range_m);

      if (flat_distance (lon, lat, p->lon, p->lat) > reach (r))
        continue;
      if (dm_geodesy_distance_m (lon, lat, p->lon, p->lat) <= r)
        return TRUE;
    }
  return FALSE;
}

DmGeometry *
dm_monitoring_range_circle (double lon, double lat, double range_m, guint n_points)
{
  g_autofree double *xy = g_new (double, 2 * n_points);

  for (guint i = 0; i < n_points; i++)
    /* Counter-clockwise: azimuths run clockwise, so go backwards. */
    dm_geodesy_direct (lon, lat, 360.0 - 360.0 * i / n_points, range_m, &xy[2 * i], &xy[2 * i + 1]);
  return dm_geometry_new_polygon (xy, n_points);
}

/* ---- The cache: the zone cut into cells, the line's stations ------------- */

/* Cells of the zone at most this wide and high: a moved post measures a
 * few of them again. */
#define CELL_M 15000.0
/* The fast projection is good to millimetres this far from its centre. */
#define FAST_PROJ_M 50000.0
#define N_ACROSS    G_N_ELEMENTS (across)

typedef struct {
  DmGeometry *piece; /* lon/lat */
  GEOSGeometry *flat;
  DmLocalProj *proj; /* fast, centred on the cell */
  double clon, clat, radius;
  double area, covered;
} Cell;

typedef struct {
  guint part;
  DmSide side;
  double s;
  double lon[N_ACROSS], lat[N_ACROSS];
  guint covered; /* a bit for each sample across */
} Station;

struct _DmMonitoringCache {
  DmGeometry *line;
  DmZoneRule *rule;
  DmZoneResult *zone;
  GArray *cells;      /* Cell */
  GArray *stations;   /* Station, part by part, side A then B, along */
  GArray *paths;      /* Path of each part (n 0 for a part of one point) */
  GPtrArray *circles; /* each post's range circle (lon/lat), made when first needed */
};

static void
cell_clear (gpointer data)
{
  Cell *c = data;

  dm_geometry_free (c->piece);
  dm_geos_geometry_free (c->flat);
  dm_local_proj_free (c->proj);
}

static void
cache_free (DmMonitoringCache *cache)
{
  if (cache == NULL)
    return;
  dm_geometry_free (cache->line);
  dm_zone_rule_free (cache->rule);
  dm_zone_result_unref (cache->zone);
  g_array_unref (cache->cells);
  g_array_unref (cache->stations);
  for (guint i = 0; i < cache->paths->len; i++)
    if (g_array_index (cache->paths, Path, i).n > 0)
      path_clear (&g_array_index (cache->paths, Path, i));
  g_array_unref (cache->paths);
  g_ptr_array_unref (cache->circles);
  g_free (cache);
}

static gboolean
geos_failed (GError **error)
{
  g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_FAILED,
               _ ("The coverage of the zone could not be measured: %s"), dm_geos_last_error ());
  return FALSE;
}

static gboolean
add_cell (DmMonitoringCache *cache, GEOSContextHandle_t ctx, const GEOSGeometry *g, GError **error)
{
  g_autoptr (DmGeometry) piece = dm_geometry_from_geos (ctx, g);
  g_autoptr (DmGeometry) flat = NULL;
  double min_lon, min_lat, max_lon, max_lat;
  Cell cell = { 0 };

  if (piece == NULL || !dm_geometry_is_polygonal (piece))
    return TRUE; /* slivers clipped to lines or points */
  dm_geometry_get_extent (piece, &min_lon, &min_lat, &max_lon, &max_lat);
  cell.clon = (min_lon + max_lon) / 2;
  cell.clat = (min_lat + max_lat) / 2;
  cell.radius = MAX (dm_geodesy_distance_m (cell.clon, cell.clat, min_lon, min_lat),
                     dm_geodesy_distance_m (cell.clon, cell.clat, max_lon, max_lat));
  cell.radius = MAX (cell.radius, MAX (dm_geodesy_distance_m (cell.clon, cell.clat, min_lon, max_lat),
                                       dm_geodesy_distance_m (cell.clon, cell.clat, max_lon, min_lat)));
  cell.proj = dm_local_proj_new_with_method (cell.clon, cell.clat,
                                             cell.radius <= FAST_PROJ_M ? DM_LOCAL_PROJ_FAST : DM_LOCAL_PROJ_GEODESIC);
  flat = dm_local_proj_forward_geometry (cell.proj, piece);
  if (flat == NULL || (cell.flat = dm_geometry_to_geos (ctx, flat)) == NULL || !GEOSArea_r (ctx, cell.flat, &cell.area))
    {
      dm_local_proj_free (cell.proj);
      dm_geos_geometry_free (cell.flat);
      return geos_failed (error);
    }
  if (cell.area <= 0)
    {
      cell_clear (&cell);
      return TRUE;
    }
  cell.piece = g_steal_pointer (&piece);
  g_array_append_val (cache->cells, cell);
  return TRUE;
}

/* @g (lon/lat) halved across its longer side until each cell is at most
 * CELL_M wide and high. */
static gboolean
cut_cells (DmMonitoringCache *cache, GEOSContextHandle_t ctx, const GEOSGeometry *g, guint depth, GError **error)
{
  double x0, y0, x1, y1, w, h;

  if (GEOSisEmpty_r (ctx, g))
    return TRUE;
  if (!GEOSGeom_getXMin_r (ctx, g, &x0) || !GEOSGeom_getYMin_r (ctx, g, &y0) || !GEOSGeom_getXMax_r (ctx, g, &x1) ||
      !GEOSGeom_getYMax_r (ctx, g, &y1))
    return geos_failed (error);
  w = (x1 - x0) * cos ((y0 + y1) / 2 * G_PI / 180.0) * 111320.0;
  h = (y1 - y0) * 110540.0;
  if ((w <= CELL_M && h <= CELL_M) || depth >= 30)
    return add_cell (cache, ctx, g, error);
  for (guint half = 0; half < 2; half++)
    {
      g_autoptr (DmGeosGeometry) part = NULL;

      if (w >= h)
        part = half == 0 ? GEOSClipByRect_r (ctx, g, x0, y0, (x0 + x1) / 2, y1)
                         : GEOSClipByRect_r (ctx, g, (x0 + x1) / 2, y0, x1, y1);
      else
        part = half == 0 ? GEOSClipByRect_r (ctx, g, x0, y0, x1, (y0 + y1) / 2)
                         : GEOSClipByRect_r (ctx, g, x0, (y0 + y1) / 2, x1, y1);
      if (part == NULL)
        return geos_failed (error);
      if (!cut_cells (cache, ctx, part, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static void
add_stations (DmMonitoringCache *cache, guint part, const Path *path)
{
  double length = path_length (path);
  guint n_stations = (guint) ceil (length / DM_MONITORING_STATION_M) + 1;

  for (guint sd = 0; sd < 2; sd++)
    {
      DmSide side = sd == 0 ? DM_SIDE_A : DM_SIDE_B;
      double w = side_width (cache->rule, side);

      if (w <= 0)
        continue;
      for (guint k = 0; k < n_stations; k++)
        {
          Station st = { part, side, MIN (k * DM_MONITORING_STATION_M, length), { 0 }, { 0 }, 0 };
          double x, y, az;

          path_at (path, st.s, &x, &y, &az);
          for (guint a = 0; a < N_ACROSS; a++)
            dm_geodesy_direct (x, y, az + (side == DM_SIDE_A ? -90.0 : 90.0), w * across[a], &st.lon[a], &st.lat[a]);
          g_array_append_val (cache->stations, st);
        }
    }
}

static DmMonitoringCache *
cache_new (const DmGeometry *line, const DmZoneRule *rule, DmZoneResult *zone, GError **error)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  DmMonitoringCache *cache = g_new0 (DmMonitoringCache, 1);

  cache->line = dm_geometry_copy (line);
  cache->rule = dm_zone_rule_copy (rule);
  cache->zone = dm_zone_result_ref (zone);
  cache->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_array_set_clear_func (cache->cells, cell_clear);
  cache->stations = g_array_new (FALSE, FALSE, sizeof (Station));
  cache->paths = g_array_new (FALSE, TRUE, sizeof (Path));
  cache->circles = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (DmGeometry) pieces = dm_zone_result_get_geometry (zone, s == 0 ? DM_SIDE_A : DM_SIDE_B);
      g_autoptr (DmGeosGeometry) g = NULL;

      if (pieces == NULL || dm_geometry_is_empty (pieces))
        continue;
      if ((g = dm_geometry_to_geos (ctx, pieces)) == NULL || !cut_cells (cache, ctx, g, 0, error))
        {
          if (g == NULL)
            geos_failed (error);
          cache_free (cache);
          return NULL;
        }
    }
  /* Paths point into the cache's own copy of the line. */
  g_array_set_size (cache->paths, dm_geometry_get_n_parts (cache->line));
  for (guint part = 0; part < dm_geometry_get_n_parts (cache->line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (cache->line, part, 0, &n);
      Path *path = &g_array_index (cache->paths, Path, part);

      if (n < 2)
        continue;
      path_init (path, xy, n);
      add_stations (cache, part, path);
    }
  return cache;
}

/* The area of @cell within range of @posts. */
/* The circles of posts whose circles are not known any more. */
static void
forget_circles (DmMonitoringCache *cache, guint n_posts)
{
  g_ptr_array_set_size (cache->circles, 0);
  g_ptr_array_set_size (cache->circles, n_posts);
}

static gboolean
measure_cell (DmMonitoringCache *cache,
              Cell *cell,
              const DmPost *posts,
              guint n_posts,
              double default_range_m,
              GError **error)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (GPtrArray) near = g_ptr_array_new ();
  g_autoptr (GPtrArray) circles = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geos_geometry_free);
  g_autoptr (DmLocalProj) wide_proj = NULL;
  g_autoptr (DmGeosGeometry) wide_flat = NULL;
  DmLocalProj *proj = cell->proj;
  const GEOSGeometry *flat = cell->flat;
  double farthest = 0;
  GEOSGeometry *collection, *all, *inside;

  cell->covered = 0;
  for (guint i = 0; i < n_posts; i++)
    {
      double r = post_range (&posts[i], default_range_m);

      if (flat_distance (cell->clon, cell->clat, posts[i].lon, posts[i].lat) > reach (cell->radius + r) ||
          dm_geodesy_distance_m (cell->clon, cell->clat, posts[i].lon, posts[i].lat) > cell->radius + r)
        continue;
      g_ptr_array_add (near, GUINT_TO_POINTER (i));
      farthest = MAX (farthest, dm_geodesy_distance_m (cell->clon, cell->clat, posts[i].lon, posts[i].lat) + r);
    }
  if (near->len == 0)
    return TRUE;
  /* Circles reaching beyond where the fast projection holds: the exact one. */
  if (farthest > FAST_PROJ_M && dm_local_proj_get_method (proj) == DM_LOCAL_PROJ_FAST)
    {
      g_autoptr (DmGeometry) f = NULL;

      wide_proj = dm_local_proj_new_with_method (cell->clon, cell->clat, DM_LOCAL_PROJ_GEODESIC);
      if ((f = dm_local_proj_forward_geometry (wide_proj, cell->piece)) == NULL ||
          (wide_flat = dm_geometry_to_geos (ctx, f)) == NULL)
        return geos_failed (error);
      proj = wide_proj;
      flat = wide_flat;
    }
  for (guint i = 0; i < near->len; i++)
    {
      guint k = GPOINTER_TO_UINT (g_ptr_array_index (near, i));
      const DmPost *p = &posts[k];
      g_autoptr (DmGeometry) circle_flat = NULL;

      if (g_ptr_array_index (cache->circles, k) == NULL)
        g_ptr_array_index (cache->circles, k) =
          dm_monitoring_range_circle (p->lon, p->lat, post_range (p, default_range_m), CIRCLE_VERTICES);
      circle_flat = dm_local_proj_forward_geometry (proj, g_ptr_array_index (cache->circles, k));
      GEOSGeometry *c;

      if (circle_flat == NULL || (c = dm_geometry_to_geos (ctx, circle_flat)) == NULL)
        return geos_failed (error);
      g_ptr_array_add (circles, c);
    }
  collection =
    GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, (GEOSGeometry **) circles->pdata, circles->len);
  if (collection == NULL)
    return geos_failed (error);
  /* The collection owns them now. */
  g_ptr_array_set_free_func (circles, NULL);
  all = GEOSUnaryUnion_r (ctx, collection);
  GEOSGeom_destroy_r (ctx, collection);
  if (all == NULL)
    return geos_failed (error);
  inside = GEOSIntersection_r (ctx, flat, all);
  if (inside == NULL)
    {
      /* A cell GEOS finds invalid: repaired, then cut. */
      g_autoptr (DmGeosGeometry) valid = dm_geos_make_valid (ctx, flat, NULL);

      inside = valid != NULL ? GEOSIntersection_r (ctx, valid, all) : NULL;
    }
  GEOSGeom_destroy_r (ctx, all);
  if (inside == NULL || !GEOSArea_r (ctx, inside, &cell->covered))
    {
      dm_geos_geometry_free (inside);
      return geos_failed (error);
    }
  GEOSGeom_destroy_r (ctx, inside);
  cell->covered = MIN (cell->covered, cell->area);
  return TRUE;
}

static void
measure_station (Station *st, const DmPost *posts, guint n_posts, double default_range_m)
{
  st->covered = 0;
  for (guint a = 0; a < N_ACROSS; a++)
    if (in_range (posts, n_posts, default_range_m, st->lon[a], st->lat[a]))
      st->covered |= 1u << a;
}

/* A circle whose inside changed: a post added, removed or moved. */
typedef struct {
  double lon, lat, range_m;
} Changed;

static gboolean
near_changed (GArray *changed, double lon, double lat, double radius)
{
  for (guint i = 0; i < changed->len; i++)
    {
      const Changed *c = &g_array_index (changed, Changed, i);

      if (flat_distance (lon, lat, c->lon, c->lat) <= reach (radius + c->range_m))
        return TRUE;
    }
  return FALSE;
}

/* Cells and stations measured again: all of them when @changed is NULL,
 * else those near a changed circle. */
static gboolean
measure (DmMonitoringPlan *plan, GArray *changed, GError **error)
{
  DmMonitoringCache *cache = plan->cache;
  const DmPost *posts = (const DmPost *) plan->posts->data;
  double range = plan->options.range_m;

  if (changed != NULL && changed->len == 0)
    return TRUE;
  for (guint i = 0; i < cache->cells->len; i++)
    {
      Cell *cell = &g_array_index (cache->cells, Cell, i);

      if ((changed == NULL || near_changed (changed, cell->clon, cell->clat, cell->radius)) &&
          !measure_cell (cache, cell, posts, plan->posts->len, range, error))
        return FALSE;
    }
  for (guint i = 0; i < cache->stations->len; i++)
    {
      Station *st = &g_array_index (cache->stations, Station, i);
      gboolean again = changed == NULL;

      for (guint a = 0; !again && a < N_ACROSS; a++)
        again = near_changed (changed, st->lon[a], st->lat[a], 0);
      if (again)
        measure_station (st, posts, plan->posts->len, range);
    }
  return TRUE;
}

/* ---- Figures from what was measured ---------------------------------------- */

static void
find_uncovered (DmMonitoringPlan *plan)
{
  DmMonitoringCache *cache = plan->cache;
  const guint all = (1u << N_ACROSS) - 1;
  gboolean open = FALSE;
  DmUncoveredStretch current = { 0 };

  g_array_set_size (plan->uncovered, 0);
  for (guint i = 0; i <= cache->stations->len; i++)
    {
      const Station *st = i < cache->stations->len ? &g_array_index (cache->stations, Station, i) : NULL;

      if (open && (st == NULL || st->part != current.part || st->side != current.side || st->covered == all))
        {
          g_array_append_val (plan->uncovered, current);
          open = FALSE;
        }
      if (st == NULL || st->covered == all)
        continue;
      if (!open)
        {
          open = TRUE;
          current = (DmUncoveredStretch){ st->side, st->part, MAX (0, st->s - DM_MONITORING_STATION_M / 2), 0, 0, 0 };
        }
      current.to_m = st->s + DM_MONITORING_STATION_M / 2;
    }
  plan->uncovered_m = 0;
  for (guint i = 0; i < plan->uncovered->len; i++)
    {
      DmUncoveredStretch *u = &g_array_index (plan->uncovered, DmUncoveredStretch, i);
      const Path *path = &g_array_index (cache->paths, Path, u->part);
      double az;

      u->to_m = MIN (u->to_m, path_length (path));
      path_at (path, (u->from_m + u->to_m) / 2, &u->lon, &u->lat, &az);
      plan->uncovered_m += u->to_m - u->from_m;
    }
}

static void
sum_up (DmMonitoringPlan *plan)
{
  DmMonitoringCache *cache = plan->cache;
  double area = 0, covered = 0;

  for (guint i = 0; i < cache->cells->len; i++)
    {
      const Cell *cell = &g_array_index (cache->cells, Cell, i);

      area += cell->area;
      covered += cell->covered;
    }
  plan->zone_area_m2 = dm_zone_result_get_area_m2 (cache->zone, DM_SIDE_NONE);
  plan->coverage = area > 0 ? CLAMP (covered / area, 0.0, 1.0) : 0.0;
  plan->covered_m2 = plan->coverage * plan->zone_area_m2;

  plan->n_posts[0] = plan->n_posts[1] = 0;
  plan->range_min_m = plan->range_max_m = plan->posts->len > 0 ? G_MAXDOUBLE : plan->options.range_m;
  if (plan->posts->len == 0)
    plan->range_max_m = plan->options.range_m;
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);
      double r = post_range (p, plan->options.range_m);

      plan->n_posts[p->side == DM_SIDE_A ? 0 : 1]++;
      plan->range_min_m = MIN (plan->range_min_m, r);
      plan->range_max_m = i == 0 ? r : MAX (plan->range_max_m, r);
    }
  plan->observers = (double) plan->posts->len * plan->options.crew;
  plan->patrols_per_day = plan->observers * DM_MONITORING_UNIIMOG.patrols_per_day / DM_MONITORING_UNIIMOG.observers;
  plan->line_length_m = 0;
  for (guint i = 0; i < cache->paths->len; i++)
    if (g_array_index (cache->paths, Path, i).n > 0)
      plan->line_length_m += path_length (&g_array_index (cache->paths, Path, i));
  dm_monitoring_estimate (plan->line_length_m, &DM_MONITORING_UNIIMOG, &plan->uniimog_observers,
                          &plan->uniimog_patrols_per_day);
  find_uncovered (plan);
}

/* ---- Where a post stands --------------------------------------------------- */

/* The segment of @line nearest (lon, lat) in a flat earth there; FALSE
 * when the line has none. */
static gboolean
nearest_segment (const DmGeometry *line, double lon, double lat, guint *part_out, guint *segment_out)
{
  double kx = cos (lat * G_PI / 180.0) * 111320.0, ky = 110540.0, best = INFINITY;

  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);

      for (guint i = 0; i + 1 < n; i++)
        {
          double ax = (xy[2 * i] - lon) * kx, ay = (xy[2 * i + 1] - lat) * ky;
          double dx = (xy[2 * i + 2] - xy[2 * i]) * kx, dy = (xy[2 * i + 3] - xy[2 * i + 1]) * ky;
          double len2 = dx * dx + dy * dy;
          double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0, 1) : 0;
          double fx = ax + t * dx, fy = ay + t * dy;

          if (fx * fx + fy * fy < best)
            {
              best = fx * fx + fy * fy;
              *part_out = part;
              *segment_out = i;
            }
        }
    }
  return isfinite (best);
}

/* The part, the distance along it and (for none) the side of the line
 * nearest @p. */
static void
locate_post (DmMonitoringCache *cache, DmPost *p)
{
  guint part = 0, seg = 0;

  p->part = 0;
  p->along_m = 0;
  if (nearest_segment (cache->line, p->lon, p->lat, &part, &seg))
    {
      guint n;
      const double *xy = dm_geometry_get_ring (cache->line, part, 0, &n);
      const Path *path = &g_array_index (cache->paths, Path, part);
      /* The geodesic nearest point on the flat-earth nearest segment and
       * its neighbours. */
      guint first = seg > 0 ? seg - 1 : 0, last = MIN (seg + 2, n - 1), at = 0;
      double fraction = 0;

      dm_geodesy_point_path_distance_m (p->lon, p->lat, xy + 2 * first, last - first + 1, &at, &fraction);
      at += first;
      p->part = part;
      p->along_m = path->at[at] + fraction * (path->at[at + 1] - path->at[at]);
      if (p->side == DM_SIDE_NONE)
        p->side = dm_sides_classify_point_on_line (cache->line, p->lon, p->lat);
    }
  if (p->side == DM_SIDE_NONE)
    p->side = DM_SIDE_A;
}

static gboolean
same_post (const DmPost *a, const DmPost *b)
{
  return a->lon == b->lon && a->lat == b->lat && a->range_m == b->range_m &&
         (b->side == DM_SIDE_NONE || a->side == b->side);
}

static void
add_changed (GArray *changed, const DmPost *p, double default_range_m)
{
  Changed c = { p->lon, p->lat, post_range (p, default_range_m) };

  g_array_append_val (changed, c);
}

/* ---- The plan ------------------------------------------------------------- */

static gboolean
check_options (const DmMonitoringOptions *options, gboolean placing, GError **error)
{
  if (!isfinite (options->range_m) || options->range_m <= 0 || options->range_m > DM_MONITORING_MAX_RANGE_M)
    {
      g_autofree char *max = dm_format_length_setting (DM_MONITORING_MAX_RANGE_M, DM_LENGTH_KM);

      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("A sensor’s range must be more than 0 and at most %s."), max);
      return FALSE;
    }
  if (placing && options->spacing_m == 0 && (!(options->target > 0) || options->target > 1))
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("The share of the zone to cover must be more than 0 %% and at most 100 %%."));
      return FALSE;
    }
  if (placing &&
      (options->spacing_m < 0 || !isfinite (options->spacing_m) || (options->spacing_m > 0 && options->spacing_m < 10)))
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID, "%s",
                   _ ("Posts must be at least 10 m apart."));
      return FALSE;
    }
  if (options->crew == 0 || options->crew > 1000)
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("A post’s crew must be from 1 to 1,000 observers."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_rule (const DmZoneRule *rule, GError **error)
{
  if (rule->type == DM_ZONE_RULE_LINE_BAND)
    return TRUE;
  g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE,
               _ ("Posts stand along a zone that follows the contact line; “%s” does not. Choose the DMZ or "
                  "another band along the line."),
               rule->name != NULL ? rule->name : "");
  return FALSE;
}

static DmMonitoringPlan *
plan_alloc (const DmMonitoringOptions *options)
{
  DmMonitoringPlan *plan = g_new0 (DmMonitoringPlan, 1);

  plan->options = *options;
  plan->posts = g_array_new (FALSE, FALSE, sizeof (DmPost));
  plan->uncovered = g_array_new (FALSE, FALSE, sizeof (DmUncoveredStretch));
  return plan;
}

gboolean
dm_monitoring_plan_is_for (const DmMonitoringPlan *plan,
                           const DmGeometry *line,
                           const DmZoneRule *rule,
                           DmZoneResult *zone)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  /* A band along the line is made from the line and the rule alone: the
   * engine's new result for the same ones is the same zone. */
  return plan->cache != NULL && (plan->cache->zone == zone || rule->type == DM_ZONE_RULE_LINE_BAND) &&
         dm_zone_rule_equal (plan->cache->rule, rule) && dm_geometry_equal (plan->cache->line, line);
}

gboolean
dm_monitoring_plan_set_posts (DmMonitoringPlan *plan,
                              const DmGeometry *line,
                              const DmZoneRule *rule,
                              DmZoneResult *zone,
                              const DmPost *posts,
                              guint n_posts,
                              GError **error)
{
  g_autoptr (GArray) changed = NULL;
  g_autoptr (GArray) old = NULL;
  g_autoptr (GHashTable) by_feature = NULL;
  g_autofree gboolean *kept = NULL;
  g_autoptr (GPtrArray) old_circles = NULL;

  g_return_val_if_fail (plan != NULL && line != NULL && rule != NULL && zone != NULL, FALSE);
  g_return_val_if_fail (posts != NULL || n_posts == 0, FALSE);

  if (!check_rule (rule, error))
    return FALSE;
  old = plan->posts;
  plan->posts = g_array_sized_new (FALSE, FALSE, sizeof (DmPost), n_posts);
  if (n_posts > 0)
    g_array_append_vals (plan->posts, posts, n_posts);
  if (!dm_monitoring_plan_is_for (plan, line, rule, zone))
    {
      g_clear_pointer (&plan->cache, cache_free);
      if ((plan->cache = cache_new (line, rule, zone, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < plan->posts->len; i++)
        locate_post (plan->cache, &g_array_index (plan->posts, DmPost, i));
      forget_circles (plan->cache, plan->posts->len);
      if (!measure (plan, NULL, error))
        return FALSE;
      sum_up (plan);
      return TRUE;
    }

  /* The same zone: only what is near a post that changed.  Posts match
   * the old ones by feature, else by place in the list. */
  changed = g_array_new (FALSE, FALSE, sizeof (Changed));
  by_feature = g_hash_table_new (g_direct_hash, g_direct_equal);
  kept = g_new0 (gboolean, old->len + 1);
  old_circles = g_steal_pointer (&plan->cache->circles);
  plan->cache->circles = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  forget_circles (plan->cache, plan->posts->len);
  for (guint i = 0; i < old->len; i++)
    {
      guint id = g_array_index (old, DmPost, i).feature_id;

      if (id != 0)
        g_hash_table_insert (by_feature, GUINT_TO_POINTER (id), GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < plan->posts->len; i++)
    {
      DmPost *p = &g_array_index (plan->posts, DmPost, i);
      guint match = p->feature_id != 0
                      ? GPOINTER_TO_UINT (g_hash_table_lookup (by_feature, GUINT_TO_POINTER (p->feature_id)))
                    : i < old->len && g_array_index (old, DmPost, i).feature_id == 0 ? i + 1
                                                                                     : 0;

      if (match > 0 && !kept[match - 1] && same_post (&g_array_index (old, DmPost, match - 1), p))
        {
          *p = g_array_index (old, DmPost, match - 1);
          kept[match - 1] = TRUE;
          if (match - 1 < old_circles->len)
            g_ptr_array_index (plan->cache->circles, i) = g_steal_pointer (&g_ptr_array_index (old_circles, match - 1));
          continue;
        }
      locate_post (plan->cache, p);
      add_changed (changed, p, plan->options.range_m);
    }
  for (guint i = 0; i < old->len; i++)
    if (!kept[i])
      add_changed (changed, &g_array_index (old, DmPost, i), plan->options.range_m);
  if (!measure (plan, changed, error))
    return FALSE;
  sum_up (plan);
  return TRUE;
}

/* Sampled coverage along the line, a guide for the spacing search
 * (every third station: every 1.5 km). */
static double
sampled_coverage (DmMonitoringPlan *plan)
{
  DmMonitoringCache *cache = plan->cache;
  guint n = 0, covered = 0;

  for (guint i = 0; i < cache->stations->len; i += 3)
    {
      Station *st = &g_array_index (cache->stations, Station, i);

      measure_station (st, (const DmPost *) plan->posts->data, plan->posts->len, plan->options.range_m);
      for (guint a = 0; a < N_ACROSS; a++)
        covered += (st->covered >> a) & 1;
      n += N_ACROSS;
    }
  return n > 0 ? (double) covered / n : 1.0;
}

static double
measured_coverage (DmMonitoringPlan *plan, GError **error)
{
  double area = 0, covered = 0;

  forget_circles (plan->cache, plan->posts->len);
  for (guint i = 0; i < plan->cache->cells->len; i++)
    {
      Cell *cell = &g_array_index (plan->cache->cells, Cell, i);

      if (!measure_cell (plan->cache, cell, (const DmPost *) plan->posts->data, plan->posts->len, plan->options.range_m,
                         error))
        return -1;
      area += cell->area;
      covered += cell->covered;
    }
  return area > 0 ? covered / area : 0;
}

DmMonitoringPlan *
dm_monitoring_plan_new (const DmGeometry *line,
                        const DmZoneRule *rule,
                        DmZoneResult *zone,
                        const DmMonitoringOptions *options,
                        GError **error)
{
  g_autoptr (DmMonitoringPlan) plan = NULL;

  g_return_val_if_fail (line != NULL && rule != NULL && zone != NULL && options != NULL, NULL);

  if (!check_options (options, TRUE, error) || !check_rule (rule, error))
    return NULL;
  plan = plan_alloc (options);
  if ((plan->cache = cache_new (line, rule, zone, error)) == NULL)
    return NULL;

  if (options->spacing_m > 0)
    plan->spacing_m = options->spacing_m;
  else
    {
      /* The widest spacing whose sampled coverage reaches the share (it
       * falls as posts spread out), then closer until the measured one
       * does. */
      double lo = options->range_m / 20, hi = 4 * options->range_m + rule->width_a_m + rule->width_b_m;

      /* Eleven halvings: to a 2,000th of the range searched. */
      for (int i = 0; i < 11; i++)
        {
          double mid = (lo + hi) / 2;

          place_posts (plan->posts, line, rule, mid);
          if (sampled_coverage (plan) >= options->target)
            lo = mid;
          else
            hi = mid;
        }
      plan->spacing_m = lo;
      for (int i = 0; i < 20; i++)
        {
          double c;

          place_posts (plan->posts, line, rule, plan->spacing_m);
          if ((c = measured_coverage (plan, error)) < 0)
            return NULL;
          if (c >= options->target || plan->spacing_m <= options->range_m / 20)
            break;
          plan->spacing_m *= 0.97;
        }
    }
  place_posts (plan->posts, line, rule, plan->spacing_m);
  /* Where along the line each is nearest, as for posts placed by hand. */
  for (guint i = 0; i < plan->posts->len; i++)
    locate_post (plan->cache, &g_array_index (plan->posts, DmPost, i));
  forget_circles (plan->cache, plan->posts->len);
  if (!measure (plan, NULL, error))
    return NULL;
  sum_up (plan);
  return g_steal_pointer (&plan);
}

DmMonitoringPlan *
dm_monitoring_plan_new_for_posts (const DmGeometry *line,
                                  const DmZoneRule *rule,
                                  DmZoneResult *zone,
                                  const DmMonitoringOptions *options,
                                  const DmPost *posts,
                                  guint n_posts,
                                  GError **error)
{
  g_autoptr (DmMonitoringPlan) plan = NULL;

  g_return_val_if_fail (line != NULL && rule != NULL && zone != NULL && options != NULL, NULL);

  if (!check_options (options, FALSE, error))
    return NULL;
  plan = plan_alloc (options);
  if (!dm_monitoring_plan_set_posts (plan, line, rule, zone, posts, n_posts, error))
    return NULL;
  return g_steal_pointer (&plan);
}

DmMonitoringPlan *
dm_monitoring_plan_copy (const DmMonitoringPlan *plan)
{
  DmMonitoringPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->posts = g_array_copy (plan->posts);
  copy->uncovered = g_array_copy (plan->uncovered);
  copy->cache = NULL;
  return copy;
}

void
dm_monitoring_plan_free (DmMonitoringPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->posts);
  g_array_unref (plan->uncovered);
  cache_free (plan->cache);
  g_free (plan);
}

/* ---- The document's posts -------------------------------------------------- */

GArray *
dm_monitoring_document_posts (DmDocument *document)
{
  g_autoptr (GPtrArray) features = NULL;
  GArray *posts = g_array_new (FALSE, FALSE, sizeof (DmPost));

  g_return_val_if_fail (DM_IS_DOCUMENT (document), posts);

  features = dm_document_list_features (document, DM_ROLE_OBSERVATION_POST);
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);
      const DmGeometry *g = dm_feature_get_geometry (f);
      DmPost p = { 0 };

      if (dm_geometry_get_n_points (g) == 0)
        continue;
      dm_geometry_get_point (g, 0, &p.lon, &p.lat);
      p.side = dm_feature_get_post_side (f);
      p.range_m = dm_feature_get_post_range_m (f);
      p.feature_id = dm_feature_get_id (f);
      g_array_append_val (posts, p);
    }
  return posts;
}

void
dm_monitoring_place_posts (DmDocument *document, const DmMonitoringPlan *plan)
{
  g_autoptr (GPtrArray) old = NULL;

  g_return_if_fail (DM_IS_DOCUMENT (document));
  g_return_if_fail (plan != NULL);

  old = dm_document_list_features (document, DM_ROLE_OBSERVATION_POST);
  dm_document_begin_group (document, _ ("Place observation posts"));
  for (guint i = 0; i < old->len; i++)
    dm_document_remove_feature (document, dm_feature_get_id (g_ptr_array_index (old, i)));
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);
      g_autoptr (DmFeature)
        f = dm_feature_new_observation_post (p->lon, p->lat, p->side, post_range (p, plan->options.range_m));

      dm_document_add_feature (document, f);
    }
  dm_document_end_group (document);
}
