/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* DmWindow's insides, shared by the files the window is written in:
 * dm-window.c (its life, the map, the sidebar), dm-window-actions.c
 * (actions and key bindings), dm-window-files.c (open, import, save,
 * export, autosave, print), dm-window-dnd.c (files dropped on it) and
 * dm-window-edit.c (the selection on the map, history, line operations). */

#include "dm-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>
#include "dm-basemap.h"
#include "dm-scale-bar.h"
#include "dm-derive.h"
#include "dm-derive-dialog.h"
#include "dm-document-layer.h"
#include "dm-edit-layer.h"
#include "dm-geodesy.h"
#include "dm-engine.h"
#include "dm-import.h"
#include "dm-print-operation.h"
#include "dm-progress.h"
#include "dm-project.h"
#include "dm-export.h"
#include "dm-figures-panel.h"
#include "dm-annex-panel.h"
#include "dm-monitoring-panel.h"
#include "dm-warnings-panel.h"
#include "dm-zones-panel.h"
#include "dm-sides-panel.h"
#include "dm-selection-panel.h"
#include "dm-proposals-panel.h"
#include "dm-layers-panel.h"
#include "dm-fingerprint.h"
#include "dm-recovery.h"
#include "dm-line-ops.h"
#include "dm-units.h"
#include "dm-resources.h"
#include "dm-scenario.h"
#include "dm-tile-source.h"

#define TILE_SIZE 256
#define MIN_ZOOM  2
#define MAX_ZOOM  12

struct _DmWindow {
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toasts;
  AdwWindowTitle *title;
  AdwFlap *flap;
  GtkOverlay *map_overlay;
  ShumateMap *map;
  DmScaleBar *scale;
  GtkRevealer *loading_revealer;
  GtkProgressBar *loading_bar;
  GtkLabel *loading_label;
  GtkLabel *coordinates;
  GtkLabel *attribution;
  GtkLabel *tool_hint;
  GtkInfoBar *problems_bar; /* what is wrong with the project opened */
  GtkLabel *problems_label;
  DmFiguresPanel *figures_panel;
  DmZonesPanel *zones_panel;
  DmSidesPanel *sides_panel;
  DmWarningsPanel *warnings_panel;
  DmAnnexPanel *annex_panel;
  DmMonitoringPanel *monitoring_panel;
  GMenu *recent_menu;
  DmSelectionPanel *selection_panel;
  DmProposalsPanel *proposals_panel;
  GtkListBox *history_list;
  GtkPopover *history_popover;
  guint history_n_redo; /* rows of history_list that are steps to redo */

  ShumateMapLayer *basemap_layer;
  DmDocumentLayer *layer;
  DmEditLayer *edit;
  DmBasemapRenderer *renderer;
  char *basemap_error;
  gboolean show_basemap;
  DmLanguage language;
  DmLengthUnit units;
  gboolean online;
  double default_dmz_width_m;

  DmEngine *engine;
  GFile *file;                      /* where the document came from, or NULL */
  GtkPrintSettings *print_settings; /* the last print's, for the next */
  gboolean is_project;              /* file is a Demarcate project (Save writes it) */
  gboolean from_recovery;           /* the document came from a recovery file */
  DmFileStamp stamp;                /* file as last opened or saved */
  char *recovery_path;              /* this window's autosave, once written */
  guint64 autosaved_revision;
  guint autosave_id;
  guint autosave_seconds;
  double zoom_goal;       /* where the last zoom step is going */
  gint64 zoom_goal_until; /* monotonic µs: the step's animation ends */
  GFile *pending_open;    /* to open once unsaved changes are settled */
  gboolean pending_new;   /* an empty document, once they are */
  gboolean close_after_save;
  GCancellable *loading;         /* a DmProgress while a file is read */
  GCancellable *basemap_loading; /* while the basemap renderer is set up */
  guint loading_tick_id;
  GQueue import_queue;            /* GFile: dropped files still to import as reference layers */
  DmDeriveOptions derive_options; /* for the next file that is a polygon of held territory */
  DmDeriveReport *derived;        /* what deriving made of the open file, until offered */
  char *last_error;

  gboolean updating; /* guards spin and entry callbacks */
};

G_BEGIN_DECLS

/* One filter of a save or export file chooser. */
typedef struct {
  const char *name;
  const char *pattern;
} FileKind;

/* dm-window.c: the window's life, the map and the sidebar */
void _dm_window_clear_box (GtkBox *box);
void _dm_window_compare_file_action (GtkWidget *widget, const char *name, GVariant *param);
DmDocument *_dm_window_current_document (DmWindow *self);
void _dm_window_new_proposal_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_show_error (DmWindow *self, const char *message);
void _dm_window_show_message (DmWindow *self, const char *message);
void _dm_window_show_problems (DmWindow *self, const char *name, const char *const *problems);
/* The map moved to the document when none of it is in view (a file from
 * elsewhere on Earth): centred on it, at the zoom that holds it. */
void _dm_window_bring_document_into_view (DmWindow *self);
void _dm_window_update_proposals (DmWindow *self);
void _dm_window_update_title (DmWindow *self);
void _dm_window_update_undo_actions (DmWindow *self);

/* dm-window-actions.c: actions and key bindings */
void _dm_window_class_init_actions (GtkWidgetClass *widget_class);
void _dm_window_init_actions (DmWindow *self);

/* dm-window-files.c: open, import, save, export, autosave and print */
void _dm_window_ask_unsaved (DmWindow *self);
void _dm_window_choose_file (DmWindow *self, int mode);
void _dm_window_derive_line_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_export_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_export_map_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_import_line_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_import_reference_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_new_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_open_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_open_recent_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_print_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_save_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_save_as_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_set_engine (DmWindow *self, DmEngine *engine);
void _dm_window_set_loading (DmWindow *self, const char *name);
void _dm_window_update_recent_menu (DmWindow *self);

/* dm-window-dnd.c: files dropped on the window */
gboolean _dm_window_file_dropped (GtkDropTarget *target, const GValue *value, double x, double y, DmWindow *self);
void _dm_window_import_next_queued (DmWindow *self);

/* dm-window-edit.c: the selection on the map, history and line operations */
void _dm_window_annotate_requested (DmEditLayer *edit, double lon, double lat, DmWindow *self);
void _dm_window_post_requested (DmEditLayer *edit, double lon, double lat, DmWindow *self);
void _dm_window_delete_selection_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_edit_message (DmEditLayer *edit, const char *message, DmWindow *self);
void _dm_window_history_activated (GtkListBox *list, GtkListBoxRow *row, DmWindow *self);
void _dm_window_history_shown (DmWindow *self);
void _dm_window_join_lines_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_redo_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_reverse_line_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_zone_from_selection_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_selection_changed (DmWindow *self);
void _dm_window_set_coordinates_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_simplify_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_split_line_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_undo_action (GtkWidget *widget, const char *name, GVariant *param);
void _dm_window_update_tool_hint (DmWindow *self);

G_END_DECLS
