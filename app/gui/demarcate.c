/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "dm-application.h"
#include "dm-i18n.h"
#include "dm-resources.h"

int
main (int argc, char **argv)
{
  g_autoptr (DmApplication) app = NULL;

  /* GTK would set the whole locale again, numbers included. */
  gtk_disable_setlocale ();
  dm_i18n_init ();

  /* Before the application starts: AdwApplication picks up style.css and
   * gtk/help-overlay.ui from the resources. */
  dm_register_resource ();
  app = dm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
