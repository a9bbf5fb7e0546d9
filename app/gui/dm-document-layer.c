/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-document-layer.h"

#include <math.h>

struct _DmDocumentLayer {
  ShumateLayer parent_instance;
  DmEngine *engine;
  gulong results_handler;
};

G_DEFINE_FINAL_TYPE (DmDocumentLayer, dm_document_layer, SHUMATE_TYPE_LAYER)

static void
parse_color (const char *spec, double alpha, GdkRGBA *rgba)
{
  if (spec == NULL || !gdk_rgba_parse (rgba, spec))
    gdk_rgba_parse (rgba, "#666666");
  rgba->alpha = alpha;
}

typedef struct {
  cairo_t *cr;
  ShumateViewport *viewport;
  GtkWidget *widget;
} RingData;

static void
add_ring (const double *xy, guint n_points, gboolean is_hole, gpointer user_data)
{
  RingData *d = user_data;

  for (guint i = 0; i < n_points; i++)
    {
      double x, y;

      shumate_viewport_location_to_widget_coords (d->viewport, d->widget,
                                                  xy[2 * i + 1], xy[2 * i], &x, &y);
      if (i == 0)
        cairo_move_to (d->cr, x, y);
      else
        cairo_line_to (d->cr, x, y);
    }
  cairo_close_path (d->cr);
}

/* The polyline offset by @offset pixels to the left of its direction
 * (negative: to the right), with mitred joins. */
static void
path_offset (cairo_t *cr, const double *pts, guint n, double offset)
{
  for (guint i = 0; i < n; i++)
    {
      double nx = 0, ny = 0;

      /* Average of the adjacent segments' left normals (screen y is down). */
      for (int k = -1; k <= 0; k++)
        {
          int a = (int) i + k, b = (int) i + k + 1;
          double dx, dy, len;

          if (a < 0 || b >= (int) n)
            continue;
          dx = pts[2 * b] - pts[2 * a];
          dy = pts[2 * b + 1] - pts[2 * a + 1];
          len = hypot (dx, dy);
          if (len < 1e-9)
            continue;
          nx += dy / len;
          ny += -dx / len;
        }
      {
        double len = hypot (nx, ny);
        double x = pts[2 * i], y = pts[2 * i + 1];

        if (len > 1e-9)
          {
            /* Mitre length, limited so sharp turns do not spike. */
            double scale = offset / len * MIN (2.0 / MAX (len, 0.5), 2.0);
            x += nx * scale;
            y += ny * scale;
          }
        if (i == 0)
          cairo_move_to (cr, x, y);
        else
          cairo_line_to (cr, x, y);
      }
    }
}

static void
draw_line (DmDocumentLayer *self, cairo_t *cr, ShumateViewport *viewport, int width, int height)
{
  DmDocument *doc = dm_engine_get_document (self->engine);
  DmFeature *line = dm_document_get_contact_line (doc);
  const DmGeometry *geometry;
  GdkRGBA side_a, side_b;

  if (line == NULL)
    return;
  geometry = dm_feature_get_geometry (line);
  parse_color (dm_document_get_side_color (doc, DM_SIDE_A), 1.0, &side_a);
  parse_color (dm_document_get_side_color (doc, DM_SIDE_B), 1.0, &side_b);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n_points, n = 0;
        const double *xy = dm_geometry_get_ring (geometry, p, r, &n_points);
        g_autofree double *pts = g_new (double, 2 * MAX (n_points, 1));

        /* To widget pixels, dropping vertices under half a pixel apart. */
        for (guint i = 0; i < n_points; i++)
          {
            double x, y;

            shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self),
                                                        xy[2 * i + 1], xy[2 * i], &x, &y);
            if (n > 0 && i + 1 < n_points &&
                fabs (x - pts[2 * (n - 1)]) + fabs (y - pts[2 * (n - 1) + 1]) < 0.5)
              continue;
            pts[2 * n] = x;
            pts[2 * n + 1] = y;
            n++;
          }
        if (n < 2)
          continue;

        /* A white casing, the two sides' colours, then the line itself. */
        path_offset (cr, pts, n, 0);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
        cairo_set_line_width (cr, 5.5);
        cairo_stroke (cr);

        path_offset (cr, pts, n, 1.6);
        gdk_cairo_set_source_rgba (cr, &side_a);
        cairo_set_line_width (cr, 1.8);
        cairo_stroke (cr);

        path_offset (cr, pts, n, -1.6);
        gdk_cairo_set_source_rgba (cr, &side_b);
        cairo_set_line_width (cr, 1.8);
        cairo_stroke (cr);

        path_offset (cr, pts, n, 0);
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        cairo_set_line_width (cr, 1.0);
        cairo_stroke (cr);
      }
}

static void
dm_document_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  DmResults *results;   /* borrowed */
  cairo_t *cr;

  if (self->engine == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  results = dm_engine_get_results (self->engine);
  if (results != NULL && results->zones != NULL)
    {
      /* Zones, last rule first so the first (the DMZ) is on top. */
      for (guint i = results->zones->len; i-- > 0;)
        {
          DmZoneFigures *zf = g_ptr_array_index (results->zones, i);
          RingData d = { cr, viewport, widget };
          GdkRGBA fill;

          if (zf->zone == NULL)
            continue;
          parse_color (zf->rule->color, 0.4, &fill);
          cairo_new_path (cr);
          dm_zone_result_foreach_ring (zf->zone, DM_SIDE_NONE, add_ring, &d);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
          gdk_cairo_set_source_rgba (cr, &fill);
          /* No outline: the pieces are not dissolved, their seams would show. */
          cairo_fill (cr);
        }
    }
  draw_line (self, cr, viewport, width, height);
  cairo_destroy (cr);
}

static void
results_changed (DmDocumentLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_document_layer_set_engine (DmDocumentLayer *self, DmEngine *engine)
{
  if (self->engine != NULL)
    {
      g_clear_signal_handler (&self->results_handler, self->engine);
      g_clear_object (&self->engine);
    }
  if (engine != NULL)
    {
      self->engine = g_object_ref (engine);
      self->results_handler = g_signal_connect_swapped (engine, "results-changed",
                                                        G_CALLBACK (results_changed), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
viewport_changed (DmDocumentLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dm_document_layer_constructed (GObject *object)
{
  DmDocumentLayer *self = DM_DOCUMENT_LAYER (object);

  G_OBJECT_CLASS (dm_document_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
dm_document_layer_dispose (GObject *object)
{
  dm_document_layer_set_engine (DM_DOCUMENT_LAYER (object), NULL);
  G_OBJECT_CLASS (dm_document_layer_parent_class)->dispose (object);
}

static void
dm_document_layer_class_init (DmDocumentLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dm_document_layer_constructed;
  object_class->dispose = dm_document_layer_dispose;
  widget_class->snapshot = dm_document_layer_snapshot;
}

static void
dm_document_layer_init (DmDocumentLayer *self)
{
}

DmDocumentLayer *
dm_document_layer_new (ShumateViewport *viewport)
{
  return g_object_new (DM_TYPE_DOCUMENT_LAYER, "viewport", viewport, NULL);
}
