/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * DmLayersPanel: what the map shows, in the sidebar: one switch per layer
 * (basemap, zones, contact line, land swaps, annotations, reference
 * layers, warnings), each the state of the window's win.show-* action,
 * so the switch, the menu and a saved setting never disagree.
 */
#define DM_TYPE_LAYERS_PANEL (dm_layers_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmLayersPanel, dm_layers_panel, DM, LAYERS_PANEL, AdwBin)

GtkWidget *dm_layers_panel_new (void);

G_END_DECLS
