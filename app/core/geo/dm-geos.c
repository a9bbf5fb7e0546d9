/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-geos"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-geos.h"

typedef struct {
  GEOSContextHandle_t ctx;
  char *last_error;
} DmGeosThread;

static void
geos_thread_free (gpointer data)
{
  DmGeosThread *t = data;

  GEOS_finish_r (t->ctx);
  g_free (t->last_error);
  g_free (t);
}

static GPrivate geos_thread_key = G_PRIVATE_INIT (geos_thread_free);

static void
on_geos_notice (const char *message, void *user_data)
{
  g_debug ("GEOS notice: %s", message);
}

static void
on_geos_error (const char *message, void *user_data)
{
  DmGeosThread *t = user_data;

  g_free (t->last_error);
  t->last_error = g_strchomp (g_strdup (message));
  g_debug ("GEOS error: %s", t->last_error);
}

static DmGeosThread *
get_thread (void)
{
  DmGeosThread *t = g_private_get (&geos_thread_key);

  if (G_UNLIKELY (t == NULL))
    {
      t = g_new0 (DmGeosThread, 1);
      t->ctx = GEOS_init_r ();
      GEOSContext_setNoticeMessageHandler_r (t->ctx, on_geos_notice, t);
      GEOSContext_setErrorMessageHandler_r (t->ctx, on_geos_error, t);
      g_private_set (&geos_thread_key, t);
    }
  return t;
}

GEOSContextHandle_t
dm_geos_get_context (void)
{
  return get_thread ()->ctx;
}

const char *
dm_geos_last_error (void)
{
  return get_thread ()->last_error;
}

void
dm_geos_geometry_free (GEOSGeometry *geometry)
{
  if (geometry != NULL)
    GEOSGeom_destroy_r (dm_geos_get_context (), geometry);
}

/* ---- DmGeometry → GEOS ------------------------------------------------ */

static GEOSCoordSequence *
ring_to_seq (GEOSContextHandle_t ctx, const double *xy, guint n, gboolean close)
{
  g_autofree double *closed = NULL;

  if (close && n > 0)
    {
      closed = g_new (double, 2 * (n + 1));
      memcpy (closed, xy, 2 * n * sizeof (double));
      closed[2 * n] = xy[0];
      closed[2 * n + 1] = xy[1];
      xy = closed;
      n++;
    }
  return GEOSCoordSeq_copyFromBuffer_r (ctx, xy, n, FALSE, FALSE);
}

static void
destroy_all (GEOSContextHandle_t ctx, GEOSGeometry **geoms, guint n)
{
  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      GEOSGeom_destroy_r (ctx, geoms[i]);
}

static GEOSGeometry *
polygon_to_geos (GEOSContextHandle_t ctx, const DmGeometry *geometry, guint part)
{
  guint n_rings = dm_geometry_get_n_rings (geometry, part);
  g_autofree GEOSGeometry **holes = NULL;
  GEOSGeometry *shell = NULL;
  GEOSGeometry *polygon;

  if (n_rings == 0)
    return GEOSGeom_createEmptyPolygon_r (ctx);

  holes = g_new0 (GEOSGeometry *, n_rings);
  for (guint r = 0; r < n_rings; r++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (geometry, part, r, &n);
      GEOSCoordSequence *seq = ring_to_seq (ctx, xy, n, TRUE);
      GEOSGeometry *ring = seq != NULL ? GEOSGeom_createLinearRing_r (ctx, seq) : NULL;

      if (ring == NULL)
        {
          if (shell != NULL)
            GEOSGeom_destroy_r (ctx, shell);
          destroy_all (ctx, holes, n_rings - 1);
          return NULL;
        }
      if (r == 0)
        shell = ring;
      else
        holes[r - 1] = ring;
    }

  polygon = GEOSGeom_createPolygon_r (ctx, shell, holes, n_rings - 1);
  if (polygon == NULL)
    {
      GEOSGeom_destroy_r (ctx, shell);
      destroy_all (ctx, holes, n_rings - 1);
    }
  return polygon;
}

