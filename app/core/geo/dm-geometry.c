/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-geometry"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-geometry.h"

/*
 * Polygon rings are stored open: the closing point that GEOS, OGR and
 * RFC 7946 repeat is dropped on the way in and added on the way out, so
 * that moving the first vertex of a ring needs no second write.
 */
struct _DmGeometry {
  DmGeometryType type;
  GArray *xy;    /* double: lon, lat, lon, lat, ... */
  GArray *rings; /* guint: index of each ring's first point */
  GArray *parts; /* guint: index of each part's first ring */
};

G_DEFINE_BOXED_TYPE (DmGeometry, dm_geometry, dm_geometry_copy, dm_geometry_free)

DmGeometry *
dm_geometry_new (DmGeometryType type)
{
  DmGeometry *self;

  g_return_val_if_fail (type >= DM_GEOMETRY_POINT && type <= DM_GEOMETRY_MULTIPOLYGON, NULL);

  self = g_new0 (DmGeometry, 1);
  self->type = type;
  self->xy = g_array_new (FALSE, FALSE, sizeof (double));
  self->rings = g_array_new (FALSE, FALSE, sizeof (guint));
  self->parts = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

DmGeometry *
dm_geometry_new_point (double lon, double lat)
{
  DmGeometry *self = dm_geometry_new (DM_GEOMETRY_POINT);
  double xy[2] = { lon, lat };

  dm_geometry_begin_part (self);
  dm_geometry_add_ring (self, xy, 1);
  return self;
}

DmGeometry *
dm_geometry_new_linestring (const double *xy, guint n_points)
{
  DmGeometry *self = dm_geometry_new (DM_GEOMETRY_LINESTRING);

  dm_geometry_begin_part (self);
  dm_geometry_add_ring (self, xy, n_points);
  return self;
}

DmGeometry *
dm_geometry_new_polygon (const double *xy, guint n_points)
{
  DmGeometry *self = dm_geometry_new (DM_GEOMETRY_POLYGON);

  dm_geometry_begin_part (self);
  dm_geometry_add_ring (self, xy, n_points);
  return self;
}

DmGeometry *
dm_geometry_copy (const DmGeometry *self)
{
  DmGeometry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = dm_geometry_new (self->type);
  g_array_append_vals (copy->xy, self->xy->data, self->xy->len);
  g_array_append_vals (copy->rings, self->rings->data, self->rings->len);
  g_array_append_vals (copy->parts, self->parts->data, self->parts->len);
  return copy;
}

void
dm_geometry_free (DmGeometry *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->xy);
  g_array_unref (self->rings);
  g_array_unref (self->parts);
  g_free (self);
}

static gboolean
garray_equal (const GArray *a, const GArray *b, gsize elt_size)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * elt_size) == 0;
}

gboolean
dm_geometry_equal (const DmGeometry *a, const DmGeometry *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->type == b->type && garray_equal (a->xy, b->xy, sizeof (double)) &&
         garray_equal (a->rings, b->rings, sizeof (guint)) && garray_equal (a->parts, b->parts, sizeof (guint));
}

void
dm_geometry_begin_part (DmGeometry *self)
{
  guint first_ring;

  g_return_if_fail (self != NULL);

  first_ring = self->rings->len;
  g_array_append_val (self->parts, first_ring);
}

void
dm_geometry_add_ring (DmGeometry *self, const double *xy, guint n_points)
{
  guint first_point;

  g_return_if_fail (self != NULL);
  g_return_if_fail (xy != NULL || n_points == 0);

  if (self->parts->len == 0)
    dm_geometry_begin_part (self);

  /* Drop the closing point of a polygon ring, see the note above. */
  if ((self->type == DM_GEOMETRY_POLYGON || self->type == DM_GEOMETRY_MULTIPOLYGON) && n_points > 1 &&
      xy[0] == xy[2 * (n_points - 1)] && xy[1] == xy[2 * (n_points - 1) + 1])
    n_points--;

  first_point = self->xy->len / 2;
  g_array_append_val (self->rings, first_point);
  g_array_append_vals (self->xy, xy, 2 * n_points);
}

DmGeometryType
dm_geometry_get_geometry_type (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->type;
}

