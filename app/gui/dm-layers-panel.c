/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-layers-panel"

#include "config.h"

#include "dm-layers-panel.h"

struct _DmLayersPanel {
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (DmLayersPanel, dm_layers_panel, ADW_TYPE_BIN)

static void
dm_layers_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DM_TYPE_LAYERS_PANEL);
  G_OBJECT_CLASS (dm_layers_panel_parent_class)->dispose (object);
}

static void
dm_layers_panel_class_init (DmLayersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dm_layers_panel_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-layers-panel.ui");
}

static void
dm_layers_panel_init (DmLayersPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dm_layers_panel_new (void)
{
  return g_object_new (DM_TYPE_LAYERS_PANEL, NULL);
}
