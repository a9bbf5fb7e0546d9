/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-application.h"
#include "dm-basemap-renderer.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "dm-basemap.h"
#include "dm-preferences-window.h"
#include "dm-recovery.h"
#include "dm-tile-source.h"
#include "dm-window.h"

struct _DmApplication {
  AdwApplication parent_instance;

  GSettings *settings;
  /* The initial view: the sample's region unless --center/--zoom say otherwise. */
  double center_lat, center_lon, zoom;
  guint autosave_interval; /* --autosave-interval, 0: the preference */
};

G_DEFINE_FINAL_TYPE (DmApplication, dm_application, ADW_TYPE_APPLICATION)

static char *
find_sample (void)
{
  const char *const dirs[] = { g_getenv ("DM_DATADIR"), DM_SOURCE_DATADIR, DM_PKGDATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] != NULL)
      {
        char *path = g_build_filename (dirs[i], "samples", "contact-line.geojson", NULL);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
          return path;
        g_free (path);
      }
  return g_build_filename (DM_PKGDATADIR, "samples", "contact-line.geojson", NULL);
}

/* The installed schema, else the one compiled into the build tree (when
 * running uninstalled), else none: the defaults, unsaved. */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
#ifdef DM_BUILD_SCHEMADIR
  if (schema == NULL)
    {
      g_autoptr (GSettingsSchemaSource)
        built = g_settings_schema_source_new_from_directory (DM_BUILD_SCHEMADIR, source, FALSE, NULL);

      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, APP_ID, FALSE);
    }
#endif
  if (schema == NULL)
    {
      g_message ("Settings schema %s not found: preferences will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

GSettings *
dm_application_get_settings (DmApplication *self)
{
  g_return_val_if_fail (DM_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The map's place names: in the preference's language, else ("auto") in
 * the interface's. */
static DmLanguage
label_language (const char *setting)
{
  DmLanguage language;

  return dm_language_from_string (setting, &language) ? language : dm_i18n_get_language ();
}

static void
apply_settings (DmApplication *self, DmWindow *window)
{
  g_autofree char *units = NULL, *language = NULL;

  if (self->settings == NULL)
    return;
  units = g_settings_get_string (self->settings, "units");
  language = g_settings_get_string (self->settings, "label-language");
  dm_window_set_units (window, g_strcmp0 (units, "mi") == 0 ? DM_LENGTH_MI : DM_LENGTH_KM);
  dm_window_set_label_language (window, label_language (language));
  dm_window_set_online_tiles (window, g_settings_get_boolean (self->settings, "online-tiles"));
  dm_window_set_default_dmz_width (window, g_settings_get_double (self->settings, "default-dmz-width-m"));
  if (self->autosave_interval == 0)
    dm_window_set_autosave_interval (window, g_settings_get_uint (self->settings, "autosave-interval"));
}

static void
settings_changed (DmApplication *self, const char *key)
{
  /* The window's size is the window's business. */
  if (key != NULL && g_str_has_prefix (key, "window-"))
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DM_IS_WINDOW (l->data))
      apply_settings (self, l->data);
}

static DmWindow *
new_window (DmApplication *self)
{
  DmWindow *window = dm_window_new (ADW_APPLICATION (self));

  apply_settings (self, window);
  /* The size the window had when it was last closed. */
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", window, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", window, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", window, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "annex-tolerance-m", dm_window_get_annex_panel (window), "tolerance-m",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "annex-marker-spacing-km", dm_window_get_annex_panel (window),
                       "marker-spacing-km", G_SETTINGS_BIND_DEFAULT);
    }
  if (self->autosave_interval > 0)
    dm_window_set_autosave_interval (window, self->autosave_interval);
  dm_window_go_to (window, self->center_lat, self->center_lon, self->zoom);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
open_sample (DmWindow *window)
{
  g_autofree char *sample = find_sample ();
  g_autoptr (GFile) file = g_file_new_for_path (sample);

  dm_window_open (window, file);
}

static void
recovery_response (AdwMessageDialog *dialog, const char *response, DmWindow *window)
{
  DmRecoveryEntry *entry = g_object_get_data (G_OBJECT (dialog), "dm-entry");

  if (g_str_equal (response, "restore"))
    dm_window_restore (window, entry->path, entry->original);
  else
    {
      dm_recovery_remove (entry->path);
      open_sample (window);
    }
}

/* Work a crash left unsaved: offer it before anything else opens. */
static gboolean
offer_recovery (DmWindow *window)
{
  g_autoptr (GPtrArray) entries = dm_recovery_list ();
  DmRecoveryEntry *entry;
  GtkWidget *dialog;
  g_autofree char *name = NULL, *when = NULL;

  if (entries->len == 0)
    return FALSE;
  entry = g_ptr_array_steal_index (entries, 0);
  name = entry->original != NULL ? g_path_get_basename (entry->original) : g_strdup (_ ("an untitled document"));
  {
    g_autoptr (GDateTime) local = g_date_time_to_local (entry->saved_at);
    when = dm_format_date (local, TRUE);
  }
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _ ("Restore Unsaved Work?"), NULL);
  /* Translators: the first %s is a file name, the second a date and time */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _ ("Demarcate closed without saving changes to %s. "
                                     "They were kept at %s. Restore them?"),
                                  name, when);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "discard", _ ("_Discard"), "restore", _ ("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_object_set_data_full (G_OBJECT (dialog), "dm-entry", entry, (GDestroyNotify) dm_recovery_entry_free);
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response), window);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
dm_application_activate (GApplication *app)
{
  DmApplication *self = DM_APPLICATION (app);
  DmWindow *window = new_window (self);

  if (!offer_recovery (window))
    open_sample (window);
}

