/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-sides-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-sides-panel.h"

struct _DmSidesPanel {
  AdwBin parent_instance;

  AdwEntryRow *name_a;
  AdwEntryRow *name_b;
  GtkColorButton *color_a;
  GtkColorButton *color_b;

  DmDocument *document;
  gboolean updating; /* the widgets are being set from the document */
};

G_DEFINE_FINAL_TYPE (DmSidesPanel, dm_sides_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
refresh (DmSidesPanel *self)
{
  AdwEntryRow *names[2] = { self->name_a, self->name_b };
  GtkColorButton *colors[2] = { self->color_a, self->color_b };
  const DmSide sides[2] = { DM_SIDE_A, DM_SIDE_B };

  g_assert (DM_IS_SIDES_PANEL (self));

  gtk_widget_set_visible (GTK_WIDGET (self), self->document != NULL);
  if (self->document == NULL)
    return;
  self->updating = TRUE;
  for (guint s = 0; s < 2; s++)
    {
      const char *name = dm_document_get_side_name (self->document, sides[s]);
      GdkRGBA rgba;

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (names[s])), name) != 0)
        gtk_editable_set_text (GTK_EDITABLE (names[s]), name);
      if (gdk_rgba_parse (&rgba, dm_document_get_side_color (self->document, sides[s])))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colors[s]), &rgba);
    }
  self->updating = FALSE;
}

static void
document_changed (DmSidesPanel *self, DmChange *change)
{
  if (change->kind == DM_CHANGE_SIDES)
    refresh (self);
}

static void
name_applied (DmSidesPanel *self, AdwEntryRow *row)
{
  DmSide side = row == self->name_b ? DM_SIDE_B : DM_SIDE_A;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->updating || self->document == NULL || name == NULL || *name == '\0')
    return;
  dm_document_set_side (self->document, side, name, dm_document_get_side_color (self->document, side));
}

static void
color_set (DmSidesPanel *self, GtkColorButton *button)
{
  DmSide side = button == self->color_b ? DM_SIDE_B : DM_SIDE_A;
  g_autofree char *hex = NULL;
  GdkRGBA rgba;

  if (self->updating || self->document == NULL)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255), (int) lround (rgba.green * 255),
                         (int) lround (rgba.blue * 255));
  dm_document_set_side (self->document, side, dm_document_get_side_name (self->document, side), hex);
}

static void
dm_sides_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmSidesPanel *self = DM_SIDES_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_sides_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmSidesPanel *self = DM_SIDES_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      dm_sides_panel_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_sides_panel_dispose (GObject *object)
{
  DmSidesPanel *self = DM_SIDES_PANEL (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_SIDES_PANEL);
  G_OBJECT_CLASS (dm_sides_panel_parent_class)->dispose (object);
}

static void
dm_sides_panel_class_init (DmSidesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_sides_panel_get_property;
  object_class->set_property = dm_sides_panel_set_property;
  object_class->dispose = dm_sides_panel_dispose;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DM_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-sides-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmSidesPanel, name_a);
  gtk_widget_class_bind_template_child (widget_class, DmSidesPanel, name_b);
  gtk_widget_class_bind_template_child (widget_class, DmSidesPanel, color_a);
  gtk_widget_class_bind_template_child (widget_class, DmSidesPanel, color_b);
  gtk_widget_class_bind_template_callback (widget_class, name_applied);
  gtk_widget_class_bind_template_callback (widget_class, color_set);
}

static void
dm_sides_panel_init (DmSidesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}

GtkWidget *
dm_sides_panel_new (void)
{
  return g_object_new (DM_TYPE_SIDES_PANEL, NULL);
}

DmDocument *
dm_sides_panel_get_document (DmSidesPanel *self)
{
  g_return_val_if_fail (DM_IS_SIDES_PANEL (self), NULL);
  return self->document;
}

void
dm_sides_panel_set_document (DmSidesPanel *self, DmDocument *document)
{
  g_return_if_fail (DM_IS_SIDES_PANEL (self));
  g_return_if_fail (document == NULL || DM_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (document_changed), self, G_CONNECT_SWAPPED);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}