static GEOSGeometry *
part_to_geos (GEOSContextHandle_t ctx, const DmGeometry *geometry, guint part)
{
  const double *xy;
  guint n;

  if (dm_geometry_is_polygonal (geometry))
    return polygon_to_geos (ctx, geometry, part);

  if (dm_geometry_get_n_rings (geometry, part) == 0)
    return dm_geometry_is_puntal (geometry) ? GEOSGeom_createEmptyPoint_r (ctx)
                                            : GEOSGeom_createEmptyLineString_r (ctx);

  xy = dm_geometry_get_ring (geometry, part, 0, &n);
  if (dm_geometry_is_puntal (geometry))
    return n > 0 ? GEOSGeom_createPointFromXY_r (ctx, xy[0], xy[1]) : GEOSGeom_createEmptyPoint_r (ctx);
  else
    {
      GEOSCoordSequence *seq = ring_to_seq (ctx, xy, n, FALSE);

      return seq != NULL ? GEOSGeom_createLineString_r (ctx, seq) : NULL;
    }
}

GEOSGeometry *
dm_geometry_to_geos (GEOSContextHandle_t ctx, const DmGeometry *geometry)
{
  DmGeometryType type;
  guint n_parts;
  int multi_type;
  g_autofree GEOSGeometry **parts = NULL;
  GEOSGeometry *result;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);

  type = dm_geometry_get_geometry_type (geometry);
  n_parts = dm_geometry_get_n_parts (geometry);

  switch (type)
    {
    case DM_GEOMETRY_POINT:
    case DM_GEOMETRY_LINESTRING:
    case DM_GEOMETRY_POLYGON:
      if (n_parts == 0)
        return type == DM_GEOMETRY_POINT        ? GEOSGeom_createEmptyPoint_r (ctx)
               : type == DM_GEOMETRY_LINESTRING ? GEOSGeom_createEmptyLineString_r (ctx)
                                                : GEOSGeom_createEmptyPolygon_r (ctx);
      return part_to_geos (ctx, geometry, 0);

    case DM_GEOMETRY_MULTIPOINT:
      multi_type = GEOS_MULTIPOINT;
      break;
    case DM_GEOMETRY_MULTILINESTRING:
      multi_type = GEOS_MULTILINESTRING;
      break;
    case DM_GEOMETRY_MULTIPOLYGON:
      multi_type = GEOS_MULTIPOLYGON;
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  parts = g_new0 (GEOSGeometry *, MAX (n_parts, 1));
  for (guint p = 0; p < n_parts; p++)
    if ((parts[p] = part_to_geos (ctx, geometry, p)) == NULL)
      {
        destroy_all (ctx, parts, p);
        return NULL;
      }

  /* The collection owns the parts from here on, even when it fails. */
  result = GEOSGeom_createCollection_r (ctx, multi_type, parts, n_parts);
  return result;
}

/* ---- GEOS → DmGeometry ------------------------------------------------ */

typedef struct {
  GArray *points;      /* double xy */
  GPtrArray *lines;    /* GArray of double xy */
  GPtrArray *polygons; /* GPtrArray of rings, each a GArray of double xy */
} Parts;

static GArray *
seq_to_array (GEOSContextHandle_t ctx, const GEOSGeometry *g)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, g);
  unsigned int n = 0;
  GArray *xy = g_array_new (FALSE, FALSE, sizeof (double));

  if (seq != NULL && GEOSCoordSeq_getSize_r (ctx, seq, &n) && n > 0)
    {
      g_array_set_size (xy, 2 * n);
      GEOSCoordSeq_copyToBuffer_r (ctx, seq, (double *) (gpointer) xy->data, FALSE, FALSE);
    }
  return xy;
}

