/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-warnings-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-warnings-panel.h"

struct _DmWarningsPanel {
  AdwBin parent_instance;

  GtkListBox *list;

  DmEngine *engine;
  GPtrArray *shown; /* the DmResults.warnings listed (DmWarning), or NULL */
};

G_DEFINE_FINAL_TYPE (DmWarningsPanel, dm_warnings_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  GO_TO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
refresh (DmWarningsPanel *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  GtkWidget *child;

  g_assert (DM_IS_WARNINGS_PANEL (self));

  /* Quick results during a drag carry the last complete ones' warnings:
   * the list is already showing them. */
  if (r != NULL && r->warnings == self->shown)
    return;
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  if (r != NULL && r->warnings != NULL)
    self->shown = g_ptr_array_ref (r->warnings);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gtk_widget_set_visible (GTK_WIDGET (self), self->shown != NULL && self->shown->len > 0);
  if (self->shown == NULL)
    return;
  for (guint i = 0; i < MIN (self->shown->len, DM_WARNINGS_PANEL_MAX_ROWS); i++)
    {
      const DmWarning *w = g_ptr_array_index (self->shown, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), w->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->list, row);
    }
  if (self->shown->len > DM_WARNINGS_PANEL_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_ ("%u more on the map"), self->shown->len - DM_WARNINGS_PANEL_MAX_ROWS);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->list, row);
    }
}

/* A row's place is its warning's: the rows are the list in order. */
static void
row_activated (DmWarningsPanel *self, GtkListBoxRow *row)
{
  double lat, lon;

  if (dm_warnings_panel_get_location (self, gtk_list_box_row_get_index (row), &lat, &lon))
    g_signal_emit (self, signals[GO_TO], 0, lat, lon);
}

static void
dm_warnings_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmWarningsPanel *self = DM_WARNINGS_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_warnings_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmWarningsPanel *self = DM_WARNINGS_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dm_warnings_panel_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_warnings_panel_dispose (GObject *object)
{
  DmWarningsPanel *self = DM_WARNINGS_PANEL (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_WARNINGS_PANEL);
  G_OBJECT_CLASS (dm_warnings_panel_parent_class)->dispose (object);
}

static void
dm_warnings_panel_class_init (DmWarningsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_warnings_panel_get_property;
  object_class->set_property = dm_warnings_panel_set_property;
  object_class->dispose = dm_warnings_panel_dispose;

  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DM_TYPE_ENGINE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::go-to (lat, lon): a warning was activated. */
  signals[GO_TO] = g_signal_new ("go-to", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-warnings-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmWarningsPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
}

static void
dm_warnings_panel_init (DmWarningsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dm_warnings_panel_new (void)
{
  return g_object_new (DM_TYPE_WARNINGS_PANEL, NULL);
}

DmEngine *
dm_warnings_panel_get_engine (DmWarningsPanel *self)
{
  g_return_val_if_fail (DM_IS_WARNINGS_PANEL (self), NULL);
  return self->engine;
}

void
dm_warnings_panel_set_engine (DmWarningsPanel *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_WARNINGS_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "results-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

guint
dm_warnings_panel_get_n_shown (DmWarningsPanel *self)
{
  g_return_val_if_fail (DM_IS_WARNINGS_PANEL (self), 0);
  return self->shown != NULL ? MIN (self->shown->len, DM_WARNINGS_PANEL_MAX_ROWS) : 0;
}

gboolean
dm_warnings_panel_get_location (DmWarningsPanel *self, guint index, double *lat, double *lon)
{
  const DmWarning *w;

  g_return_val_if_fail (DM_IS_WARNINGS_PANEL (self), FALSE);

  if (index >= dm_warnings_panel_get_n_shown (self))
    return FALSE;
  w = g_ptr_array_index (self->shown, index);
  *lat = w->lat;
  *lon = w->lon;
  return TRUE;
}

void
dm_warnings_panel_activate (DmWarningsPanel *self, guint index)
{
  GtkListBoxRow *row;

  g_return_if_fail (DM_IS_WARNINGS_PANEL (self));

  if ((row = gtk_list_box_get_row_at_index (self->list, index)) != NULL)
    g_signal_emit_by_name (self->list, "row-activated", row);
}
