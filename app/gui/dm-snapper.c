/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-snapper"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-basemap.h"
#include "dm-snap.h"
#include "dm-snapper.h"

struct _DmSnapper {
  DmDocument *document;
  DmSnapIndex *index; /* NULL until first needed, or to be rebuilt */
  GHashTable *dirty;  /* feature ids whose geometry the index lacks */
};

static void
document_changed (DmDocument *document, DmChange *change, DmSnapper *self)
{
  if (change->kind == DM_CHANGE_FEATURE_ADDED || change->kind == DM_CHANGE_FEATURE_REMOVED ||
      change->kind == DM_CHANGE_ACTIVE_PROPOSAL || change->kind == DM_CHANGE_PROPOSALS ||
      change->kind == DM_CHANGE_REFERENCE_LAYERS)
    g_clear_pointer (&self->index, dm_snap_index_free);
  else if (change->feature_id != 0)
    g_hash_table_add (self->dirty, GUINT_TO_POINTER (change->feature_id));
}

DmSnapper *
dm_snapper_new (DmDocument *document)
{
  DmSnapper *self;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);

  self = g_new0 (DmSnapper, 1);
  self->document = g_object_ref (document);
  self->dirty = g_hash_table_new (NULL, NULL);
  g_signal_connect (document, "changed", G_CALLBACK (document_changed), self);
  return self;
}

void
dm_snapper_free (DmSnapper *self)
{
  if (self == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->index, dm_snap_index_free);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_free (self);
}

/* The index, made or brought up to date. */
static DmSnapIndex *
index_now (DmSnapper *self)
{
  if (self->index == NULL)
    {
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
      static const DmLineworkKind kinds[] = { DM_LINEWORK_BORDER, DM_LINEWORK_ADMIN1, DM_LINEWORK_RIVER,
                                              DM_LINEWORK_COAST, DM_LINEWORK_SHORE };

      self->index = dm_snap_index_new ();
      if (basemap != NULL)
        for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
          dm_snap_index_add_linework (self->index, basemap, kinds[i]);
      dm_snap_index_add_document (self->index, self->document);
      g_hash_table_remove_all (self->dirty);
    }
  else if (g_hash_table_size (self->dirty) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->dirty);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          DmFeature *f = dm_document_lookup_feature (self->document, GPOINTER_TO_UINT (key));

          dm_snap_index_set_feature (self->index, GPOINTER_TO_UINT (key),
                                     f != NULL ? dm_feature_get_geometry (f) : NULL);
        }
      g_hash_table_remove_all (self->dirty);
    }
  return self->index;
}

gboolean
dm_snapper_snap (DmSnapper *self,
                 const DmViewport *view,
                 double x,
                 double y,
                 double radius_px,
                 guint skip_feature,
                 gint skip_vertex,
                 double *lon,
                 double *lat)
{
  double plon, plat, tol_lon, tol_lat;
  DmSnapResult hit;

  g_return_val_if_fail (self != NULL, FALSE);

  dm_viewport_to_location (view, x, y, &plon, &plat);
  /* The radius in degrees where the pointer is. */
  tol_lon = radius_px * 360.0 / (view->tile_size * exp2 (view->zoom));
  tol_lat = tol_lon * cos (plat * G_PI / 180.0);
  if (!dm_snap_index_query (index_now (self), plon, plat, tol_lon, tol_lat, DM_SNAP_VERTEX | DM_SNAP_SEGMENT,
                            skip_feature, skip_vertex, &hit))
    return FALSE;
  *lon = hit.lon;
  *lat = hit.lat;
  return TRUE;
}

gboolean
dm_snapper_trace (DmSnapper *self, double lon0, double lat0, double lon1, double lat1, GArray *xy, GError **error)
{
  DmSnapIndex *index;
  DmSnapResult from, to;
  g_autoptr (DmGeometry) path = NULL;
  /* Both points lie on the line (they were snapped): a hair's tolerance. */
  const double tol = 1e-7;

  g_return_val_if_fail (self != NULL, FALSE);

  index = index_now (self);
  if (!dm_snap_index_query (index, lon0, lat0, tol, tol, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &from) ||
      !dm_snap_index_query (index, lon1, lat1, tol, tol, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &to))
    {
      g_set_error_literal (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED,
                           _ ("Tracing runs between two points snapped onto a river, border or coast; turn on "
                              "snapping (S) and click on the line"));
      return FALSE;
    }
  if ((path = dm_snap_trace (index, &from, &to, error)) == NULL)
    return FALSE;
  for (guint i = 1; i < dm_geometry_get_n_points (path); i++)
    {
      double p[2];

      dm_geometry_get_point (path, i, &p[0], &p[1]);
      g_array_append_vals (xy, p, 2);
    }
  return TRUE;
}