static void
dm_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  DmApplication *self = DM_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    dm_window_open (new_window (self), files[i]);
}

static int
dm_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  DmApplication *self = DM_APPLICATION (app);
  const char *center = NULL;
  double z;

  if (g_variant_dict_lookup (options, "center", "&s", &center))
    {
      char *end = NULL;
      double lat = g_ascii_strtod (center, &end), lon;

      if (end == NULL || *end != ',' || (lon = g_ascii_strtod (end + 1, &end), *end != '\0') || lat < -85 || lat > 85 ||
          lon < -180 || lon > 180)
        {
          g_printerr (_ ("--center wants LAT,LON in degrees, e.g. 47.8,35.5\n"));
          return 2;
        }
      self->center_lat = lat;
      self->center_lon = lon;
    }
  {
    int seconds;

    if (g_variant_dict_lookup (options, "autosave-interval", "i", &seconds))
      {
        if (seconds < 1 || seconds > 3600)
          {
            g_printerr (_ ("--autosave-interval wants seconds between 1 and 3600\n"));
            return 2;
          }
        self->autosave_interval = (guint) seconds;
      }
  }
  if (g_variant_dict_lookup (options, "zoom", "d", &z))
    {
      if (z < 2 || z > 12)
        {
          g_printerr (_ ("--zoom wants a level between 2 and 12\n"));
          return 2;
        }
      self->zoom = z;
    }
  return -1;
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
  GtkWidget *about = adw_about_window_new ();
  static const char *developers[] = { "The Demarcate authors", NULL };

  g_object_set (about, "transient-for", parent, "application-name", _ ("Demarcate"), "application-icon", APP_ID,
                "version", PACKAGE_VERSION, "developer-name", _ ("The Demarcate authors"), "developers", developers,
                "license-type", GTK_LICENSE_GPL_3_0, "comments",
                _ ("Draw ceasefire contact lines and demilitarised zones, "
                   "and see their lengths and areas computed on the WGS 84 ellipsoid as you edit."),
                "website", "https://github.com/demarcate/demarcate", NULL);
  if (basemap != NULL)
    adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _ ("Offline basemap"), NULL, GTK_LICENSE_CUSTOM,
                                        dm_basemap_get_attribution_full (basemap));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _ ("Sample scenario"), NULL, GTK_LICENSE_CUSTOM,
                                      _ ("The bundled contact line is illustrative, made from public "
                                         "settlement coordinates; it is not a survey of the front."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->settings == NULL)
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _ ("Preferences Are Unavailable"), NULL));

      /* Translators: %s is the settings schema's id */
      adw_message_dialog_format_body (dialog,
                                      _ ("The settings schema %s is not installed, so preferences cannot be kept. "
                                         "Reinstall Demarcate, or run it from its build folder."),
                                      APP_ID);
      adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  gtk_window_present (GTK_WINDOW (dm_preferences_window_new (parent, self->settings)));
}

