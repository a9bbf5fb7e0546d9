/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-tile-source.h"

#include <glib/gi18n.h>

#include "dm-application.h"

/* A rendered tile: an opaque cairo image, drawn by painting it.  GTK
 * 4.8's cairo renderer converts a GdkTexture's every pixel on every frame
 * it draws it (through floats for cairo's own format); a cairo image is
 * copied once into the frame's recording and composited. */
#define DM_TYPE_TILE_PAINTABLE (dm_tile_paintable_get_type ())
G_DECLARE_FINAL_TYPE (DmTilePaintable, dm_tile_paintable, DM, TILE_PAINTABLE, GObject)

struct _DmTilePaintable {
  GObject parent_instance;
  cairo_surface_t *surface;
  int size; /* logical pixels */
};

static void dm_tile_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DmTilePaintable,
                               dm_tile_paintable,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, dm_tile_paintable_iface_init))

static void
dm_tile_paintable_snapshot (GdkPaintable *paintable, GdkSnapshot *snapshot, double width, double height)
{
  DmTilePaintable *self = DM_TILE_PAINTABLE (paintable);
  /* One pixel more to the right and below, the edge pixels repeated: at
   * a fractional offset the neighbour's antialiased edge would otherwise
   * leave a faint seam of the background between tiles. */
  cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width + 1, height + 1));

  cairo_scale (cr, width / self->size, height / self->size);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  if (width == self->size && height == self->size)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  /* The tile itself (pixman's fast path), then the strips beyond it with
   * the edge repeated (the slow one, but a pixel wide). */
  cairo_rectangle (cr, 0, 0, self->size, self->size);
  cairo_fill (cr);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, self->size, 0, self->size / width, self->size + self->size / height);
  cairo_rectangle (cr, 0, self->size, self->size, self->size / height);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static GdkPaintableFlags
dm_tile_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static int
dm_tile_paintable_get_intrinsic_size (GdkPaintable *paintable)
{
  return DM_TILE_PAINTABLE (paintable)->size;
}

static void
dm_tile_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = dm_tile_paintable_snapshot;
  iface->get_flags = dm_tile_paintable_get_flags;
  iface->get_intrinsic_width = dm_tile_paintable_get_intrinsic_size;
  iface->get_intrinsic_height = dm_tile_paintable_get_intrinsic_size;
}

static void
dm_tile_paintable_finalize (GObject *object)
{
  DmTilePaintable *self = DM_TILE_PAINTABLE (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  G_OBJECT_CLASS (dm_tile_paintable_parent_class)->finalize (object);
}

static void
dm_tile_paintable_class_init (DmTilePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dm_tile_paintable_finalize;
}

static void
dm_tile_paintable_init (DmTilePaintable *self)
{
}

/* (transfer full) @surface */
static GdkPaintable *
dm_tile_paintable_new (cairo_surface_t *surface, int size)
{
  DmTilePaintable *self = g_object_new (DM_TYPE_TILE_PAINTABLE, NULL);

  self->surface = surface;
  self->size = size;
  return GDK_PAINTABLE (self);
}

/* Pictures kept for tiles that leave the view (a pan back shows them at
 * once): 192 tiles of 256 × 256 pixels are 48 MB. */
#define CACHE_TILES 192

struct _DmTileSource {
  ShumateMapSource parent_instance;
  DmBasemapRenderer *renderer;
  int scale;
  DmLanguage language;
  GHashTable *cache; /* TileKey → GList link in lru */
  GQueue lru;        /* CachedTile, most recent first */
};

typedef struct {
  int x, y, z;
} TileKey;

typedef struct {
  TileKey key;
  GdkPaintable *texture;
} CachedTile;

static guint
tile_key_hash (gconstpointer p)
{
  const TileKey *k = p;

  return (guint) k->x * 73856093u ^ (guint) k->y * 19349663u ^ (guint) k->z * 83492791u;
}

static gboolean
tile_key_equal (gconstpointer a, gconstpointer b)
{
  const TileKey *ka = a, *kb = b;

  return ka->x == kb->x && ka->y == kb->y && ka->z == kb->z;
}

static void
cached_tile_free (CachedTile *c)
{
  g_object_unref (c->texture);
  g_free (c);
}

static GdkPaintable *
cache_lookup (DmTileSource *self, const TileKey *key)
{
  GList *link = g_hash_table_lookup (self->cache, key);

  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((CachedTile *) link->data)->texture;
}

static void
cache_store (DmTileSource *self, const TileKey *key, GdkPaintable *texture)
{
  CachedTile *c;

  if (cache_lookup (self, key) != NULL)
    return;
  c = g_new (CachedTile, 1);
  c->key = *key;
  c->texture = g_object_ref (texture);
  g_queue_push_head (&self->lru, c);
  g_hash_table_insert (self->cache, &c->key, self->lru.head);
  while (self->lru.length > CACHE_TILES)
    {
      CachedTile *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->cache, &old->key);
      cached_tile_free (old);
    }
}