const char *
dm_geometry_type_to_string (DmGeometryType type)
{
  switch (type)
    {
    case DM_GEOMETRY_POINT:
      return "Point";
    case DM_GEOMETRY_LINESTRING:
      return "LineString";
    case DM_GEOMETRY_POLYGON:
      return "Polygon";
    case DM_GEOMETRY_MULTIPOINT:
      return "MultiPoint";
    case DM_GEOMETRY_MULTILINESTRING:
      return "MultiLineString";
    case DM_GEOMETRY_MULTIPOLYGON:
      return "MultiPolygon";
    default:
      return "Unknown";
    }
}

gboolean
dm_geometry_is_lineal (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->type == DM_GEOMETRY_LINESTRING || self->type == DM_GEOMETRY_MULTILINESTRING;
}

gboolean
dm_geometry_is_polygonal (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->type == DM_GEOMETRY_POLYGON || self->type == DM_GEOMETRY_MULTIPOLYGON;
}

gboolean
dm_geometry_is_puntal (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->type == DM_GEOMETRY_POINT || self->type == DM_GEOMETRY_MULTIPOINT;
}

gboolean
dm_geometry_is_empty (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->xy->len == 0;
}

guint
dm_geometry_get_n_points (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->xy->len / 2;
}

guint
dm_geometry_get_n_parts (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->parts->len;
}

static guint
part_first_ring (const DmGeometry *self, guint part)
{
  return g_array_index (self->parts, guint, part);
}

static guint
part_end_ring (const DmGeometry *self, guint part)
{
  return part + 1 < self->parts->len ? g_array_index (self->parts, guint, part + 1) : self->rings->len;
}

static guint
ring_end_point (const DmGeometry *self, guint ring)
{
  return ring + 1 < self->rings->len ? g_array_index (self->rings, guint, ring + 1) : self->xy->len / 2;
}

guint
dm_geometry_get_n_rings (const DmGeometry *self, guint part)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (part < self->parts->len, 0);
  return part_end_ring (self, part) - part_first_ring (self, part);
}

guint
dm_geometry_get_ring_offset (const DmGeometry *self, guint part, guint ring)
{
  guint r;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (part < self->parts->len, 0);

  r = part_first_ring (self, part) + ring;
  g_return_val_if_fail (r < part_end_ring (self, part), 0);
  return g_array_index (self->rings, guint, r);
}

const double *
dm_geometry_get_ring (const DmGeometry *self, guint part, guint ring, guint *n_points)
{
  guint r, first;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part < self->parts->len, NULL);

  r = part_first_ring (self, part) + ring;
  g_return_val_if_fail (r < part_end_ring (self, part), NULL);

  first = g_array_index (self->rings, guint, r);
  if (n_points != NULL)
    *n_points = ring_end_point (self, r) - first;
  return &g_array_index (self->xy, double, 2 * first);
}

const double *
dm_geometry_get_coords (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const double *) (gpointer) self->xy->data;
}

void
dm_geometry_get_point (const DmGeometry *self, guint index, double *lon, double *lat)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->xy->len / 2);

  if (lon != NULL)
    *lon = g_array_index (self->xy, double, 2 * index);
  if (lat != NULL)
    *lat = g_array_index (self->xy, double, 2 * index + 1);
}

void
dm_geometry_set_point (DmGeometry *self, guint index, double lon, double lat)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->xy->len / 2);

  g_array_index (self->xy, double, 2 * index) = lon;
  g_array_index (self->xy, double, 2 * index + 1) = lat;
}

/* Index of the ring holding point @index (the last ring for index == n_points). */
static guint
find_ring (const DmGeometry *self, guint index)
{
  guint lo = 0, hi = self->rings->len;

  /* Largest ring whose first point is <= index; empty rings are skipped
   * towards the later one so an insertion lands in a ring that exists. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->rings, guint, mid) <= index)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

gboolean
dm_geometry_locate_point (const DmGeometry *self, guint index, guint *part, guint *ring)
{
  guint r, p;

  g_return_val_if_fail (self != NULL, FALSE);

  if (index >= self->xy->len / 2 || self->rings->len == 0)
    return FALSE;

  r = find_ring (self, index);
  for (p = 0; p + 1 < self->parts->len && g_array_index (self->parts, guint, p + 1) <= r; p++)
    ;
  if (part != NULL)
    *part = p;
  if (ring != NULL)
    *ring = r - part_first_ring (self, p);
  return TRUE;
}

/*
 * The new point takes position @index and joins the ring that held the
 * point at @index (for index == n_points, the last ring).  To append to a
 * ring that is not the last, insert before its last point and swap.
 */
void
dm_geometry_insert_point (DmGeometry *self, guint index, double lon, double lat)
{
  double xy[2] = { lon, lat };
  guint r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index <= self->xy->len / 2);
  g_return_if_fail (self->rings->len > 0);

  r = find_ring (self, index == self->xy->len / 2 && index > 0 ? index - 1 : index);
  g_array_insert_vals (self->xy, 2 * index, xy, 2);
  for (guint i = r + 1; i < self->rings->len; i++)
    g_array_index (self->rings, guint, i)++;
}

