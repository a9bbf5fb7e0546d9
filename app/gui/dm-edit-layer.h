/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dm-document-renderer.h"
#include "dm-annex.h"
#include "dm-engine.h"
#include "dm-units.h"

G_BEGIN_DECLS

typedef enum {
  DM_EDIT_TOOL_SELECT,
  DM_EDIT_TOOL_LINE,
  DM_EDIT_TOOL_SWAP,
  DM_EDIT_TOOL_ANNOTATE,
  DM_EDIT_TOOL_MEASURE,
  DM_EDIT_TOOL_POST, /* a click places an observation post ("post" signal) */
} DmEditTool;

GType dm_edit_tool_get_type (void) G_GNUC_CONST;
#define DM_TYPE_EDIT_TOOL (dm_edit_tool_get_type ())

/*
 * DmEditLayer: the editing tools over the map.  Draws the selection's
 * vertex and midpoint handles, the path being drawn or measured and the
 * snapping indicator, and turns pointer and key input into document
 * commands (one undo step per edit; a whole drag is one step).  With
 * snapping on, points snap to the document's and the basemap's lines
 * (dm-snapper.h); Shift-click while drawing traces along them.
 *
 * Input arrives through dm_edit_layer_attach()'s controllers on the map
 * (a capture-phase drag gesture claims a sequence only when it starts on
 * a handle, so elsewhere the map pans); the same entry points, in map
 * widget coordinates, serve the tests.
 */
#define DM_TYPE_EDIT_LAYER (dm_edit_layer_get_type ())
G_DECLARE_FINAL_TYPE (DmEditLayer, dm_edit_layer, DM, EDIT_LAYER, ShumateLayer)

DmEditLayer *dm_edit_layer_new (ShumateViewport *viewport);
void dm_edit_layer_attach (DmEditLayer *self, GtkWidget *map);
void dm_edit_layer_set_engine (DmEditLayer *self, DmEngine *engine);

/* Units of the measure tool's figures. */
void dm_edit_layer_set_units (DmEditLayer *self, DmLengthUnit units);

DmEditTool dm_edit_layer_get_tool (DmEditLayer *self);
void dm_edit_layer_set_tool (DmEditLayer *self, DmEditTool tool);
gboolean dm_edit_layer_get_snapping (DmEditLayer *self);
void dm_edit_layer_set_snapping (DmEditLayer *self, gboolean snapping);

/* Selection: a feature (0: none) and some of its vertices. */
guint dm_edit_layer_get_selected_feature (DmEditLayer *self);
const guint *dm_edit_layer_get_selected_vertices (DmEditLayer *self, guint *n_vertices);
void dm_edit_layer_select (DmEditLayer *self, guint feature_id, const guint *vertices, guint n_vertices);
/* A line of several parts: one part of it selected (G_MAXUINT: none, the
 * whole line).  Delete removes that part alone. */
guint dm_edit_layer_get_selected_part (DmEditLayer *self);
void dm_edit_layer_select_part (DmEditLayer *self, guint feature_id, guint part);

/* Pointer and keys, in map widget coordinates.  drag_begin returns TRUE
 * when it takes the drag (a handle, or Shift for a selection box). */
gboolean dm_edit_layer_drag_begin (DmEditLayer *self, double x, double y, GdkModifierType state);
void dm_edit_layer_drag_update (DmEditLayer *self, double x, double y);
void dm_edit_layer_drag_end (DmEditLayer *self, double x, double y);
void dm_edit_layer_click (DmEditLayer *self, double x, double y, int n_press, GdkModifierType state);
void dm_edit_layer_hover (DmEditLayer *self, double x, double y);
/* The pointer left the map. */
void dm_edit_layer_hover_end (DmEditLayer *self);
gboolean dm_edit_layer_key (DmEditLayer *self, guint keyval, GdkModifierType state);

/* A drag is moving vertices (or drawing a selection box). */
gboolean dm_edit_layer_is_dragging (DmEditLayer *self);

/* The path being drawn or measured. */
guint dm_edit_layer_get_n_draft_points (DmEditLayer *self);
gboolean dm_edit_layer_finish_draft (DmEditLayer *self);
void dm_edit_layer_cancel_draft (DmEditLayer *self);
/* Measure tool: geodesic length of the path and, from three points, the
 * area it encloses; FALSE when there is nothing to measure. */
gboolean dm_edit_layer_get_measure (DmEditLayer *self, double *length_m, double *area_m2);
/* Removes the selected vertices (or, with none, the selected feature). */
gboolean dm_edit_layer_delete_selection (DmEditLayer *self);
/* Moves the selected vertices (or, with none, the whole selected feature)
 * by whole pixels at the current view: one undo step. */
gboolean dm_edit_layer_nudge (DmEditLayer *self, double dx, double dy);

/* A treaty annex's turning points and markers drawn on the map (NULL:
 * none), @selected (turning points, then markers; G_MAXUINT for none)
 * ringed with its number.  The points are copied. */
void dm_edit_layer_set_annex (DmEditLayer *self, const DmAnnex *annex, guint selected);
guint dm_edit_layer_get_n_annex_marks (DmEditLayer *self);

G_END_DECLS
