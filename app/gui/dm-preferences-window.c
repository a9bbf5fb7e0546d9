/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-spin-button.h"
#include "dm-preferences-window.h"

#include "dm-units.h"

struct _DmPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  AdwComboRow *units_row;
  AdwComboRow *language_row;
  GtkSpinButton *dmz_width;
  GtkSwitch *online_tiles;
  GtkSpinButton *autosave_interval;

  GSettings *settings;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (DmPreferencesWindow, dm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *units[] = { "km", "mi" };
static const char *languages[] = { "auto", "en", "uk", "ru" };

static guint
index_of (const char *const *values, guint n, const char *value)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

static DmLengthUnit
current_unit (DmPreferencesWindow *self)
{
  g_autofree char *u = g_settings_get_string (self->settings, "units");

  return g_strcmp0 (u, "mi") == 0 ? DM_LENGTH_MI : DM_LENGTH_KM;
}

static void
load (DmPreferencesWindow *self)
{
  g_autofree char *u = g_settings_get_string (self->settings, "units");
  g_autofree char *l = g_settings_get_string (self->settings, "label-language");

  self->updating = TRUE;
  adw_combo_row_set_selected (self->units_row, index_of (units, G_N_ELEMENTS (units), u));
  adw_combo_row_set_selected (self->language_row, index_of (languages, G_N_ELEMENTS (languages), l));
  gtk_spin_button_set_value (self->dmz_width,
                             dm_length_from_m (g_settings_get_double (self->settings, "default-dmz-width-m"),
                                               current_unit (self)));
  self->updating = FALSE;
}

static void
units_selected (DmPreferencesWindow *self)
{
  if (self->updating)
    return;
  g_settings_set_string (self->settings, "units", units[MIN (adw_combo_row_get_selected (self->units_row), 1)]);
}

static void
language_selected (DmPreferencesWindow *self)
{
  if (self->updating)
    return;
  g_settings_set_string (self->settings, "label-language",
                         languages[MIN (adw_combo_row_get_selected (self->language_row),
                                        G_N_ELEMENTS (languages) - 1)]);
}

static void
width_changed (DmPreferencesWindow *self)
{
  if (self->updating)
    return;
  g_settings_set_double (self->settings, "default-dmz-width-m",
                         dm_length_to_m (gtk_spin_button_get_value (self->dmz_width), current_unit (self)));
}

static void
dm_preferences_window_dispose (GObject *object)
{
  DmPreferencesWindow *self = DM_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (dm_preferences_window_parent_class)->dispose (object);
}

static void
dm_preferences_window_class_init (DmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dm_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DmPreferencesWindow, units_row);
  gtk_widget_class_bind_template_child (widget_class, DmPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DmPreferencesWindow, dmz_width);
  gtk_widget_class_bind_template_child (widget_class, DmPreferencesWindow, online_tiles);
  gtk_widget_class_bind_template_child (widget_class, DmPreferencesWindow, autosave_interval);
}

static void
dm_preferences_window_init (DmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dm_spin_button_localize (self->dmz_width);
  dm_spin_button_localize (self->autosave_interval);
}

DmPreferencesWindow *
dm_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  DmPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DM_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->settings = g_object_ref (settings);
  load (self);
  g_settings_bind (settings, "online-tiles", self->online_tiles, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-interval", self->autosave_interval, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->units_row, "notify::selected", G_CALLBACK (units_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language_row, "notify::selected", G_CALLBACK (language_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dmz_width, "value-changed", G_CALLBACK (width_changed), self, G_CONNECT_SWAPPED);
  /* The width is shown in the units chosen above: follow them. */
  g_signal_connect_object (settings, "changed::units", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  return self;
}