void
dm_geometry_remove_point (DmGeometry *self, guint index)
{
  guint r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->xy->len / 2);

  r = find_ring (self, index);
  g_array_remove_range (self->xy, 2 * index, 2);
  for (guint i = r + 1; i < self->rings->len; i++)
    g_array_index (self->rings, guint, i)--;
}

void
dm_ring_reverse (double *xy, guint n)
{
  for (guint i = 0, j = n; i + 1 < j; i++, j--)
    {
      double tx = xy[2 * i], ty = xy[2 * i + 1];

      xy[2 * i] = xy[2 * (j - 1)];
      xy[2 * i + 1] = xy[2 * (j - 1) + 1];
      xy[2 * (j - 1)] = tx;
      xy[2 * (j - 1) + 1] = ty;
    }
}

gboolean
dm_ring_contains_point (const double *xy, guint n, double x, double y)
{
  gboolean inside = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];

      if ((a[1] > y) != (b[1] > y) && x < a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
        inside = !inside;
    }
  return inside;
}

double
dm_ring_signed_area (const double *xy, guint n)
{
  double sum = 0.0;

  /* The shoelace sum about the first point (no large products). */
  for (guint i = 0, j = n - 1; n > 0 && i < n; j = i++)
    sum += (xy[2 * j] - xy[0]) * (xy[2 * i + 1] - xy[1]) - (xy[2 * i] - xy[0]) * (xy[2 * j + 1] - xy[1]);
  return sum / 2.0;
}

void
dm_ring_orient (double *xy, guint n, gboolean ccw)
{
  if ((dm_ring_signed_area (xy, n) > 0.0) != ccw)
    dm_ring_reverse (xy, n);
}

void
dm_geometry_reverse (DmGeometry *self)
{
  g_return_if_fail (self != NULL);

  for (guint r = 0; r < self->rings->len; r++)
    {
      guint first = g_array_index (self->rings, guint, r);
      guint end = ring_end_point (self, r);

      dm_ring_reverse ((double *) (gpointer) self->xy->data + 2 * first, end - first);
    }
}

void
dm_geometry_get_extent (const DmGeometry *self, double *min_lon, double *min_lat, double *max_lon, double *max_lat)
{
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->xy->len; i += 2)
    {
      double x = g_array_index (self->xy, double, i);
      double y = g_array_index (self->xy, double, i + 1);

      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
    }
  if (min_lon)
    *min_lon = x0;
  if (min_lat)
    *min_lat = y0;
  if (max_lon)
    *max_lon = x1;
  if (max_lat)
    *max_lat = y1;
}

static gboolean
coords_within (const DmGeometry *self, double max_lon)
{
  for (guint i = 0; i < self->xy->len; i += 2)
    {
      double x = g_array_index (self->xy, double, i);
      double y = g_array_index (self->xy, double, i + 1);

      if (!isfinite (x) || !isfinite (y) || fabs (x) > max_lon || fabs (y) > 90.0)
        return FALSE;
    }
  return TRUE;
}

gboolean
dm_geometry_coords_in_range (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return coords_within (self, 180.0);
}

gboolean
dm_geometry_coords_on_earth (const DmGeometry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return coords_within (self, 540.0);
}

/* ---- The 180th meridian ------------------------------------------------- */

static inline double *
point_at (DmGeometry *self, guint index)
{
  return &g_array_index (self->xy, double, 2 * index);
}

/* Whole turns that bring @lon within 180° of @centre. */
static inline double
turns_towards (double lon, double centre)
{
  return 360.0 * round ((centre - lon) / 360.0);
}