static void
collect_parts (GEOSContextHandle_t ctx, const GEOSGeometry *g, Parts *parts)
{
  int type = GEOSGeomTypeId_r (ctx, g);

  if (GEOSisEmpty_r (ctx, g) == 1)
    return;

  switch (type)
    {
    case GEOS_POINT:
      {
        double x, y;

        if (GEOSGeomGetX_r (ctx, g, &x) && GEOSGeomGetY_r (ctx, g, &y))
          {
            g_array_append_val (parts->points, x);
            g_array_append_val (parts->points, y);
          }
      }
      break;

    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      g_ptr_array_add (parts->lines, seq_to_array (ctx, g));
      break;

    case GEOS_POLYGON:
      {
        GPtrArray *rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
        int n_holes = GEOSGetNumInteriorRings_r (ctx, g);

        g_ptr_array_add (rings, seq_to_array (ctx, GEOSGetExteriorRing_r (ctx, g)));
        for (int i = 0; i < n_holes; i++)
          g_ptr_array_add (rings, seq_to_array (ctx, GEOSGetInteriorRingN_r (ctx, g, i)));
        g_ptr_array_add (parts->polygons, rings);
      }
      break;

    case GEOS_MULTIPOINT:
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
      for (int i = 0, n = GEOSGetNumGeometries_r (ctx, g); i < n; i++)
        collect_parts (ctx, GEOSGetGeometryN_r (ctx, g, i), parts);
      break;

    default:
      g_debug ("Ignoring GEOS geometry of type %d", type);
      break;
    }
}

DmGeometry *
dm_geometry_from_geos (GEOSContextHandle_t ctx, const GEOSGeometry *geometry)
{
  return dm_geometry_from_geos_full (ctx, geometry, NULL);
}

DmGeometry *
dm_geometry_from_geos_full (GEOSContextHandle_t ctx, const GEOSGeometry *geometry, guint *dropped_parts)
{
  g_autoptr (GArray) points = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GPtrArray) polygons = NULL;
  Parts parts;
  DmGeometry *result;
  int type;
  guint n_points, n_dropped;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);

  points = g_array_new (FALSE, FALSE, sizeof (double));
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  polygons = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  parts = (Parts){ points, lines, polygons };
  collect_parts (ctx, geometry, &parts);

  type = GEOSGeomTypeId_r (ctx, geometry);
  n_points = points->len / 2;

  if (polygons->len > 0)
    {
      gboolean multi = type == GEOS_MULTIPOLYGON || (type == GEOS_GEOMETRYCOLLECTION && polygons->len > 1);

      result = dm_geometry_new (multi ? DM_GEOMETRY_MULTIPOLYGON : DM_GEOMETRY_POLYGON);
      for (guint p = 0; p < polygons->len; p++)
        {
          GPtrArray *rings = g_ptr_array_index (polygons, p);

          dm_geometry_begin_part (result);
          for (guint r = 0; r < rings->len; r++)
            {
              GArray *xy = g_ptr_array_index (rings, r);

              dm_geometry_add_ring (result, (const double *) (gpointer) xy->data, xy->len / 2);
            }
        }
      n_dropped = lines->len + n_points;
    }
  else if (lines->len > 0)
    {
      gboolean multi = type == GEOS_MULTILINESTRING || (type == GEOS_GEOMETRYCOLLECTION && lines->len > 1);

      result = dm_geometry_new (multi ? DM_GEOMETRY_MULTILINESTRING : DM_GEOMETRY_LINESTRING);
      for (guint l = 0; l < lines->len; l++)
        {
          GArray *xy = g_ptr_array_index (lines, l);

          dm_geometry_begin_part (result);
          dm_geometry_add_ring (result, (const double *) (gpointer) xy->data, xy->len / 2);
        }
      n_dropped = n_points;
    }
  else if (n_points > 0)
    {
      gboolean multi = type == GEOS_MULTIPOINT || (type == GEOS_GEOMETRYCOLLECTION && n_points > 1);

      result = dm_geometry_new (multi ? DM_GEOMETRY_MULTIPOINT : DM_GEOMETRY_POINT);
      for (guint i = 0; i < n_points; i++)
        {
          dm_geometry_begin_part (result);
          dm_geometry_add_ring (result, &g_array_index (points, double, 2 * i), 1);
        }
      n_dropped = 0;
    }
  else
    {
      result = NULL;
      n_dropped = 0;
    }

  if (dropped_parts != NULL)
    *dropped_parts = n_dropped;
  return result;
}

/* ---- Repair ----------------------------------------------------------- */

