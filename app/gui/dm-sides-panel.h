/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-document.h"

G_BEGIN_DECLS

/*
 * DmSidesPanel: the two sides' names and colours, edited in the sidebar;
 * each change is one step of the document's history, and the panel
 * follows the document (an undo puts the old name back here too).
 * Hidden without a document.
 */
#define DM_TYPE_SIDES_PANEL (dm_sides_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmSidesPanel, dm_sides_panel, DM, SIDES_PANEL, AdwBin)

GtkWidget *dm_sides_panel_new (void);
DmDocument *dm_sides_panel_get_document (DmSidesPanel *self);
void dm_sides_panel_set_document (DmSidesPanel *self, DmDocument *document);

G_END_DECLS