static gboolean
shift_ring (DmGeometry *self, guint ring, double by)
{
  if (by == 0.0 || !isfinite (by))
    return FALSE;
  for (guint i = g_array_index (self->rings, guint, ring), end = ring_end_point (self, ring); i < end; i++)
    point_at (self, i)[0] += by;
  return TRUE;
}

static void
ring_lon_range (DmGeometry *self, guint ring, double *west, double *east)
{
  *west = INFINITY;
  *east = -INFINITY;
  for (guint i = g_array_index (self->rings, guint, ring), end = ring_end_point (self, ring); i < end; i++)
    {
      *west = MIN (*west, point_at (self, i)[0]);
      *east = MAX (*east, point_at (self, i)[0]);
    }
}

/* The middle of a ring's span of longitude. */
static double
ring_middle (DmGeometry *self, guint ring)
{
  double west, east;

  ring_lon_range (self, ring, &west, &east);
  return (west + east) / 2;
}

static double
ring_span (DmGeometry *self, guint ring)
{
  double west, east;

  ring_lon_range (self, ring, &west, &east);
  return east - west;
}

gboolean
dm_geometry_unwrap_rings (DmGeometry *self)
{
  gboolean polygonal, changed = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  polygonal = dm_geometry_is_polygonal (self);
  for (guint r = 0; r < self->rings->len; r++)
    {
      guint first = g_array_index (self->rings, guint, r), end = ring_end_point (self, r);
      double last = first < end ? point_at (self, first)[0] : 0.0;

      /* Where the ring's last vertex lands once unwrapped: a ring that
       * would not close again goes round a pole (Antarctica in a world
       * map) and stays as drawn, edge to edge. */
      for (guint i = first + 1; i < end; i++)
        last = point_at (self, i)[0] + turns_towards (point_at (self, i)[0], last);
      if (polygonal && first < end && fabs (last - point_at (self, first)[0]) > 180.0)
        continue;
      for (guint i = first + 1; i < end; i++)
        {
          double *p = point_at (self, i);
          double by = turns_towards (p[0], point_at (self, i - 1)[0]);

          if (by != 0.0 && isfinite (by))
            {
              p[0] += by;
              changed = TRUE;
            }
        }
    }
  /* A hole lies beside its shell. */
  for (guint part = 0; part < self->parts->len; part++)
    {
      guint shell = part_first_ring (self, part), end = part_end_ring (self, part);

      if (shell + 1 >= end)
        continue;
      for (guint r = shell + 1; r < end; r++)
        changed |= shift_ring (self, r, turns_towards (ring_middle (self, r), ring_middle (self, shell)));
    }
  return changed;
}

gboolean
dm_geometry_wrap_near (DmGeometry *self, double centre_lon)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint part = 0; part < self->parts->len; part++)
    {
      guint shell = part_first_ring (self, part), end = part_end_ring (self, part);
      double by;

      if (shell >= end)
        continue;
      by = turns_towards (ring_middle (self, shell), centre_lon);
      /* A part that goes all the way round stays where it is. */
      if (ring_span (self, shell) >= 359.0)
        by = 0.0;
      for (guint r = shell; r < end; r++)
        changed |= shift_ring (self, r, by);
    }
  return changed;
}

/* GeoJSON's 7 decimals round a cut to within 1.1 cm. */
#define JOIN_TOLERANCE_M 0.05

static gboolean
on_antimeridian (double lon)
{
  return fmod (fabs (lon), 360.0) == 180.0;
}

DmGeometry *
dm_geometry_join_at_antimeridian (const DmGeometry *self)
{
  g_autoptr (DmGeometry) out = NULL;
  g_autoptr (GArray) path = NULL;
  gboolean joined = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->type != DM_GEOMETRY_MULTILINESTRING || self->parts->len < 2)
    return NULL;
  out = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  path = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint part = 0; part < self->parts->len; part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (self, part, 0, &n);

      if (path->len >= 2 && n > 0)
        {
          const double *end = &g_array_index (path, double, path->len - 2);

          if (end[0] == xy[0] && end[1] == xy[1] && on_antimeridian (xy[0]))
            {
              /* The cut's vertex goes when it lies on the geodesic
               * between its neighbours (as dm_geometry_split_antimeridian()
               * puts it, to within the file's rounding): the line joined
               * is the line that was split, vertex for vertex. */
              if (path->len >= 4 && n >= 2 &&
                  dm_geodesy_point_path_distance_m (xy[0], xy[1], (double[]){ end[-2], end[-1], xy[2], xy[3] }, 2, NULL,
                                                    NULL) < JOIN_TOLERANCE_M)
                g_array_set_size (path, path->len - 2);
              g_array_append_vals (path, xy + 2, 2 * (n - 1));
              joined = TRUE;
              continue;
            }
          dm_geometry_begin_part (out);
          dm_geometry_add_ring (out, (const double *) (gpointer) path->data, path->len / 2);
          g_array_set_size (path, 0);
        }
      g_array_append_vals (path, xy, 2 * n);
    }
  if (!joined)
    return NULL;
  dm_geometry_begin_part (out);
  dm_geometry_add_ring (out, (const double *) (gpointer) path->data, path->len / 2);
  if (out->parts->len == 1)
    out->type = DM_GEOMETRY_LINESTRING;
  return g_steal_pointer (&out);
}