/* "Self-intersection[37.1 48.4]" → "Self-intersection near 37.10000 48.40000" */
static char *
describe_reason (const char *reason)
{
  const char *bracket = strchr (reason, '[');
  double x, y;

  if (bracket != NULL && sscanf (bracket, "[%lf %lf]", &x, &y) == 2)
    {
      g_autofree char *what = g_strndup (reason, bracket - reason);

      /* Translators: a problem with a shape and where it is, for example
       * "Self-intersection near 37.12300 48.45600" (longitude latitude) */
      return g_strdup_printf (_ ("%s near %.5f %.5f"), what, x, y);
    }
  return g_strdup (reason);
}

static int
dimension_of (GEOSContextHandle_t ctx, const GEOSGeometry *g)
{
  int type = GEOSGeomTypeId_r (ctx, g);

  switch (type)
    {
    case GEOS_POINT:
    case GEOS_MULTIPOINT:
      return 0;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING:
      return 1;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
      return 2;
    default:
      {
        int d = -1;

        for (int i = 0, n = GEOSGetNumGeometries_r (ctx, g); i < n; i++)
          d = MAX (d, dimension_of (ctx, GEOSGetGeometryN_r (ctx, g, i)));
        return d;
      }
    }
}

static void
collect_of_dimension (GEOSContextHandle_t ctx, const GEOSGeometry *g, int dimension, GPtrArray *out)
{
  int type = GEOSGeomTypeId_r (ctx, g);

  if (GEOSisEmpty_r (ctx, g) == 1)
    return;

  if (type == GEOS_MULTIPOINT || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
      type == GEOS_GEOMETRYCOLLECTION)
    {
      for (int i = 0, n = GEOSGetNumGeometries_r (ctx, g); i < n; i++)
        collect_of_dimension (ctx, GEOSGetGeometryN_r (ctx, g, i), dimension, out);
    }
  else if (dimension_of (ctx, g) == dimension)
    g_ptr_array_add (out, GEOSGeom_clone_r (ctx, g));
}

/* The parts of @g of one dimension, as one geometry; NULL if none. */
static GEOSGeometry *
extract_dimension (GEOSContextHandle_t ctx, const GEOSGeometry *g, int dimension)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  static const int multi_types[] = { GEOS_MULTIPOINT, GEOS_MULTILINESTRING, GEOS_MULTIPOLYGON };

  collect_of_dimension (ctx, g, dimension, found);
  if (found->len == 0)
    return NULL;
  if (found->len == 1)
    return g_ptr_array_index (found, 0);
  return GEOSGeom_createCollection_r (ctx, multi_types[dimension], (GEOSGeometry **) found->pdata, found->len);
}

GEOSGeometry *
dm_geos_make_valid (GEOSContextHandle_t ctx, const GEOSGeometry *geometry, char **what_was_wrong)
{
  g_autoptr (DmGeosGeometry) repaired = NULL;
  GEOSMakeValidParams *params;
  char *reason;
  int dimension;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);
  g_return_val_if_fail (what_was_wrong == NULL || *what_was_wrong == NULL, NULL);

  switch (GEOSisValid_r (ctx, geometry))
    {
    case 1:
      return GEOSGeom_clone_r (ctx, geometry);
    case 0:
      break;
    default:
      return NULL;
    }

  if (what_was_wrong != NULL)
    {
      reason = GEOSisValidReason_r (ctx, geometry);
      *what_was_wrong = describe_reason (reason != NULL ? reason : "Invalid geometry");
      if (reason != NULL)
        GEOSFree_r (ctx, reason);
    }

  /* The "structure" method keeps the area that the rings enclose: two
   * overlapping parts of a multipolygon merge instead of the overlap
   * turning into a hole, as it does with the default "linework" method
   * (GEOS 3.10 release notes).  Collapsed parts are dropped either way. */
  dimension = dimension_of (ctx, geometry);
  params = GEOSMakeValidParams_create_r (ctx);
  GEOSMakeValidParams_setMethod_r (ctx, params, dimension == 2 ? GEOS_MAKE_VALID_STRUCTURE : GEOS_MAKE_VALID_LINEWORK);
  GEOSMakeValidParams_setKeepCollapsed_r (ctx, params, 0);
  repaired = GEOSMakeValidWithParams_r (ctx, geometry, params);
  GEOSMakeValidParams_destroy_r (ctx, params);

  if (repaired == NULL || dimension < 0)
    return NULL;
  if (dimension_of (ctx, repaired) == dimension && GEOSGeomTypeId_r (ctx, repaired) != GEOS_GEOMETRYCOLLECTION)
    return GEOSisEmpty_r (ctx, repaired) == 0 ? g_steal_pointer (&repaired) : NULL;
  return extract_dimension (ctx, repaired, dimension);
}

