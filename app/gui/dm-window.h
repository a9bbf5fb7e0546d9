/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DM_TYPE_WINDOW (dm_window_get_type ())
G_DECLARE_FINAL_TYPE (DmWindow, dm_window, DM, WINDOW, AdwApplicationWindow)

DmWindow *dm_window_new       (AdwApplication *app);
/* Loads @file in a worker; errors appear as a toast naming the file. */
void      dm_window_open      (DmWindow       *self,
                               GFile          *file);
void      dm_window_go_to     (DmWindow       *self,
                               double          lat,
                               double          lon,
                               double          zoom);

/* For tests: the map widget, the document layer and the engine (NULL
 * until a file is loaded). */
GtkWidget  *dm_window_get_map     (DmWindow       *self);
GtkWidget  *dm_window_get_layer   (DmWindow       *self);
GObject    *dm_window_get_engine  (DmWindow       *self);

G_END_DECLS