void
dm_lon_frame_init (DmLonFrame *frame)
{
  g_return_if_fail (frame != NULL);

  frame->west[0] = frame->west[1] = INFINITY;
  frame->east[0] = frame->east[1] = -INFINITY;
}

void
dm_lon_frame_add (DmLonFrame *frame, const DmGeometry *geometry)
{
  g_return_if_fail (frame != NULL);
  g_return_if_fail (geometry != NULL);

  for (guint i = 0; i < geometry->xy->len; i += 2)
    {
      double lon = g_array_index (geometry->xy, double, i);

      if (!isfinite (lon))
        continue;
      for (guint k = 0; k < 2; k++)
        {
          /* The longitude in −180…180 (k = 0) or 0…360 (k = 1). */
          double centre = k == 0 ? 0.0 : 180.0;
          double in = lon + turns_towards (lon, centre);

          frame->west[k] = MIN (frame->west[k], in);
          frame->east[k] = MAX (frame->east[k], in);
        }
    }
}

double
dm_lon_frame_centre (const DmLonFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0.0);

  /* 0…360 only when it is clearly narrower: what lies on one side of the
   * 180th meridian keeps its longitudes. */
  if (frame->east[1] - frame->west[1] + 1e-9 < frame->east[0] - frame->west[0])
    return 180.0;
  return 0.0;
}

/* ---- Shared boundaries -------------------------------------------------- */

/* An edge between two vertices rounded to 1e-6° (about 0.1 m), endpoints
 * in a canonical order, so that the edge two polygons share has one key. */
typedef struct {
  gint64 ax, ay, bx, by;
} EdgeKey;

typedef struct {
  guint first; /* the first polygon that has the edge: it draws it */
  guint other; /* the first other one, G_MAXUINT while there is none */
} EdgeOwners;

static guint
edge_hash (gconstpointer data)
{
  const EdgeKey *k = data;
  guint64 h = (guint64) k->ax * 73856093u ^ (guint64) k->ay * 19349663u ^ (guint64) k->bx * 83492791u ^
              (guint64) k->by * 2654435761u;

  return (guint) (h ^ (h >> 32));
}

static gboolean
edge_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (EdgeKey)) == 0;
}

/* FALSE for an edge between two copies of one vertex. */
static gboolean
edge_key (const double *p, const double *q, EdgeKey *key)
{
  gint64 ax = llround (p[0] * 1e6), ay = llround (p[1] * 1e6);
  gint64 bx = llround (q[0] * 1e6), by = llround (q[1] * 1e6);

  if (ax == bx && ay == by)
    return FALSE;
  if (ax < bx || (ax == bx && ay < by))
    *key = (EdgeKey){ ax, ay, bx, by };
  else
    *key = (EdgeKey){ bx, by, ax, ay };
  return TRUE;
}

typedef struct {
  GHashTable *edges;
  DmBoundaryPairFunc pair_func;
  gpointer user_data;
} Boundaries;

/* Edge @i of a ring of polygon @r is drawn by @r: shared with a polygon
 * of a pair that counts, and @r is the first that has it. */
static gboolean
edge_owned (const Boundaries *b, const double *xy, guint n_points, guint i, guint r, gboolean *degenerate)
{
  EdgeKey key;
  const EdgeOwners *owners;

  *degenerate = !edge_key (xy + 2 * i, xy + 2 * ((i + 1) % n_points), &key);
  if (*degenerate)
    return FALSE;
  owners = g_hash_table_lookup (b->edges, &key);
  return owners != NULL && owners->first == r && owners->other != G_MAXUINT &&
         (b->pair_func == NULL || b->pair_func (owners->first, owners->other, b->user_data));
}