G_DEFINE_FINAL_TYPE (DmTileSource, dm_tile_source, SHUMATE_TYPE_MAP_SOURCE)

typedef struct {
  int x, y, z, tile_size;
  ShumateTile *tile;
} TileRequest;

static void
tile_request_free (TileRequest *req)
{
  g_clear_object (&req->tile);
  g_free (req);
}

/* Renders in worker threads, counted so that exit can wait for them. */
static GMutex renders_lock;
static GCond renders_done;
static guint renders_running;
static gboolean renders_closed;
/* Tiles asked for and not yet shown (main thread only). */
static guint tiles_pending;

guint
dm_tile_source_get_n_pending (void)
{
  return tiles_pending;
}

static gboolean
render_begin (void)
{
  gboolean open;

  g_mutex_lock (&renders_lock);
  open = !renders_closed;
  if (open)
    renders_running++;
  g_mutex_unlock (&renders_lock);
  return open;
}

static void
render_end (void)
{
  g_mutex_lock (&renders_lock);
  renders_running--;
  g_cond_broadcast (&renders_done);
  g_mutex_unlock (&renders_lock);
}

void
dm_tile_source_finish_renders (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&renders_lock);
  renders_closed = TRUE;
  while (renders_running > 0)
    if (!g_cond_wait_until (&renders_done, &renders_lock, end))
      break;
  g_mutex_unlock (&renders_lock);
}

typedef struct {
  DmBasemapRenderer *renderer;
  int min_zoom, max_zoom, tile_size;
  DmLanguage language;
} LabelsJob;

static void
labels_job_free (gpointer data)
{
  LabelsJob *job = data;

  dm_basemap_renderer_unref (job->renderer);
  g_free (job);
}

/* A zoom at a time, each counted as a render: placing labels measures text,
 * which must not run on while the process exits. */
static void
prepare_labels_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LabelsJob *job = data;

  for (int z = job->min_zoom; z <= job->max_zoom && render_begin (); z++)
    {
      dm_basemap_renderer_prepare_labels (job->renderer, z, z, job->tile_size, job->language);
      render_end ();
    }
  g_task_return_boolean (task, TRUE);
}

/* Back in the main thread: what placing freed goes back too. */
static void
labels_prepared (GObject *source, GAsyncResult *result, gpointer data)
{
  dm_application_trim_memory_soon ();
}

void
dm_tile_source_prepare_labels (DmBasemapRenderer *renderer,
                               int min_zoom,
                               int max_zoom,
                               int tile_size,
                               DmLanguage language)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, labels_prepared, NULL);
  LabelsJob *job = g_new0 (LabelsJob, 1);

  job->renderer = dm_basemap_renderer_ref (renderer);
  job->min_zoom = min_zoom;
  job->max_zoom = max_zoom;
  job->tile_size = tile_size;
  job->language = language;
  g_task_set_task_data (task, job, labels_job_free);
  g_task_run_in_thread (task, prepare_labels_thread);
}

static void
render_tile (GTask *task, DmTileSource *self, TileRequest *req, GCancellable *cancellable)
{
  GError *error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int size = req->tile_size * self->scale;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (surface);
  cairo_scale (cr, self->scale, self->scale);
  dm_basemap_renderer_draw_tile (self->renderer, cr, req->x, req->y, req->z, req->tile_size, self->language);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      /* Translators: a map tile's zoom/x/y, then why */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not draw map tile %d/%d/%d: %s"), req->z,
                               req->x, req->y, cairo_status_to_string (status));
      return;
    }
  cairo_surface_flush (surface);
  g_task_return_pointer (task, dm_tile_paintable_new (surface, req->tile_size), g_object_unref);
}

