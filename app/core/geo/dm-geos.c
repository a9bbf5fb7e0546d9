/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-geos"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

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