static void
add_run (DmGeometry *out, const double *xy, guint n_points, guint first, guint n)
{
  g_autofree double *run = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      guint k = (first + i) % n_points;

      run[2 * i] = xy[2 * k];
      run[2 * i + 1] = xy[2 * k + 1];
    }
  dm_geometry_begin_part (out);
  dm_geometry_add_ring (out, run, n);
}

DmGeometry *
dm_geometry_shared_boundaries (const DmGeometry *const *polygons,
                               guint n_polygons,
                               DmBoundaryPairFunc pair_func,
                               gpointer user_data)
{
  g_autoptr (GHashTable) edges = g_hash_table_new (edge_hash, edge_equal);
  Boundaries b = { edges, pair_func, user_data };
  DmGeometry *out = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  g_autofree EdgeKey *keys = NULL;
  g_autofree EdgeOwners *all_owners = NULL;
  gsize n_edges = 0, used = 0;

  g_return_val_if_fail (polygons != NULL || n_polygons == 0, out);

  /* The keys and owners in two blocks (a world of admin-1 regions has a
   * million edges: one allocation each would take most of the time). */
  for (guint r = 0; r < n_polygons; r++)
    n_edges += polygons[r] != NULL ? dm_geometry_get_n_points (polygons[r]) : 0;
  keys = g_new (EdgeKey, MAX (n_edges, 1));
  all_owners = g_new (EdgeOwners, MAX (n_edges, 1));

  /* Who has each edge. */
  for (guint r = 0; r < n_polygons; r++)
    {
      const DmGeometry *g = polygons[r];

      for (guint p = 0; g != NULL && p < dm_geometry_get_n_parts (g); p++)
        for (guint ring = 0; ring < dm_geometry_get_n_rings (g, p); ring++)
          {
            guint n_points;
            const double *xy = dm_geometry_get_ring (g, p, ring, &n_points);

            for (guint i = 0; n_points >= 2 && i < n_points; i++)
              {
                EdgeKey key;
                EdgeOwners *owners;

                if (!edge_key (xy + 2 * i, xy + 2 * ((i + 1) % n_points), &key))
                  continue;
                owners = g_hash_table_lookup (edges, &key);
                if (owners == NULL)
                  {
                    g_assert (used < n_edges);
                    keys[used] = key;
                    owners = &all_owners[used];
                    owners->first = r;
                    owners->other = G_MAXUINT;
                    g_hash_table_insert (edges, &keys[used], owners);
                    used++;
                  }
                else if (owners->first != r && owners->other == G_MAXUINT)
                  owners->other = r;
              }
          }
    }

  /* Each polygon's rings walked for runs of edges it draws. */
  for (guint r = 0; r < n_polygons; r++)
    {
      const DmGeometry *g = polygons[r];

      for (guint p = 0; g != NULL && p < dm_geometry_get_n_parts (g); p++)
        for (guint ring = 0; ring < dm_geometry_get_n_rings (g, p); ring++)
          {
            guint n_points, start = 0;
            const double *xy = dm_geometry_get_ring (g, p, ring, &n_points);
            gboolean all_owned = TRUE, degenerate;

            if (n_points < 2)
              continue;
            /* Walk from just after an edge that is not drawn here, so
             * that no run is cut at the ring's first vertex. */
            for (guint i = 0; i < n_points; i++)
              if (!edge_owned (&b, xy, n_points, i, r, &degenerate) && !degenerate)
                {
                  start = (i + 1) % n_points;
                  all_owned = FALSE;
                  break;
                }
            if (all_owned)
              {
                add_run (out, xy, n_points, 0, n_points + 1);
                continue;
              }
            for (guint i = 0; i < n_points;)
              {
                guint run = 0;

                /* A repeated vertex does not break a run. */
                while (i + run < n_points &&
                       (edge_owned (&b, xy, n_points, (start + i + run) % n_points, r, &degenerate) ||
                        (degenerate && run > 0)))
                  run++;
                if (run > 0)
                  {
                    add_run (out, xy, n_points, (start + i) % n_points, run + 1);
                    i += run;
                  }
                else
                  i++;
              }
          }
    }
  return out;
}
