/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-document-layer.h"

#include <math.h>

/* The picture reaches this far (logical pixels) past each edge of the
 * view, so a pan shows drawn ground until it has moved this far. */
#define CACHE_MARGIN 256
/* A zoom shows the picture scaled until it has changed by this many
 * levels, or until the view has been still this long (ms). */
#define CACHE_MAX_ZOOM_CHANGE 1.0
#define CACHE_SETTLE_MS       150
/* Damage over this share of the picture redraws it whole. */
#define CACHE_MAX_DAMAGE_SHARE 0.6
/* Beyond this many damaged rectangles, one draw covers them all. */
#define CACHE_MAX_DAMAGE_RECTS 4
/* Frames paint the picture in square chunks of this many logical pixels. */
#define CHUNK 256

typedef struct {
  cairo_surface_t *surface;
  gboolean empty;
} Chunk;

struct _DmDocumentLayer {
  ShumateLayer parent_instance;
  DmEngine *engine;
  DmDocumentRenderer *renderer;

  /* The document drawn for cache_view: the view at the time,
   * CACHE_MARGIN wider each side.  Frames paint it, moved and scaled to
   * the current view; the renderer's damage redraws parts of it. */
  cairo_surface_t *cache;
  gboolean cache_valid;
  DmViewport cache_view;
  int cache_scale;
  guint settle_id;
  GArray *damage; /* DmDamageBox, reused */
  GArray *chunks; /* Chunk, row by row: the picture cut up */
  int chunk_cols, chunk_rows, chunk_scale;
  DmDocumentLayerStats stats;
};

G_DEFINE_FINAL_TYPE (DmDocumentLayer, dm_document_layer, SHUMATE_TYPE_LAYER)

/* One boolean property per DmDocumentLayers bit, in bit order. */
enum {
  PROP_0,
  PROP_SHOW_ZONES,
  PROP_SHOW_LINE,
  PROP_SHOW_SWAPS,
  PROP_SHOW_ANNOTATIONS,
  PROP_SHOW_REFERENCES,
  PROP_SHOW_WARNINGS,
  PROP_SHOW_POSTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static DmDocumentLayers
prop_bit (guint prop_id)
{
  return (DmDocumentLayers) (1u << (prop_id - PROP_SHOW_ZONES));
}

void
dm_document_layer_get_view (DmDocumentLayer *self, DmViewport *view)
{
  ShumateViewport *viewport;
  ShumateMapSource *source;

  g_return_if_fail (DM_IS_DOCUMENT_LAYER (self));
  g_return_if_fail (view != NULL);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  source = shumate_viewport_get_reference_map_source (viewport);
  view->lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  view->lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  view->zoom = shumate_viewport_get_zoom_level (viewport);
  view->rotation = shumate_viewport_get_rotation (viewport);
  view->width = gtk_widget_get_width (GTK_WIDGET (self));
  view->height = gtk_widget_get_height (GTK_WIDGET (self));
  view->tile_size = source != NULL ? (int) shumate_map_source_get_tile_size (source) : 256;
}

/* Copies @rect (logical pixels of the picture) of the picture into the
 * chunks it falls in, and notes which chunks hold anything. */
static void
chunks_update (DmDocumentLayer *self, const cairo_rectangle_int_t *rect)
{
  int scale = self->cache_scale;
  int c0 = rect->x / CHUNK, c1 = (rect->x + rect->width - 1) / CHUNK;
  int r0 = rect->y / CHUNK, r1 = (rect->y + rect->height - 1) / CHUNK;

  for (int row = MAX (r0, 0); row <= MIN (r1, self->chunk_rows - 1); row++)
    for (int col = MAX (c0, 0); col <= MIN (c1, self->chunk_cols - 1); col++)
      {
        Chunk *chunk = &g_array_index (self->chunks, Chunk, row * self->chunk_cols + col);
        cairo_t *cr;
        const guint32 *data;
        int stride, size;

        if (chunk->surface == NULL)
          {
            chunk->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, CHUNK * scale, CHUNK * scale);
            cairo_surface_set_device_scale (chunk->surface, scale, scale);
          }
        cr = cairo_create (chunk->surface);
        cairo_rectangle (cr, rect->x - col * CHUNK, rect->y - row * CHUNK, rect->width, rect->height);
        cairo_clip (cr);
        cairo_set_source_surface (cr, self->cache, -col * CHUNK, -row * CHUNK);
        cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
        cairo_paint (cr);
        cairo_destroy (cr);

        /* Empty chunks (most of the map) are not painted. */
        cairo_surface_flush (chunk->surface);
        data = (const guint32 *) (gpointer) cairo_image_surface_get_data (chunk->surface);
        stride = cairo_image_surface_get_stride (chunk->surface) / 4;
        size = CHUNK * scale;
        chunk->empty = TRUE;
        for (int y = 0; y < size && chunk->empty; y++)
          for (int x = 0; x < size; x++)
            if (data[y * stride + x] != 0)
              {
                chunk->empty = FALSE;
                break;
              }
        /* Nor kept: 256 kB each, most of a window's 40 (made again,
         * cleared, when something is drawn there). */
        if (chunk->empty)
          g_clear_pointer (&chunk->surface, cairo_surface_destroy);
      }
}