/* ---- The 180th meridian ------------------------------------------------- */

/* The turn (… −1, 0, 1 …) whose frame −180 + 360 k … 180 + 360 k holds @lon. */
static inline double
turn_of (double lon)
{
  return floor ((lon + 180.0) / 360.0);
}

/* A value that is ±180 up to rounding, written as ±180. */
static inline double
tidy_lon (double lon)
{
  if (fabs (fabs (lon) - 180.0) < 1e-9)
    return copysign (180.0, lon);
  return lon;
}

static void
add_piece (DmGeometry *out, GArray *piece)
{
  double turn, west = INFINITY, east = -INFINITY;

  if (piece->len < 4)
    {
      g_array_set_size (piece, 0);
      return;
    }
  for (guint i = 0; i < piece->len; i += 2)
    {
      west = MIN (west, g_array_index (piece, double, i));
      east = MAX (east, g_array_index (piece, double, i));
    }
  turn = turn_of ((west + east) / 2);
  for (guint i = 0; i < piece->len; i += 2)
    g_array_index (piece, double, i) = tidy_lon (g_array_index (piece, double, i) - 360.0 * turn);
  dm_geometry_begin_part (out);
  dm_geometry_add_ring (out, (const double *) (gpointer) piece->data, piece->len / 2);
  g_array_set_size (piece, 0);
}

/* The latitude at which the geodesic from @a to @b (unwrapped, the short
 * way) crosses the meridian @lon: the cut lies on the line as measured,
 * so the pieces add up to its length. */
static double
meridian_crossing (const double *a, const double *b, double lon)
{
  double s, azi1, azi2, lo = 0.0, hi, lat = a[1];

  dm_geodesy_inverse (a[0], a[1], b[0], b[1], &s, &azi1, &azi2);
  hi = s;
  for (int i = 0; i < 64 && hi - lo > 1e-6; i++)
    {
      double mid = (lo + hi) / 2, mlon;

      dm_geodesy_direct (a[0], a[1], azi1, mid, &mlon, &lat);
      if ((mlon < lon) == (a[0] < lon))
        lo = mid;
      else
        hi = mid;
    }
  return lat;
}

/* A path cut where it crosses ±180 + 360 k, in its own order: the
 * contact line's direction says which side is which. */
static void
split_path (DmGeometry *out, const double *xy, guint n)
{
  g_autoptr (GArray) piece = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          double ta = turn_of (xy[2 * i - 2]), tb = turn_of (xy[2 * i]);

          /* Each meridian ±180 + 360 k between the two vertices. */
          while (ta != tb)
            {
              double edge = tb > ta ? 180.0 + 360.0 * ta : -180.0 + 360.0 * ta;
              double cut[2] = { edge, meridian_crossing (&xy[2 * i - 2], &xy[2 * i], edge) };

              g_array_append_vals (piece, cut, 2);
              add_piece (out, piece);
              g_array_append_vals (piece, cut, 2);
              ta += tb > ta ? 1 : -1;
            }
        }
      g_array_append_vals (piece, &xy[2 * i], 2);
    }
  add_piece (out, piece);
}

/* @geometry's rings with a vertex where each edge's geodesic crosses
 * ±180 + 360 k, so that the cut there follows the edges as measured. */
static DmGeometry *
with_meridian_vertices (const DmGeometry *geometry)
{
  g_autoptr (DmGeometry) out = dm_geometry_new (dm_geometry_get_geometry_type (geometry));
  g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint part = 0; part < dm_geometry_get_n_parts (geometry); part++)
    {
      dm_geometry_begin_part (out);
      for (guint r = 0; r < dm_geometry_get_n_rings (geometry, part); r++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (geometry, part, r, &n);

          g_array_set_size (ring, 0);
          for (guint i = 0; i < n; i++)
            {
              const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];
              double ta = turn_of (a[0]), tb = turn_of (b[0]);

              g_array_append_vals (ring, a, 2);
              for (double t = ta; t != tb; t += tb > ta ? 1 : -1)
                {
                  double edge = tb > ta ? 180.0 + 360.0 * t : -180.0 + 360.0 * t;
                  double cut[2] = { edge, meridian_crossing (a, b, edge) };

                  g_array_append_vals (ring, cut, 2);
                }
            }
          dm_geometry_add_ring (out, (const double *) (gpointer) ring->data, ring->len / 2);
        }
    }
  return g_steal_pointer (&out);
}

