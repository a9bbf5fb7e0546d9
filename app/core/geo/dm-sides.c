/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-sides"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"

/* clang-format off */
G_DEFINE_QUARK (dm-sides-error-quark, dm_sides_error)
/* clang-format on */

#define DEG (G_PI / 180.0)

/*
 * The nearest point of a set of paths to the origin, the paths' vertices
 * being mapped by (x − x0) · sx, (y − y0) (sx = cos φ for lon/lat, with
 * longitudes wrapped to the point's).
 */
typedef struct {
  const double *const *paths;
  const guint *n_points;
  guint n_paths;
  double x0, y0, sx;
  gboolean wrap;
  /* When not NULL: only these segments, (path, first vertex) pairs in
   * the paths' order, can be the nearest (a DmSidesNear's). */
  const guint *segments;
  guint n_segments;
} Frame;

static inline void
frame_get (const Frame *f, guint path, guint i, double *x, double *y)
{
  double dx = f->paths[path][2 * i] - f->x0;

  if (f->wrap)
    {
      if (dx > 180.0)
        dx -= 360.0;
      else if (dx < -180.0)
        dx += 360.0;
    }
  *x = dx * f->sx;
  *y = f->paths[path][2 * i + 1] - f->y0;
}

/* The direction of the nearest non-degenerate segment before (@step −1)
 * or from (@step +1) vertex @v; FALSE when there is none. */
