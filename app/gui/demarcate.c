/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dm-application.h"
#include "dm-resources.h"

int
main (int argc, char **argv)
{
  g_autoptr (DmApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before the application starts: AdwApplication picks up style.css and
   * gtk/help-overlay.ui from the resources. */
  dm_register_resource ();
  app = dm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