static void
chunks_clear (DmDocumentLayer *self)
{
  for (guint i = 0; i < self->chunks->len; i++)
    g_clear_pointer (&g_array_index (self->chunks, Chunk, i).surface, cairo_surface_destroy);
  g_array_set_size (self->chunks, 0);
  self->chunk_cols = self->chunk_rows = 0;
}

static void
cache_draw_full (DmDocumentLayer *self, const DmViewport *view, int scale)
{
  DmViewport cv = *view;
  int width, height, cols, rows;
  cairo_t *cr;
  gint64 start = g_get_monotonic_time ();

  cv.width = view->width + 2 * CACHE_MARGIN;
  cv.height = view->height + 2 * CACHE_MARGIN;
  width = (int) ceil (cv.width * scale);
  height = (int) ceil (cv.height * scale);
  if (self->cache == NULL || self->cache_scale != scale || cairo_image_surface_get_width (self->cache) != width ||
      cairo_image_surface_get_height (self->cache) != height)
    {
      g_clear_pointer (&self->cache, cairo_surface_destroy);
      self->cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_surface_set_device_scale (self->cache, scale, scale);
      self->cache_scale = scale;
    }
  cols = (int) ceil (cv.width / CHUNK);
  rows = (int) ceil (cv.height / CHUNK);
  if (cols != self->chunk_cols || rows != self->chunk_rows || self->chunk_scale != scale)
    {
      chunks_clear (self);
      g_array_set_size (self->chunks, (guint) (cols * rows));
      self->chunk_cols = cols;
      self->chunk_rows = rows;
      self->chunk_scale = scale;
    }
  cr = cairo_create (self->cache);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  dm_document_renderer_draw (self->renderer, cr, &cv);
  cairo_destroy (cr);
  self->cache_view = cv;
  self->cache_valid = TRUE;
  chunks_update (self, &(cairo_rectangle_int_t){ 0, 0, (int) ceil (cv.width), (int) ceil (cv.height) });
  self->stats.full_redraws++;
  self->stats.last_redraw_ms = (g_get_monotonic_time () - start) / 1000.0;
}

/* Redraws the damaged parts of the picture; FALSE when they are most of
 * it (draw it whole instead). */
static gboolean
cache_draw_damage (DmDocumentLayer *self)
{
  const DmViewport *cv = &self->cache_view;
  cairo_region_t *region = cairo_region_create ();
  cairo_rectangle_int_t extents;
  double area = 0;
  gboolean partial = TRUE;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < self->damage->len; i++)
    {
      const DmDamageBox *b = &g_array_index (self->damage, DmDamageBox, i);
      cairo_rectangle_int_t r;

      if (dm_damage_box_to_rect (b, cv, &r))
        cairo_region_union_rectangle (region, &r);
    }
  for (int i = 0; i < cairo_region_num_rectangles (region); i++)
    {
      cairo_region_get_rectangle (region, i, &extents);
      area += (double) extents.width * extents.height;
    }
  if (area > CACHE_MAX_DAMAGE_SHARE * cv->width * cv->height)
    partial = FALSE;
  else if (area > 0)
    {
      cairo_t *cr = cairo_create (self->cache);
      int n = cairo_region_num_rectangles (region);

      if (n <= CACHE_MAX_DAMAGE_RECTS)
        for (int i = 0; i < n; i++)
          {
            cairo_rectangle_int_t r;

            cairo_region_get_rectangle (region, i, &r);
            cairo_save (cr);
            cairo_rectangle (cr, r.x, r.y, r.width, r.height);
            cairo_clip (cr);
            cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
            cairo_paint (cr);
            cairo_restore (cr);
            dm_document_renderer_draw_area (self->renderer, cr, cv, r.x, r.y, r.width, r.height);
          }
      else
        {
          /* Many small areas (warning signs all along the line): one
           * draw of their extents, clipped to them. */
          for (int i = 0; i < n; i++)
            {
              cairo_rectangle_int_t r;

              cairo_region_get_rectangle (region, i, &r);
              cairo_rectangle (cr, r.x, r.y, r.width, r.height);
            }
          cairo_clip (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
          cairo_region_get_extents (region, &extents);
          dm_document_renderer_draw_area (self->renderer, cr, cv, extents.x, extents.y, extents.width, extents.height);
        }
      cairo_destroy (cr);
      cairo_surface_flush (self->cache);
      for (int i = 0; i < cairo_region_num_rectangles (region); i++)
        {
          cairo_rectangle_int_t r;

          cairo_region_get_rectangle (region, i, &r);
          chunks_update (self, &r);
        }
      self->stats.partial_redraws++;
      self->stats.last_redraw_ms = (g_get_monotonic_time () - start) / 1000.0;
    }
  cairo_region_destroy (region);
  return partial;
}