static gboolean
frame_direction (const Frame *f, guint path, guint v, int step, double *dx, double *dy)
{
  double ax, ay, bx, by;
  guint n = f->n_points[path];

  frame_get (f, path, v, &ax, &ay);
  if (step < 0)
    {
      for (guint i = v; i > 0; i--)
        {
          frame_get (f, path, i - 1, &bx, &by);
          if (bx != ax || by != ay)
            {
              double len = hypot (ax - bx, ay - by);

              *dx = (ax - bx) / len;
              *dy = (ay - by) / len;
              return TRUE;
            }
        }
    }
  else
    {
      for (guint i = v + 1; i < n; i++)
        {
          frame_get (f, path, i, &bx, &by);
          if (bx != ax || by != ay)
            {
              double len = hypot (bx - ax, by - ay);

              *dx = (bx - ax) / len;
              *dy = (by - ay) / len;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* The squared distance from the origin to segment (a, b) and where along
 * it the nearest point is (@t, 0 to 1); infinite for a segment of no
 * length. */
static inline double
segment_d2 (double ax, double ay, double bx, double by, double *t)
{
  double ux = bx - ax, uy = by - ay, len2 = ux * ux + uy * uy, qx, qy;

  if (len2 == 0.0)
    return INFINITY;
  /* The query point is the origin of the frame. */
  *t = CLAMP (-(ax * ux + ay * uy) / len2, 0.0, 1.0);
  qx = ax + *t * ux;
  qy = ay + *t * uy;
  return qx * qx + qy * qy;
}

/* The nearest segment so far: the first of equally near ones wins. */
typedef struct {
  double d2, t;
  guint path, seg;
} Nearest;

static inline void
nearest_offer (Nearest *n, guint path, guint seg, double d2, double t)
{
  if (d2 < n->d2)
    *n = (Nearest){ d2, t, path, seg };
}

static DmSide
frame_classify (const Frame *f, double *distance)
{
  Nearest near = { INFINITY, 0.0, 0, 0 };
  double best, best_t;
  guint best_path, best_seg;
  double ax, ay, bx, by, px, py, dx, dy, cross;

  for (guint p = 0; p < f->n_paths && f->segments == NULL; p++)
    {
      if (f->n_points[p] < 2)
        continue;
      frame_get (f, p, 0, &bx, &by);
      for (guint i = 0; i + 1 < f->n_points[p]; i++)
        {
          double t = 0.0, d2;

          ax = bx;
          ay = by;
          frame_get (f, p, i + 1, &bx, &by);
          d2 = segment_d2 (ax, ay, bx, by, &t);
          nearest_offer (&near, p, i, d2, t);
        }
    }
  /* The same over the candidates alone, in the same order. */
  for (guint k = 0; f->segments != NULL && k < f->n_segments; k++)
    {
      guint p = f->segments[2 * k], i = f->segments[2 * k + 1];
      double t = 0.0, d2;

      frame_get (f, p, i, &ax, &ay);
      frame_get (f, p, i + 1, &bx, &by);
      d2 = segment_d2 (ax, ay, bx, by, &t);
      nearest_offer (&near, p, i, d2, t);
    }
  best = near.d2;
  best_t = near.t;
  best_path = near.path;
  best_seg = near.seg;
  if (distance != NULL)
    *distance = sqrt (best);
  if (!isfinite (best))
    return DM_SIDE_NONE;

  if (best_t > 0.0 && best_t < 1.0)
    {
      frame_get (f, best_path, best_seg, &ax, &ay);
      frame_get (f, best_path, best_seg + 1, &bx, &by);
      dx = bx - ax;
      dy = by - ay;
      px = -ax;
      py = -ay;
    }
  else
    {
      /* At a vertex: the tangent is the bisector of the two segments
       * (their unit directions summed), or the one segment at an end. */
      guint v = best_t <= 0.0 ? best_seg : best_seg + 1;
      double d1x = 0, d1y = 0, d2x = 0, d2y = 0;
      gboolean has_in = frame_direction (f, best_path, v, -1, &d1x, &d1y);
      gboolean has_out = frame_direction (f, best_path, v, +1, &d2x, &d2y);

      frame_get (f, best_path, v, &ax, &ay);
      px = -ax;
      py = -ay;
      dx = d1x + d2x;
      dy = d1y + d2y;
      if (has_in && has_out && hypot (dx, dy) < 1e-12)
        {
          /* A full reversal: the side of the incoming segment. */
          dx = d1x;
          dy = d1y;
        }
      else if (!has_in && !has_out)
        return DM_SIDE_NONE;
    }
  cross = dx * py - dy * px;
  if (cross > 0.0)
    return DM_SIDE_A;
  if (cross < 0.0)
    return DM_SIDE_B;
  return DM_SIDE_NONE;
}

DmSide
dm_sides_classify_point (const double *line_xy, guint n_points, double lon, double lat)
{
  Frame f = { 0 };

  g_return_val_if_fail (line_xy != NULL || n_points == 0, DM_SIDE_NONE);

  f.paths = &line_xy;
  f.n_points = &n_points;
  f.n_paths = 1;
  f.x0 = lon;
  f.y0 = lat;
  f.sx = cos (lat * DEG);
  f.wrap = TRUE;
  return frame_classify (&f, NULL);
}

static DmSide
classify_lonlat_paths (const double *const *paths, const guint *n_points, guint n_paths, double lon, double lat)
{
  Frame f = { paths, n_points, n_paths, lon, lat, cos (lat * DEG), TRUE, NULL, 0 };

  return frame_classify (&f, NULL);
}

/* The parts of @line as paths (borrowed coordinates, in arrays of
 * their own): their number. */
static guint
line_paths (const DmGeometry *line, const double ***paths, guint **n_points)
{
  guint n_parts = dm_geometry_get_n_parts (line);

  *paths = g_new0 (const double *, MAX (n_parts, 1));
  *n_points = g_new0 (guint, MAX (n_parts, 1));
  for (guint p = 0; p < n_parts; p++)
    (*paths)[p] = dm_geometry_get_ring (line, p, 0, &(*n_points)[p]);
  return n_parts;
}

DmSide
dm_sides_classify_point_on_line (const DmGeometry *line, double lon, double lat)
{
  guint n_parts;
  g_autofree const double **paths = NULL;
  g_autofree guint *n_points = NULL;

  g_return_val_if_fail (line != NULL, DM_SIDE_NONE);

  n_parts = line_paths (line, &paths, &n_points);
  return classify_lonlat_paths (paths, n_points, n_parts, lon, lat);
}

/* ---- Many points in one box ---------------------------------------------- */

struct _DmSidesNear {
  const double **paths;
  guint *n_points;
  guint n_paths;
  double x0, y0, x1, y1;
  GArray *segments; /* guint (path, first vertex) pairs, in the paths' order */
  gboolean has_box; /* FALSE for a box with a NaN edge or inverted */
};

/* The segments that can be nearest to a point of the box: none farther
 * from the whole box than the nearest vertex can be from any point of it. */
static void
near_select (DmSidesNear *self)
{
  double cx = (self->x0 + self->x1) / 2, cy = (self->y0 + self->y1) / 2, best2 = INFINITY, reach, sx_min;
  /* Within these longitudes a vertex is never wrapped for a point of the
   * box (frame_get()), so raw longitudes measure its distance. */
  double lo = self->x1 - 180.0, hi = self->x0 + 180.0;

  /* The smallest cos φ in the box: a frame's x shrinks by it at most. */
  sx_min = cos (MIN (MAX (fabs (self->y0), fabs (self->y1)), 90.0) * DEG);
  /* An upper bound on any point's distance to the line in its frame
   * (whose x shrinks by cos φ ≤ 1): the centre's to its nearest vertex in
   * plain degrees, plus half the box's diagonal.  Only vertices of a
   * segment the frame measures (of some length there, never wrapped)
   * count: a part of one point, or of one point repeated, is nobody's
   * nearest. */
  for (guint p = 0; p < self->n_paths; p++)
    for (guint i = 0; i + 1 < self->n_points[p]; i++)
      {
        const double *a = &self->paths[p][2 * i];

        if ((a[0] == a[2] || sx_min <= 0.0) && a[1] == a[3])
          continue;
        if (a[0] < lo || a[0] > hi || a[2] < lo || a[2] > hi)
          continue;
        for (guint k = 0; k < 2; k++)
          {
            double dx = a[2 * k] - cx, dy = a[2 * k + 1] - cy;

            best2 = MIN (best2, dx * dx + dy * dy);
          }
      }
  /* A hair more, so that rounding cannot leave out the nearest. */
  reach = (sqrt (best2) + hypot ((self->x1 - self->x0) / 2, (self->y1 - self->y0) / 2)) * (1 + 1e-9) + 1e-12;
  /* A lower bound on a segment's: its box's gap to this one, the gap in
   * longitude shrunk by the smallest cos φ in the box. */
  for (guint p = 0; p < self->n_paths; p++)
    for (guint i = 0; i + 1 < self->n_points[p]; i++)
      {
        const double *a = &self->paths[p][2 * i];
        double gx = MAX (0.0, MAX (MIN (a[0], a[2]) - self->x1, self->x0 - MAX (a[0], a[2])));
        double gy = MAX (0.0, MAX (MIN (a[1], a[3]) - self->y1, self->y0 - MAX (a[1], a[3])));
        gboolean wraps = a[0] < lo || a[0] > hi || a[2] < lo || a[2] > hi;

        if (wraps || !(gx * sx_min * gx * sx_min + gy * gy > reach * reach))
          {
            guint pair[2] = { p, i };

            g_array_append_vals (self->segments, pair, 2);
          }
      }
}

static DmSidesNear *
near_new_paths (const double *const *paths,
                const guint *n_points,
                guint n_paths,
                double min_lon,
                double min_lat,
                double max_lon,
                double max_lat)
{
  DmSidesNear *self = g_new0 (DmSidesNear, 1);

  self->paths = g_memdup2 (paths, sizeof (double *) * MAX (n_paths, 1));
  self->n_points = g_memdup2 (n_points, sizeof (guint) * MAX (n_paths, 1));
  self->n_paths = n_paths;
  self->x0 = min_lon;
  self->y0 = min_lat;
  self->x1 = max_lon;
  self->y1 = max_lat;
  self->segments = g_array_new (FALSE, FALSE, sizeof (guint));
  /* A box with a NaN edge holds no point: every one takes the whole line. */
  self->has_box = min_lon <= max_lon && min_lat <= max_lat;
  if (self->has_box)
    near_select (self);
  return self;
}

DmSidesNear *
dm_sides_near_new (const DmGeometry *line, double min_lon, double min_lat, double max_lon, double max_lat)
{
  guint n_parts;
  g_autofree const double **paths = NULL;
  g_autofree guint *n_points = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  n_parts = line_paths (line, &paths, &n_points);
  return near_new_paths (paths, n_points, n_parts, min_lon, min_lat, max_lon, max_lat);
}

DmSide
dm_sides_near_classify (const DmSidesNear *self, double lon, double lat)
{
  Frame f = { NULL, NULL, 0, lon, lat, cos (lat * DEG), TRUE, NULL, 0 };

  g_return_val_if_fail (self != NULL, DM_SIDE_NONE);

  f.paths = (const double *const *) self->paths;
  f.n_points = self->n_points;
  f.n_paths = self->n_paths;

  if (lon >= self->x0 && lon <= self->x1 && lat >= self->y0 && lat <= self->y1)
    {
      f.segments = (const guint *) (gconstpointer) self->segments->data;
      f.n_segments = self->segments->len / 2;
    }
  return frame_classify (&f, NULL);
}

/* Appends the vertices of path @p from @v on (@step ±1) up to the first
 * one clearly apart from vertex @v (its latitude, or its longitude other
 * than by a turn of the earth), which every frame tells apart: the one
 * frame_direction() settles on is among them.  Their number first. */
static void
near_neighbours (const DmSidesNear *self, guint p, guint v, int step, GArray *out)
{
  const double *xy = self->paths[p];
  guint count_at = out->len;
  double count = 0;

  g_array_append_val (out, count);
  for (gint64 i = (gint64) v + step; i >= 0 && i < (gint64) self->n_points[p]; i += step)
    {
      double dlon = fabs (xy[2 * i] - xy[2 * v]), dlat = fabs (xy[2 * i + 1] - xy[2 * v + 1]);

      g_array_append_vals (out, &xy[2 * i], 2);
      count++;
      if (dlat > 1e-9 || (dlon > 1e-9 && dlon < 359.999999))
        break;
    }
  g_array_index (out, double, count_at) = count;
}

GArray *
dm_sides_near_signature (const DmSidesNear *self)
{
  GArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->has_box)
    return NULL;
  out = g_array_sized_new (FALSE, FALSE, sizeof (double), 4 * self->segments->len);
  for (guint k = 0; k + 1 < self->segments->len; k += 2)
    {
      guint p = g_array_index (self->segments, guint, k), i = g_array_index (self->segments, guint, k + 1);

      near_neighbours (self, p, i, -1, out);
      g_array_append_vals (out, &self->paths[p][2 * i], 4);
      near_neighbours (self, p, i + 1, +1, out);
    }
  return out;
}

void
dm_sides_near_free (DmSidesNear *self)
{
  if (self == NULL)
    return;
  g_free (self->paths);
  g_free (self->n_points);
  g_array_unref (self->segments);
  g_free (self);
}

DmSide
dm_sides_classify_point_planar (const double *const *paths,
                                const guint *n_points,
                                guint n_paths,
                                double x,
                                double y,
                                double *distance)
{
  Frame f = { paths, n_points, n_paths, x, y, 1.0, FALSE, NULL, 0 };

  g_return_val_if_fail (paths != NULL || n_paths == 0, DM_SIDE_NONE);
  g_return_val_if_fail (n_points != NULL || n_paths == 0, DM_SIDE_NONE);

  return frame_classify (&f, distance);
}

/* Splitting a region */

static void
add_polygons (GEOSContextHandle_t ctx, const GEOSGeometry *g, DmGeometry *out)
{
  int type = GEOSGeomTypeId_r (ctx, g);

  if (type == GEOS_POLYGON)
    {
      int n_holes = GEOSGetNumInteriorRings_r (ctx, g);

      if (GEOSisEmpty_r (ctx, g))
        return;
      dm_geometry_begin_part (out);
      for (int r = -1; r < n_holes; r++)
        {
          const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r (ctx, g) : GEOSGetInteriorRingN_r (ctx, g, r);
          const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, ring);
          unsigned int n = 0;
          g_autofree double *buf = NULL;

          GEOSCoordSeq_getSize_r (ctx, seq, &n);
          buf = g_new (double, 2 * MAX (n, 1));
          GEOSCoordSeq_copyToBuffer_r (ctx, seq, buf, FALSE, FALSE);
          dm_geometry_add_ring (out, buf, n);
        }
    }
  else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    {
      int n = GEOSGetNumGeometries_r (ctx, g);

      for (int i = 0; i < n; i++)
        add_polygons (ctx, GEOSGetGeometryN_r (ctx, g, i), out);
    }
}

static DmGeometry *
multipolygon_from_geos (GEOSContextHandle_t ctx, const GEOSGeometry *g)
{
  DmGeometry *out = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);

  if (g != NULL)
    add_polygons (ctx, g, out);
  return out;
}

static GEOSGeometry *
linestring_from_xy (GEOSContextHandle_t ctx, const double *xy, guint n)
{
  GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r (ctx, xy, n, FALSE, FALSE);

  return seq != NULL ? GEOSGeom_createLineString_r (ctx, seq) : NULL;
}

/*
 * Extends one end of @path (at the start when @at_start) along its end
 * segment's geodesic direction when the end lies in the region and the
 * boundary is within @tolerance_m; the new end overshoots the boundary by
 * a metre so that noding sees a crossing, not a near miss.
 */
static void
extend_end (GEOSContextHandle_t ctx,
            const GEOSPreparedGeometry *prepared,
            const GEOSGeometry *boundary,
            GArray *path,
            gboolean at_start,
            double tolerance_m)
{
  double *xy = (double *) path->data;
  guint n = path->len / 2;
  guint end = at_start ? 0 : n - 1, prev = at_start ? 1 : n - 2;
  double s, azi1, azi2, best = INFINITY;
  const guint steps = 64;
  GArray *ext;
  g_autoptr (DmGeosGeometry) point = NULL;
  GEOSGeometry *ext_g, *hits;

  if (xy[2 * end] == xy[2 * prev] && xy[2 * end + 1] == xy[2 * prev + 1])
    return;
  point = GEOSGeom_createPointFromXY_r (ctx, xy[2 * end], xy[2 * end + 1]);
  if (point == NULL || !GEOSPreparedIntersects_r (ctx, prepared, point))
    return;

  dm_geodesy_inverse (xy[2 * prev], xy[2 * prev + 1], xy[2 * end], xy[2 * end + 1], &s, &azi1, &azi2);

  /* An end on the boundary, as floating point has it, may miss it by a
   * hair and leave the faces on either side joined: a metre beyond it
   * makes a crossing. */
  {
    g_autoptr (DmGeosGeometry) near = NULL;
    GEOSCoordSequence *pair = GEOSNearestPoints_r (ctx, boundary, point);
    double nx = 0, ny = 0, d = INFINITY;

    if (pair != NULL)
      {
        GEOSCoordSeq_getXY_r (ctx, pair, 0, &nx, &ny);
        d = dm_geodesy_distance_m (xy[2 * end], xy[2 * end + 1], nx, ny);
        GEOSCoordSeq_destroy_r (ctx, pair);
      }
    if (d < 0.5)
      {
        double p[2];

        dm_geodesy_direct (xy[2 * end], xy[2 * end + 1], azi2, 1.0, &p[0], &p[1]);
        near = GEOSGeom_createPointFromXY_r (ctx, p[0], p[1]);
        if (near != NULL && !GEOSPreparedIntersects_r (ctx, prepared, near))
          {
            if (at_start)
              g_array_prepend_vals (path, p, 2);
            else
              g_array_append_vals (path, p, 2);
          }
        return;
      }
  }
  /* The extension as a densified geodesic, so the crossing is where the
   * line's direction really meets the boundary. */
  ext = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (steps + 1));
  g_array_append_vals (ext, &xy[2 * end], 2);
  for (guint i = 1; i <= steps; i++)
    {
      double p[2];

      dm_geodesy_direct (xy[2 * end], xy[2 * end + 1], azi2, tolerance_m * i / steps, &p[0], &p[1]);
      g_array_append_vals (ext, p, 2);
    }
  ext_g = linestring_from_xy (ctx, (double *) ext->data, steps + 1);
  g_array_free (ext, TRUE);
  if (ext_g == NULL)
    return;
  hits = GEOSIntersection_r (ctx, ext_g, boundary);
  GEOSGeom_destroy_r (ctx, ext_g);
  if (hits == NULL)
    return;

  for (int i = 0; i < GEOSGetNumGeometries_r (ctx, hits); i++)
    {
      const GEOSGeometry *h = GEOSGetGeometryN_r (ctx, hits, i);
      const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, h);
      unsigned int m = 0;

      if (seq == NULL)
        continue;
      GEOSCoordSeq_getSize_r (ctx, seq, &m);
      for (unsigned int k = 0; k < m; k++)
        {
          double hx, hy, d;

          GEOSCoordSeq_getXY_r (ctx, seq, k, &hx, &hy);
          d = dm_geodesy_distance_m (xy[2 * end], xy[2 * end + 1], hx, hy);
          if (d > 1e-6 && d < best)
            best = d;
        }
    }
  GEOSGeom_destroy_r (ctx, hits);

  if (isfinite (best))
    {
      double p[2], ex = xy[2 * end], ey = xy[2 * end + 1];
      guint n_mid = (guint) ceil (best / 1000.0);

      /* Intermediate points every km keep the extension on its geodesic. */
      for (guint i = 1; i <= n_mid; i++)
        {
          double d = i == n_mid ? best + 1.0 : best * i / n_mid;

          /* (The array moves as it grows: the end is kept in ex, ey.) */
          dm_geodesy_direct (ex, ey, azi2, d, &p[0], &p[1]);
          /* Prepended one by one, the farthest ends up first. */
          if (at_start)
            g_array_prepend_vals (path, p, 2);
          else
            g_array_append_vals (path, p, 2);
        }
    }
}

