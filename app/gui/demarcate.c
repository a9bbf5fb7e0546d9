/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <adwaita.h>

#include "dm-resources.h"
#include "dm-window.h"

/* The initial view: the sample's region unless --center/--zoom say otherwise. */
static double center_lat = 47.8, center_lon = 35.5, zoom = 7;

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

static DmWindow *
new_window (GApplication *app)
{
  DmWindow *window = dm_window_new (ADW_APPLICATION (app));

  dm_window_go_to (window, center_lat, center_lon, zoom);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
activate (GApplication *app)
{
  DmWindow *window = new_window (app);
  g_autofree char *sample = find_sample ();
  g_autoptr (GFile) file = g_file_new_for_path (sample);

  dm_window_open (window, file);
}

static void
open_files (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    dm_window_open (new_window (app), files[i]);
}

static int
handle_local_options (GApplication *app, GVariantDict *options, gpointer data)
{
  const char *center = NULL;
  double z;

  if (g_variant_dict_lookup (options, "center", "&s", &center))
    {
      char *end = NULL;
      double lat = g_ascii_strtod (center, &end), lon;

      if (end == NULL || *end != ',' ||
          (lon = g_ascii_strtod (end + 1, &end), *end != '\0') ||
          lat < -85 || lat > 85 || lon < -180 || lon > 180)
        {
          g_printerr (_("--center wants LAT,LON in degrees, e.g. 47.8,35.5\n"));
          return 2;
        }
      center_lat = lat;
      center_lon = lon;
    }
  if (g_variant_dict_lookup (options, "zoom", "d", &z))
    {
      if (z < 2 || z > 12)
        {
          g_printerr (_("--zoom wants a level between 2 and 12\n"));
          return 2;
        }
      zoom = z;
    }
  return -1;
}

int
main (int argc, char **argv)
{
  g_autoptr (AdwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before the application starts: AdwApplication picks up style.css. */
  dm_register_resource ();
  app = adw_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option (G_APPLICATION (app), "center", 0, 0, G_OPTION_ARG_STRING,
                                 _("Initial map centre"), _("LAT,LON"));
  g_application_add_main_option (G_APPLICATION (app), "zoom", 0, 0, G_OPTION_ARG_DOUBLE,
                                 _("Initial zoom level (2–12)"), _("Z"));
  g_application_set_option_context_parameter_string (G_APPLICATION (app), _("[FILE…]"));
  g_signal_connect (app, "handle-local-options", G_CALLBACK (handle_local_options), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  g_signal_connect (app, "open", G_CALLBACK (open_files), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
