/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"

#include "config.h"

#include <math.h>

#include "dm-scale-bar.h"
#include "dm-units.h"

#define MAX_BAR_PX 110 /* the longest a bar may be */
#define BAR_HEIGHT 4
#define GAP        2

typedef struct {
  double metres; /* 0: nothing to show */
  double px;
  char *label;
} Bar;

struct _DmScaleBar {
  GtkWidget parent_instance;

  ShumateViewport *viewport;
  Bar bars[2]; /* metric, miles */
};

G_DEFINE_FINAL_TYPE (DmScaleBar, dm_scale_bar, GTK_TYPE_WIDGET)

/* Ground per pixel at the centre of the view, as ShumateScale takes it. */
static double
metres_per_pixel (DmScaleBar *self)
{
  ShumateMapSource *source;

  if (self->viewport == NULL || (source = shumate_viewport_get_reference_map_source (self->viewport)) == NULL)
    return 0;
  return shumate_map_source_get_meters_per_pixel (source, shumate_viewport_get_zoom_level (self->viewport),
                                                  shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)),
                                                  shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)));
}

static void
update (DmScaleBar *self)
{
  double mpp = metres_per_pixel (self);

  for (guint i = 0; i < G_N_ELEMENTS (self->bars); i++)
    {
      Bar *b = &self->bars[i];
      DmLengthUnit unit = i == 0 ? DM_LENGTH_KM : DM_LENGTH_MI;
      double in_unit;

      g_clear_pointer (&b->label, g_free);
      b->metres = b->px = 0;
      if (!(mpp > 0) || !isfinite (mpp))
        continue;
      /* A round number of the unit (1, 2 or 5 × 10ⁿ), metres under a km. */
      in_unit = dm_nice_floor (dm_length_from_m (MAX_BAR_PX * mpp, unit));
      if (i == 0 && in_unit < 1)
        {
          unit = DM_LENGTH_M;
          in_unit = dm_nice_floor (MAX_BAR_PX * mpp);
        }
      b->metres = dm_length_to_m (in_unit, unit);
      b->px = b->metres / mpp;
      b->label = dm_format_length_setting (b->metres, unit);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dm_scale_bar_measure (GtkWidget *widget,
                      GtkOrientation orientation,
                      int for_size,
                      int *minimum,
                      int *natural,
                      int *minimum_baseline,
                      int *natural_baseline)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int text_h;

  pango_layout_get_pixel_size (layout, NULL, &text_h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MAX_BAR_PX + 2 * GAP + 60;
  else
    *minimum = *natural = 2 * (text_h + BAR_HEIGHT + 2 * GAP);
}

static void
dm_scale_bar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DmScaleBar *self = DM_SCALE_BAR (widget);
  const GdkRGBA ink = { 0.1, 0.1, 0.1, 1 }, paper = { 1, 1, 1, 0.75 };
  double y = 0;

  for (guint i = 0; i < G_N_ELEMENTS (self->bars); i++)
    {
      const Bar *b = &self->bars[i];
      g_autoptr (PangoLayout) layout = NULL;
      int text_w, text_h;
      double w;

      if (b->label == NULL)
        continue;
      layout = gtk_widget_create_pango_layout (widget, b->label);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      w = MAX (b->px, text_w) + 2 * GAP;
      /* Label over bar, on a light ground the map shows through. */
      gtk_snapshot_append_color (snapshot, &paper, &GRAPHENE_RECT_INIT (0, y, w, text_h + BAR_HEIGHT + 2 * GAP));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (GAP, y));
      gtk_snapshot_append_layout (snapshot, layout, &ink);
      gtk_snapshot_restore (snapshot);
      y += text_h + GAP;
      gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (GAP, y, b->px, BAR_HEIGHT));
      y += BAR_HEIGHT + 2 * GAP;
    }
}

static void
viewport_changed (DmScaleBar *self)
{
  update (self);
}

void
dm_scale_bar_set_viewport (DmScaleBar *self, ShumateViewport *viewport)
{
  g_return_if_fail (DM_IS_SCALE_BAR (self));
  g_return_if_fail (viewport == NULL || SHUMATE_IS_VIEWPORT (viewport));

  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_set_object (&self->viewport, viewport);
  if (viewport != NULL)
    {
      g_signal_connect_swapped (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed), self);
      g_signal_connect_swapped (viewport, "notify::latitude", G_CALLBACK (viewport_changed), self);
      g_signal_connect_swapped (viewport, "notify::reference-map-source", G_CALLBACK (viewport_changed), self);
    }
  update (self);
}

const char *
dm_scale_bar_get_label (DmScaleBar *self, gboolean metric, double *metres)
{
  const Bar *b;

  g_return_val_if_fail (DM_IS_SCALE_BAR (self), NULL);
  b = &self->bars[metric ? 0 : 1];
  if (metres != NULL)
    *metres = b->metres;
  return b->label;
}

static void
dm_scale_bar_dispose (GObject *object)
{
  DmScaleBar *self = DM_SCALE_BAR (object);

  dm_scale_bar_set_viewport (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->bars); i++)
    g_clear_pointer (&self->bars[i].label, g_free);
  G_OBJECT_CLASS (dm_scale_bar_parent_class)->dispose (object);
}

static void
dm_scale_bar_class_init (DmScaleBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dm_scale_bar_dispose;
  widget_class->measure = dm_scale_bar_measure;
  widget_class->snapshot = dm_scale_bar_snapshot;
  gtk_widget_class_set_css_name (widget_class, "dm-scale-bar");
}

static void
dm_scale_bar_init (DmScaleBar *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dm_scale_bar_new (void)
{
  return g_object_new (DM_TYPE_SCALE_BAR, NULL);
}