static gboolean
settle_cb (gpointer data)
{
  DmDocumentLayer *self = data;

  self->settle_id = 0;
  /* The view stopped at a zoom the picture was not drawn for: draw it
   * sharp. */
  self->cache_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
dm_document_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  DmViewport view;
  gboolean partial, reuse = FALSE;
  double factor = 1, px = 0, py = 0;
  cairo_t *cr;

  if (self->engine == NULL)
    return;
  dm_document_layer_get_view (self, &view);
  if (view.width <= 0 || view.height <= 0)
    return;

  g_array_set_size (self->damage, 0);
  partial = dm_document_renderer_take_damage (self->renderer, self->damage);
  if (self->cache_valid && partial && self->cache_scale == scale && self->cache_view.rotation == view.rotation &&
      self->cache_view.tile_size == view.tile_size && fabs (view.zoom - self->cache_view.zoom) <= CACHE_MAX_ZOOM_CHANGE)
    {
      /* Where the picture's centre is now, and at what scale: it must
       * cover the view. */
      factor = pow (2.0, view.zoom - self->cache_view.zoom);
      dm_viewport_to_widget (&view, self->cache_view.lon, self->cache_view.lat, &px, &py);
      reuse = px - factor * self->cache_view.width / 2 <= 0 && py - factor * self->cache_view.height / 2 <= 0 &&
              px + factor * self->cache_view.width / 2 >= view.width &&
              py + factor * self->cache_view.height / 2 >= view.height;
    }
  if (reuse && self->damage->len > 0)
    reuse = cache_draw_damage (self);
  if (!reuse)
    {
      cache_draw_full (self, &view, scale);
      factor = 1;
      px = view.width / 2;
      py = view.height / 2;
    }

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (factor != 1)
    self->settle_id = g_timeout_add (CACHE_SETTLE_MS, settle_cb, self);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  if (factor == 1)
    {
      /* Moved by whole device pixels: copies, not resampling; chunks,
       * so a frame's recording copies only those an edit changed, and
       * paints only those with something in them. */
      double ox = round ((px - self->cache_view.width / 2) * scale) / scale;
      double oy = round ((py - self->cache_view.height / 2) * scale) / scale;

      for (int row = 0; row < self->chunk_rows; row++)
        for (int col = 0; col < self->chunk_cols; col++)
          {
            Chunk *chunk = &g_array_index (self->chunks, Chunk, row * self->chunk_cols + col);
            double x = ox + col * CHUNK, y = oy + row * CHUNK;

            if (chunk->empty || chunk->surface == NULL || x >= view.width || y >= view.height || x + CHUNK <= 0 ||
                y + CHUNK <= 0)
              continue;
            cairo_set_source_surface (cr, chunk->surface, x, y);
            cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
            cairo_rectangle (cr, x, y, CHUNK, CHUNK);
            cairo_fill (cr);
            self->stats.chunks_painted++;
          }
    }
  else
    {
      /* Scaled while a zoom goes on: the whole picture in one piece, so
       * no seams show between chunks. */
      cairo_translate (cr, px, py);
      cairo_scale (cr, factor, factor);
      cairo_set_source_surface (cr, self->cache, -self->cache_view.width / 2, -self->cache_view.height / 2);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
  self->stats.frames++;
}

void
dm_document_layer_get_stats (DmDocumentLayer *self, DmDocumentLayerStats *stats)
{
  g_return_if_fail (DM_IS_DOCUMENT_LAYER (self));
  g_return_if_fail (stats != NULL);
  *stats = self->stats;
  stats->chunks = self->chunks->len;
  stats->chunks_kept = 0;
  for (guint i = 0; i < self->chunks->len; i++)
    stats->chunks_kept += g_array_index (self->chunks, Chunk, i).surface != NULL;
}

static void
results_changed (DmDocumentLayer *self)
{
  g_assert (DM_IS_DOCUMENT_LAYER (self));

  dm_document_renderer_set_results (self->renderer, dm_engine_get_results (self->engine));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
queue_draw (DmDocumentLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_document_layer_set_engine (DmDocumentLayer *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_DOCUMENT_LAYER (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  dm_document_renderer_set_document (self->renderer, engine != NULL ? dm_engine_get_document (engine) : NULL);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "results-changed", G_CALLBACK (results_changed), self, G_CONNECT_SWAPPED);
      /* Edits show at once; their zones follow when the engine has them. */
      g_signal_connect_object (dm_engine_get_document (engine), "changed", G_CALLBACK (queue_draw), self,
                               G_CONNECT_SWAPPED);
      dm_document_renderer_set_results (self->renderer, dm_engine_get_results (engine));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

DmDocumentRenderer *
dm_document_layer_get_renderer (DmDocumentLayer *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT_LAYER (self), NULL);
  return self->renderer;
}

static void
dm_document_layer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_set_boolean (value, (dm_document_renderer_get_layers (self->renderer) & prop_bit (prop_id)) != 0);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dm_document_layer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    {
      DmDocumentLayers layers = dm_document_renderer_get_layers (self->renderer);
      DmDocumentLayers updated = g_value_get_boolean (value) ? (layers | prop_bit (prop_id))
                                                             : (layers & ~prop_bit (prop_id));

      if (updated != layers)
        {
          dm_document_renderer_set_layers (self->renderer, updated);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* A frame waits up to this long for the zones of the edit it shows, when
 * the engine's quick figures have been taking no longer: a drag then shows
 * the line and its DMZ moving together, and the frame still fits in 16 ms.
 * Longer computations (a 30,000-vertex line) let the zones lag instead. */
#define FRAME_WAIT_MS 8

static void
frame_update (GdkFrameClock *clock, DmDocumentLayer *self)
{
  DmResults *r;

  if (self->engine == NULL)
    return;
  r = dm_engine_get_results (self->engine);
  if (r == NULL || r->revision >= dm_document_get_revision (dm_engine_get_document (self->engine)) ||
      r->compute_ms > FRAME_WAIT_MS)
    return;
  dm_engine_wait (self->engine, FRAME_WAIT_MS);
}

static void
dm_document_layer_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dm_document_layer_parent_class)->realize (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "update", G_CALLBACK (frame_update), widget, 0);
}

static void
dm_document_layer_unrealize (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (widget), frame_update, widget);
  GTK_WIDGET_CLASS (dm_document_layer_parent_class)->unrealize (widget);
}

static void
dm_document_layer_constructed (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  G_OBJECT_CLASS (dm_document_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify", G_CALLBACK (queue_draw), self,
                           G_CONNECT_SWAPPED);
}

static void
dm_document_layer_dispose (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  dm_document_layer_set_engine (self, NULL);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  G_OBJECT_CLASS (dm_document_layer_parent_class)->dispose (object);
}

static void
dm_document_layer_finalize (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  g_clear_object (&self->renderer);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  chunks_clear (self);
  g_array_unref (self->chunks);
  g_array_unref (self->damage);
  G_OBJECT_CLASS (dm_document_layer_parent_class)->finalize (object);
}

static void
dm_document_layer_class_init (DmDocumentLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *names[N_PROPS] = {
    NULL, "show-zones", "show-line", "show-swaps", "show-annotations", "show-references", "show-warnings", "show-posts",
  };

  object_class->constructed = dm_document_layer_constructed;
  object_class->dispose = dm_document_layer_dispose;
  object_class->finalize = dm_document_layer_finalize;
  object_class->get_property = dm_document_layer_get_property;
  object_class->set_property = dm_document_layer_set_property;
  widget_class->snapshot = dm_document_layer_snapshot;
  widget_class->realize = dm_document_layer_realize;
  widget_class->unrealize = dm_document_layer_unrealize;

  for (guint i = PROP_SHOW_ZONES; i < N_PROPS; i++)
    properties[i] = g_param_spec_boolean (names[i], NULL, NULL, TRUE,
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dm_document_layer_init (DmDocumentLayer *self)
{
  self->renderer = dm_document_renderer_new ();
  self->damage = g_array_new (FALSE, FALSE, sizeof (DmDamageBox));
  self->chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));
}

DmDocumentLayer *
dm_document_layer_new (ShumateViewport *viewport)
{
  return g_object_new (DM_TYPE_DOCUMENT_LAYER, "viewport", viewport, NULL);
}
