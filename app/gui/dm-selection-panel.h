/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-edit-layer.h"
#include "dm-engine.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * DmSelectionPanel: the feature selected in :edit-layer, in the sidebar:
 * its name (an annotation's text), a land swap's giver, its figure from
 * the engine's latest results (a swap's area; the line's length, or its
 * selected part's) with its vertices, and buttons for the window's
 * actions on it (win.set-coordinates, win.split-line, win.join-lines,
 * win.simplify, win.reverse-line, win.delete-selection).  Each edit is
 * one step of the document's history.  Hidden while nothing is selected.
 */
#define DM_TYPE_SELECTION_PANEL (dm_selection_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmSelectionPanel, dm_selection_panel, DM, SELECTION_PANEL, AdwBin)

GtkWidget *dm_selection_panel_new (void);
DmEngine *dm_selection_panel_get_engine (DmSelectionPanel *self);
/* (nullable): no document open. */
void dm_selection_panel_set_engine (DmSelectionPanel *self, DmEngine *engine);
DmEditLayer *dm_selection_panel_get_edit_layer (DmSelectionPanel *self);
void dm_selection_panel_set_edit_layer (DmSelectionPanel *self, DmEditLayer *edit_layer);
DmLengthUnit dm_selection_panel_get_units (DmSelectionPanel *self);
void dm_selection_panel_set_units (DmSelectionPanel *self, DmLengthUnit units);

G_END_DECLS