static void
render_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  if (!render_begin ())
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The application is quitting"));
      return;
    }
  render_tile (task, source, task_data, cancellable);
  render_end ();
}

/* Back in the main thread: the tile shows its texture. */
static void
rendered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  TileRequest *req = g_task_get_task_data (outer);
  GError *error = NULL;
  g_autoptr (GdkPaintable) texture = g_task_propagate_pointer (G_TASK (result), &error);

  /* The last of a burst of tiles: what their threads freed goes back. */
  if (--tiles_pending == 0)
    dm_application_trim_memory_soon ();
  if (texture == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  cache_store (DM_TILE_SOURCE (source), &(TileKey){ req->x, req->y, req->z }, texture);
  shumate_tile_set_paintable (req->tile, texture);
  shumate_tile_set_fade_in (req->tile, FALSE);
  shumate_tile_set_state (req->tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (outer, TRUE);
}

static void
dm_tile_source_fill_tile_async (ShumateMapSource *source,
                                ShumateTile *tile,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  DmTileSource *self = DM_TILE_SOURCE (source);
  GTask *outer = g_task_new (source, cancellable, callback, user_data);
  g_autoptr (GTask) inner = NULL;
  TileRequest *req;
  TileKey key = { (int) shumate_tile_get_x (tile), (int) shumate_tile_get_y (tile),
                  (int) shumate_tile_get_zoom_level (tile) };
  GdkPaintable *cached = cache_lookup (self, &key);

  g_task_set_source_tag (outer, dm_tile_source_fill_tile_async);
  if (cached != NULL)
    {
      shumate_tile_set_paintable (tile, cached);
      shumate_tile_set_fade_in (tile, FALSE);
      shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
      g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
      return;
    }
  inner = g_task_new (source, cancellable, rendered, outer);
  req = g_new0 (TileRequest, 1);

  req->x = (int) shumate_tile_get_x (tile);
  req->y = (int) shumate_tile_get_y (tile);
  req->z = (int) shumate_tile_get_zoom_level (tile);
  req->tile_size = (int) shumate_tile_get_size (tile);
  req->tile = g_object_ref (tile);
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);
  g_task_set_task_data (outer, req, (GDestroyNotify) tile_request_free);
  g_task_set_task_data (inner, g_memdup2 (req, sizeof *req), g_free);
  tiles_pending++;
  g_task_run_in_thread (inner, render_in_thread);
}

static gboolean
dm_tile_source_fill_tile_finish (ShumateMapSource *source, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dm_tile_source_finalize (GObject *object)
{
  DmTileSource *self = DM_TILE_SOURCE (object);

  g_clear_pointer (&self->renderer, dm_basemap_renderer_unref);
  g_hash_table_unref (self->cache);
  g_queue_clear_full (&self->lru, (GDestroyNotify) cached_tile_free);
  G_OBJECT_CLASS (dm_tile_source_parent_class)->finalize (object);
}

static void
dm_tile_source_class_init (DmTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->finalize = dm_tile_source_finalize;
  source_class->fill_tile_async = dm_tile_source_fill_tile_async;
  source_class->fill_tile_finish = dm_tile_source_fill_tile_finish;
}

static void
dm_tile_source_init (DmTileSource *self)
{
  self->cache = g_hash_table_new (tile_key_hash, tile_key_equal);
  g_queue_init (&self->lru);
}

DmTileSource *
dm_tile_source_new (DmBasemapRenderer *renderer,
                    const char *id,
                    const char *name,
                    int min_zoom,
                    int max_zoom,
                    int tile_size,
                    int scale,
                    DmLanguage language)
{
  DmTileSource *self;

  g_return_val_if_fail (renderer != NULL, NULL);
  g_return_val_if_fail (id != NULL && name != NULL, NULL);
  g_return_val_if_fail (scale >= 1 && scale <= 4, NULL);

  self = g_object_new (DM_TYPE_TILE_SOURCE, "id", id, "name", name, "license", "", "min-zoom-level", (guint) min_zoom,
                       "max-zoom-level", (guint) max_zoom, "tile-size", (guint) tile_size, "projection",
                       SHUMATE_MAP_PROJECTION_MERCATOR, NULL);
  self->renderer = dm_basemap_renderer_ref (renderer);
  self->scale = scale;
  self->language = language;
  return self;
}