/* The polygon's parts in each frame of longitude it reaches, moved into
 * −180…180. */
static gboolean
split_polygonal (DmGeometry *out, const DmGeometry *geometry, double west, double east)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeometry) cuttable = with_meridian_vertices (geometry);
  g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, cuttable);

  if (g == NULL)
    return FALSE;
  for (double turn = turn_of (west); turn <= turn_of (east); turn++)
    {
      g_autoptr (DmGeosGeometry) box = NULL;
      g_autoptr (DmGeosGeometry) cut = NULL;
      g_autoptr (DmGeometry) piece = NULL;

      box = GEOSGeom_createRectangle_r (ctx, -180.0 + 360.0 * turn, -91.0, 180.0 + 360.0 * turn, 91.0);
      if (box == NULL || (cut = GEOSIntersection_r (ctx, g, box)) == NULL)
        return FALSE;
      if (GEOSisEmpty_r (ctx, cut) == 1 || (piece = dm_geometry_from_geos (ctx, cut)) == NULL ||
          !dm_geometry_is_polygonal (piece))
        continue;
      for (guint part = 0; part < dm_geometry_get_n_parts (piece); part++)
        {
          dm_geometry_begin_part (out);
          for (guint r = 0; r < dm_geometry_get_n_rings (piece, part); r++)
            {
              guint n;
              const double *ring = dm_geometry_get_ring (piece, part, r, &n);
              g_autofree double *moved = g_memdup2 (ring, 2 * n * sizeof (double));

              for (guint i = 0; i < n; i++)
                moved[2 * i] = tidy_lon (moved[2 * i] - 360.0 * turn);
              dm_geometry_add_ring (out, moved, n);
            }
        }
    }
  return TRUE;
}

DmGeometry *
dm_geometry_split_antimeridian (const DmGeometry *geometry)
{
  g_autoptr (DmGeometry) out = NULL;
  double west, east;

  g_return_val_if_fail (geometry != NULL, NULL);

  dm_geometry_get_extent (geometry, &west, NULL, &east, NULL);
  if (dm_geometry_is_empty (geometry) || (west >= -180.0 && east <= 180.0) || !isfinite (west) || !isfinite (east))
    return NULL;

  if (dm_geometry_is_puntal (geometry))
    {
      out = dm_geometry_copy (geometry);
      for (guint i = 0, n = dm_geometry_get_n_points (out); i < n; i++)
        {
          double lon, lat;

          dm_geometry_get_point (out, i, &lon, &lat);
          dm_geometry_set_point (out, i, tidy_lon (lon - 360.0 * turn_of (lon)), lat);
        }
      return g_steal_pointer (&out);
    }
  if (dm_geometry_is_lineal (geometry))
    {
      out = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
      for (guint part = 0; part < dm_geometry_get_n_parts (geometry); part++)
        {
          guint n;
          const double *path = dm_geometry_get_ring (geometry, part, 0, &n);

          split_path (out, path, n);
        }
    }
  else
    {
      out = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
      if (!split_polygonal (out, geometry, west, east))
        return NULL;
    }
  /* One piece stays a single geometry. */
  if (dm_geometry_get_n_parts (out) == 1)
    {
      g_autoptr (DmGeometry)
        single = dm_geometry_new (dm_geometry_is_lineal (out) ? DM_GEOMETRY_LINESTRING : DM_GEOMETRY_POLYGON);

      dm_geometry_begin_part (single);
      for (guint r = 0; r < dm_geometry_get_n_rings (out, 0); r++)
        {
          guint n;
          const double *ring = dm_geometry_get_ring (out, 0, r, &n);

          dm_geometry_add_ring (single, ring, n);
        }
      return g_steal_pointer (&single);
    }
  return g_steal_pointer (&out);
}
