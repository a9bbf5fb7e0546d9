/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-document-layer.h"

struct _DmDocumentLayer {
  ShumateLayer parent_instance;
  DmEngine *engine;
  DmDocumentRenderer *renderer;
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

static void
dm_document_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (widget);
  DmViewport view;
  cairo_t *cr;

  if (self->engine == NULL)
    return;
  dm_document_layer_get_view (self, &view);
  if (view.width <= 0 || view.height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  dm_document_renderer_draw (self->renderer, cr, &view);
  cairo_destroy (cr);
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
  dm_document_renderer_set_document (self->renderer,
                                     engine != NULL ? dm_engine_get_document (engine) : NULL);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "results-changed", G_CALLBACK (results_changed),
                               self, G_CONNECT_SWAPPED);
      /* Edits show at once; their zones follow when the engine has them. */
      g_signal_connect_object (dm_engine_get_document (engine), "changed", G_CALLBACK (queue_draw),
                               self, G_CONNECT_SWAPPED);
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

static void
dm_document_layer_constructed (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  G_OBJECT_CLASS (dm_document_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (queue_draw), self, G_CONNECT_SWAPPED);
}

static void
dm_document_layer_dispose (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  dm_document_layer_set_engine (self, NULL);
  G_OBJECT_CLASS (dm_document_layer_parent_class)->dispose (object);
}

static void
dm_document_layer_finalize (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  g_clear_object (&self->renderer);
  G_OBJECT_CLASS (dm_document_layer_parent_class)->finalize (object);
}

static void
dm_document_layer_class_init (DmDocumentLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *names[N_PROPS] = {
    NULL, "show-zones", "show-line", "show-swaps", "show-annotations", "show-references",
    "show-warnings",
  };

  object_class->constructed = dm_document_layer_constructed;
  object_class->dispose = dm_document_layer_dispose;
  object_class->finalize = dm_document_layer_finalize;
  object_class->get_property = dm_document_layer_get_property;
  object_class->set_property = dm_document_layer_set_property;
  widget_class->snapshot = dm_document_layer_snapshot;

  for (guint i = PROP_SHOW_ZONES; i < N_PROPS; i++)
    properties[i] = g_param_spec_boolean (names[i], NULL, NULL, TRUE,
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dm_document_layer_init (DmDocumentLayer *self)
{
  self->renderer = dm_document_renderer_new ();
}

DmDocumentLayer *
dm_document_layer_new (ShumateViewport *viewport)
{
  return g_object_new (DM_TYPE_DOCUMENT_LAYER, "viewport", viewport, NULL);
}
