/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-basemap-renderer.h"
#include "dm-units.h"

G_BEGIN_DECLS

#define DM_TYPE_WINDOW (dm_window_get_type ())
G_DECLARE_FINAL_TYPE (DmWindow, dm_window, DM, WINDOW, AdwApplicationWindow)

DmWindow *dm_window_new (AdwApplication *app);
/* Loads @file in a worker (progress and Cancel over the map); errors
 * appear in the window as a toast naming the file. */
void dm_window_open (DmWindow *self, GFile *file);
typedef enum {
  DM_WINDOW_IMPORT_REFERENCE,  /* a reference layer, drawn under the document */
  DM_WINDOW_IMPORT_LINE,       /* the file's line becomes the contact line */
  DM_WINDOW_IMPORT_CONTROL,    /* the contact line is derived from its polygons */
  DM_WINDOW_IMPORT_COMPARISON, /* its line (or one derived) becomes a proposal to compare with */
} DmWindowImport;

/* Imports @file into the open document in a worker, like dm_window_open;
 * the line replaces the active proposal's (one undo step). */
void dm_window_import (DmWindow *self, GFile *file, DmWindowImport mode);
/* Files dropped onto the map: opened when there is no document, else
 * the user chooses (reference layers, contact line, control polygon). */
void dm_window_drop_files (DmWindow *self, GFile **files, guint n_files);
/* Compares the active proposal with proposal @index (−1: none): land and
 * settlements changing hands, on the map and in the figures. */
void dm_window_set_compare_proposal (DmWindow *self, int index);
/* An empty document in place of the open one (after asking about unsaved
 * changes). */
void dm_window_new_document (DmWindow *self);
void dm_window_go_to (DmWindow *self, double lat, double lon, double zoom);

/* What an exported map holds besides the whole line's map. */
typedef enum {
  DM_MAP_EXPORT_DEFAULT = 0,
  DM_MAP_EXPORT_VIEW = 1 << 0,  /* the view on screen, not the whole line */
  DM_MAP_EXPORT_ANNEX = 1 << 1, /* the treaty annex, as its panel sets it */
  DM_MAP_EXPORT_PLAN = 1 << 2,  /* the Monitoring Plan panel's plan */
} DmMapExportFlags;

/* Writes the printed map (A3 landscape) to @path: .pdf through GTK's
 * print operation, .svg or .png from the same layout. */
gboolean dm_window_export_map (DmWindow *self, const char *path, DmMapExportFlags flags, GError **error);

/* Saves the document as a project file at @file (atomically).  Unless
 * @force, refuses (G_IO_ERROR_WRONG_ETAG) to overwrite the file it came
 * from when that changed on disk since it was opened or saved. */
gboolean dm_window_save_to (DmWindow *self, GFile *file, gboolean force, GError **error);
/* Writes unsaved work to this window's recovery file now (what the
 * autosave timer does); TRUE when there was nothing to write. */
gboolean dm_window_autosave (DmWindow *self, GError **error);
void dm_window_set_autosave_interval (DmWindow *self, guint seconds);
/* Opens a recovery file as unsaved work on @original (nullable). */
void dm_window_restore (DmWindow *self, const char *recovery_path, const char *original);
/* Moves the one selected vertex to typed coordinates (DMS or decimal). */
gboolean dm_window_set_vertex_coordinates (DmWindow *self, const char *text, GError **error);
/* The active proposal's fingerprint, short form (NULL without a document). */
/* Whether Save writes the open file in place: a project opened whole, or
 * saved by this window.  FALSE when Save asks for a name (geodata opened,
 * a new document, a damaged project). */
gboolean dm_window_get_saves_in_place (DmWindow *self);
const char *dm_window_get_fingerprint (DmWindow *self);

/* Preferences, applied by the application to every window. */
void dm_window_set_label_language (DmWindow *self, DmLanguage language);
DmLanguage dm_window_get_label_language (DmWindow *self);
void dm_window_set_units (DmWindow *self, DmLengthUnit unit);
void dm_window_set_online_tiles (DmWindow *self, gboolean online);
/* Total width, both sides, given to files that bring only the built-in
 * default DMZ (applies to files opened afterwards). */
void dm_window_set_default_dmz_width (DmWindow *self, double width_m);

/* For tests: the map widget, the document layer, the engine (NULL until
 * a file is loaded), the last error shown (NULL if none) and whether a
 * file is being opened. */
GtkWidget *dm_window_get_map (DmWindow *self);
/* Whether the offline basemap is set up (it loads in a thread). */
gboolean dm_window_has_basemap (DmWindow *self);
GtkWidget *dm_window_get_layer (DmWindow *self);
GtkWidget *dm_window_get_edit_layer (DmWindow *self);
GObject *dm_window_get_engine (DmWindow *self);
/* The sidebar's treaty annex panel (DmAnnexPanel): the application keeps
 * its tolerance and markers' spacing in its settings. */
GtkWidget *dm_window_get_annex_panel (DmWindow *self);
/* The sidebar's monitoring plan panel (DmMonitoringPanel). */
GtkWidget *dm_window_get_monitoring_panel (DmWindow *self);
const char *dm_window_get_last_error (DmWindow *self);
gboolean dm_window_is_loading (DmWindow *self);

G_END_DECLS