gboolean
dm_sides_split_region (const DmGeometry *line,
                       const DmGeometry *region,
                       double extend_tolerance_m,
                       DmGeometry **side_a,
                       DmGeometry **side_b,
                       GError **error)
{
  GEOSContextHandle_t ctx;
  g_autoptr (GPtrArray) paths = NULL;
  g_autoptr (GPtrArray) faces_a = NULL, faces_b = NULL;
  g_autofree const double **path_xy = NULL;
  g_autofree guint *path_n = NULL;
  GEOSGeometry *region_g = NULL, *boundary = NULL, *lines = NULL, *noded = NULL, *faces = NULL;
  const GEOSPreparedGeometry *prepared = NULL;
  g_autoptr (DmSidesNear) nearest = NULL;
  GEOSGeometry **line_parts;
  gboolean ok = FALSE;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (region != NULL, FALSE);
  g_return_val_if_fail (side_a != NULL && side_b != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *side_a = *side_b = NULL;
  if (!dm_geometry_is_lineal (line) || dm_geometry_get_n_points (line) < 2)
    {
      g_set_error (error, DM_SIDES_ERROR, DM_SIDES_ERROR_INVALID,
                   _ ("The contact line needs at least two points to divide a region."));
      return FALSE;
    }
  if (!dm_geometry_is_polygonal (region))
    {
      g_set_error (error, DM_SIDES_ERROR, DM_SIDES_ERROR_INVALID,
                   _ ("Only an area (a polygon) can be divided between the sides."));
      return FALSE;
    }
  if (dm_geometry_is_empty (region))
    {
      *side_a = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
      *side_b = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
      return TRUE;
    }

  ctx = dm_geos_get_context ();
  region_g = dm_geometry_to_geos (ctx, region);
  if (region_g == NULL)
    goto fail;
  if (!GEOSisValid_r (ctx, region_g))
    {
      /* Imported borders are often slightly invalid; repair, do not refuse. */
      GEOSGeometry *valid = GEOSMakeValid_r (ctx, region_g);

      GEOSGeom_destroy_r (ctx, region_g);
      region_g = valid;
      if (region_g == NULL)
        goto fail;
    }
  boundary = GEOSBoundary_r (ctx, region_g);
  prepared = GEOSPrepare_r (ctx, region_g);
  if (boundary == NULL || prepared == NULL)
    goto fail;

  paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, p, 0, &n);
      GArray *path;

      if (n < 2)
        continue;
      path = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
      g_array_append_vals (path, xy, 2 * n);
      if (extend_tolerance_m > 0.0)
        {
          extend_end (ctx, prepared, boundary, path, TRUE, extend_tolerance_m);
          extend_end (ctx, prepared, boundary, path, FALSE, extend_tolerance_m);
        }
      g_ptr_array_add (paths, path);
    }

  path_xy = g_new (const double *, MAX (paths->len, 1));
  path_n = g_new (guint, MAX (paths->len, 1));
  for (guint p = 0; p < paths->len; p++)
    {
      GArray *path = g_ptr_array_index (paths, p);

      path_xy[p] = (const double *) path->data;
      path_n[p] = path->len / 2;
    }
  /* Only the runs of segments that reach the region's box can bound a
   * face inside it (the rest polygonize into faces outside it, or
   * dangle): a swap a few kilometres wide is not noded against the whole
   * front.  Every segment still decides the sides below. */
  {
    g_autoptr (GPtrArray) runs = g_ptr_array_new ();
    double x0, y0, x1, y1;

    dm_geometry_get_extent (region, &x0, &y0, &x1, &y1);
    for (guint p = 0; p < paths->len; p++)
      {
        const double *xy = path_xy[p];
        guint start = G_MAXUINT;

        for (guint i = 0; i + 1 < path_n[p]; i++)
          {
            gboolean near = MAX (xy[2 * i], xy[2 * i + 2]) >= x0 && MIN (xy[2 * i], xy[2 * i + 2]) <= x1 &&
                            MAX (xy[2 * i + 1], xy[2 * i + 3]) >= y0 && MIN (xy[2 * i + 1], xy[2 * i + 3]) <= y1;

            if (near && start == G_MAXUINT)
              start = i;
            if (start != G_MAXUINT && (!near || i + 2 == path_n[p]))
              {
                guint end = near ? i + 1 : i; /* the run's last vertex */
                GEOSGeometry *run = linestring_from_xy (ctx, &xy[2 * start], end - start + 1);

                if (run == NULL)
                  {
                    g_ptr_array_foreach (runs, (GFunc) (void (*) (void)) dm_geos_geometry_free, NULL);
                    goto fail;
                  }
                g_ptr_array_add (runs, run);
                start = G_MAXUINT;
              }
          }
      }
    gsize n_runs = 0;

    line_parts = (GEOSGeometry **) g_ptr_array_steal (runs, &n_runs);
    lines = GEOSGeom_createCollection_r (ctx, GEOS_MULTILINESTRING, line_parts, (unsigned int) n_runs);
  }
  g_free (line_parts);
  if (lines == NULL)
    goto fail;

  /* Each face takes the side of a point inside it: the segments that can
   * be nearest to a point of the region, once. */
  {
    double x0, y0, x1, y1;

    dm_geometry_get_extent (region, &x0, &y0, &x1, &y1);
    nearest = near_new_paths (path_xy, path_n, paths->len, x0, y0, x1, y1);
  }

  /* Union nodes the linework: every crossing becomes a vertex of both. */
  noded = GEOSUnion_r (ctx, boundary, lines);
  if (noded == NULL)
    goto fail;
  {
    const GEOSGeometry *in[1] = { noded };

    faces = GEOSPolygonize_r (ctx, in, 1);
  }
  if (faces == NULL)
    goto fail;

  faces_a = g_ptr_array_new ();
  faces_b = g_ptr_array_new ();
  for (int i = 0; i < GEOSGetNumGeometries_r (ctx, faces); i++)
    {
      const GEOSGeometry *face = GEOSGetGeometryN_r (ctx, faces, i);
      g_autoptr (DmGeosGeometry) inside = GEOSPointOnSurface_r (ctx, face);
      double x, y;
      DmSide side;

      if (inside == NULL || GEOSisEmpty_r (ctx, inside))
        continue;
      /* Faces of the holes of the region are not the region. */
      if (!GEOSPreparedContains_r (ctx, prepared, inside))
        continue;
      GEOSGeomGetX_r (ctx, inside, &x);
      GEOSGeomGetY_r (ctx, inside, &y);
      side = dm_sides_near_classify (nearest, x, y);
      g_ptr_array_add (side == DM_SIDE_B ? faces_b : faces_a, (gpointer) face);
    }

  {
    GPtrArray *sets[2] = { faces_a, faces_b };
    DmGeometry **outs[2] = { side_a, side_b };

    for (guint s = 0; s < 2; s++)
      {
        GEOSGeometry **clones = g_new (GEOSGeometry *, MAX (sets[s]->len, 1));
        GEOSGeometry *coll, *merged;

        for (guint i = 0; i < sets[s]->len; i++)
          clones[i] = GEOSGeom_clone_r (ctx, g_ptr_array_index (sets[s], i));
        coll = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, clones, sets[s]->len);
        g_free (clones);
        merged = coll != NULL ? GEOSUnaryUnion_r (ctx, coll) : NULL;
        if (coll != NULL)
          GEOSGeom_destroy_r (ctx, coll);
        if (merged == NULL)
          {
            g_clear_pointer (side_a, dm_geometry_free);
            goto fail;
          }
        *outs[s] = multipolygon_from_geos (ctx, merged);
        GEOSGeom_destroy_r (ctx, merged);
      }
  }
  ok = TRUE;

fail:
  if (!ok)
    g_set_error (error, DM_SIDES_ERROR, DM_SIDES_ERROR_FAILED,
                 _ ("The region could not be divided along the contact line; check the region for "
                    "self-intersections."));
  if (prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, prepared);
  if (faces != NULL)
    GEOSGeom_destroy_r (ctx, faces);
  if (noded != NULL)
    GEOSGeom_destroy_r (ctx, noded);
  if (lines != NULL)
    GEOSGeom_destroy_r (ctx, lines);
  if (boundary != NULL)
    GEOSGeom_destroy_r (ctx, boundary);
  if (region_g != NULL)
    GEOSGeom_destroy_r (ctx, region_g);
  return ok;
}
