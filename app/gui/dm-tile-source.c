/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-tile-source.h"

struct _DmTileSource {
  ShumateDataSource parent_instance;
  DmBasemapRenderer *renderer;
  int tile_size;
  int scale;
  DmLabelLanguage language;
};

G_DEFINE_FINAL_TYPE (DmTileSource, dm_tile_source, SHUMATE_TYPE_DATA_SOURCE)

typedef struct {
  int x, y, z;
} TileRequest;

static void
render_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DmTileSource *self = source;
  TileRequest *req = task_data;
  GError *error = NULL;
  GBytes *png;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  png = dm_basemap_renderer_render_png (self->renderer, req->x, req->y, req->z,
                                        self->tile_size, self->scale, self->language,
                                        &error);
  if (png == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
}

/* Back in the main thread: announce the data, then complete the caller's
 * task (the raster renderer shows nothing without "received-data"). */
static void
rendered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  TileRequest *req = g_task_get_task_data (outer);
  GError *error = NULL;
  GBytes *png = g_task_propagate_pointer (G_TASK (result), &error);

  if (png == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  g_signal_emit_by_name (source, "received-data", req->x, req->y, req->z, png);
  g_task_return_pointer (outer, png, (GDestroyNotify) g_bytes_unref);
}

static void
dm_tile_source_get_tile_data_async (ShumateDataSource  *source,
                                    int                 x,
                                    int                 y,
                                    int                 z,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  GTask *outer = g_task_new (source, cancellable, callback, user_data);
  g_autoptr (GTask) inner = g_task_new (source, cancellable, rendered, outer);
  TileRequest *req = g_new (TileRequest, 1);

  req->x = x;
  req->y = y;
  req->z = z;
  g_task_set_source_tag (outer, dm_tile_source_get_tile_data_async);
  g_task_set_task_data (outer, req, g_free);
  g_task_set_task_data (inner, g_memdup2 (req, sizeof *req), g_free);
  g_task_run_in_thread (inner, render_in_thread);
}

static GBytes *
dm_tile_source_get_tile_data_finish (ShumateDataSource *source, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dm_tile_source_finalize (GObject *object)
{
  DmTileSource *self = DM_TILE_SOURCE (object);

  g_clear_pointer (&self->renderer, dm_basemap_renderer_unref);
  G_OBJECT_CLASS (dm_tile_source_parent_class)->finalize (object);
}

static void
dm_tile_source_class_init (DmTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = dm_tile_source_finalize;
  source_class->get_tile_data_async = dm_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = dm_tile_source_get_tile_data_finish;
}

static void
dm_tile_source_init (DmTileSource *self)
{
}

DmTileSource *
dm_tile_source_new (DmBasemapRenderer *renderer,
                    int                tile_size,
                    int                scale,
                    DmLabelLanguage    language)
{
  DmTileSource *self;

  g_return_val_if_fail (renderer != NULL, NULL);
  g_return_val_if_fail (scale >= 1 && scale <= 4, NULL);

  self = g_object_new (DM_TYPE_TILE_SOURCE, NULL);
  self->renderer = dm_basemap_renderer_ref (renderer);
  self->tile_size = tile_size;
  self->scale = scale;
  self->language = language;
  return self;
}