/* Closes every window, each asking about unsaved changes first. */
static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* app.label-language and app.units without a schema: state only. */
static void
string_state_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DmApplication *self = user_data;
  const char *value = g_variant_get_string (param, NULL);

  g_simple_action_set_state (action, param);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DM_IS_WINDOW (l->data))
      {
        if (g_str_equal (g_action_get_name (G_ACTION (action)), "units"))
          dm_window_set_units (l->data, g_strcmp0 (value, "mi") == 0 ? DM_LENGTH_MI : DM_LENGTH_KM);
        else
          dm_window_set_label_language (l->data, label_language (value));
      }
}

static void
dm_application_startup (GApplication *app)
{
  DmApplication *self = DM_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_action, NULL, NULL, NULL, { 0 } },
    { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };

  /* The offline basemap opens and its map is made (a second or so of
   * work) in a worker from the first moment, while GTK starts up: the
   * window's first frame has it sooner, and the engine its region. */
  dm_basemap_renderer_get_default_async (NULL, NULL, NULL);

  G_APPLICATION_CLASS (dm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->settings = open_settings ();
  if (self->settings != NULL)
    {
      g_autoptr (GAction) units = g_settings_create_action (self->settings, "units");
      g_autoptr (GAction) language = g_settings_create_action (self->settings, "label-language");

      g_action_map_add_action (G_ACTION_MAP (self), units);
      g_action_map_add_action (G_ACTION_MAP (self), language);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed), self, G_CONNECT_SWAPPED);
    }
  else
    {
      static const GActionEntry state_entries[] = {
        { "units", string_state_action, "s", "'km'", NULL, { 0 } },
        { "label-language", string_state_action, "s", "'auto'", NULL, { 0 } },
      };

      g_action_map_add_action_entries (G_ACTION_MAP (self), state_entries, G_N_ELEMENTS (state_entries), self);
    }
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
}

static void
dm_application_shutdown (GApplication *app)
{
  /* No worker may still be drawing a map tile when the process exits. */
  dm_tile_source_finish_renders (2000);
  G_APPLICATION_CLASS (dm_application_parent_class)->shutdown (app);
}

static void
dm_application_dispose (GObject *object)
{
  DmApplication *self = DM_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (dm_application_parent_class)->dispose (object);
}

static void
dm_application_class_init (DmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dm_application_dispose;
  app_class->startup = dm_application_startup;
  app_class->shutdown = dm_application_shutdown;
  app_class->activate = dm_application_activate;
  app_class->open = dm_application_open;
  app_class->handle_local_options = dm_application_handle_local_options;
}

static void
dm_application_init (DmApplication *self)
{
  self->center_lat = 47.8;
  self->center_lon = 35.5;
  self->zoom = 7;
  g_application_add_main_option (G_APPLICATION (self), "center", 0, 0, G_OPTION_ARG_STRING, _ ("Initial map centre"),
                                 _ ("LAT,LON"));
  g_application_add_main_option (G_APPLICATION (self), "zoom", 0, 0, G_OPTION_ARG_DOUBLE,
                                 _ ("Initial zoom level (2–12)"), _ ("Z"));
  g_application_add_main_option (G_APPLICATION (self), "autosave-interval", 0, 0, G_OPTION_ARG_INT,
                                 _ ("Seconds between autosaves (default: the preference, 30)"), _ ("SECONDS"));
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _ ("[FILE…]"));
}

DmApplication *
dm_application_new (void)
{
  return g_object_new (DM_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE, NULL);
}

#ifdef __GLIBC__
static guint trim_source;

static gboolean
trim_memory (gpointer data)
{
  gint64 start = g_get_monotonic_time ();

  trim_source = 0;
  malloc_trim (0);
  g_debug ("Memory returned to the system in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  return G_SOURCE_REMOVE;
}
#endif

void
dm_application_trim_memory_soon (void)
{
#ifdef __GLIBC__
  g_clear_handle_id (&trim_source, g_source_remove);
  trim_source = g_timeout_add_full (G_PRIORITY_LOW, 1000, trim_memory, NULL, NULL);
#endif
}
