/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-engine.h"

G_BEGIN_DECLS

/*
 * DmWarningsPanel: the engine's warnings (a settlement the line cuts, a
 * zone spilling over a border…) in the sidebar, the first
 * DM_WARNINGS_PANEL_MAX_ROWS of them; hidden when there are none.
 * Activating one emits DmWarningsPanel::go-to with where it is.
 */
#define DM_TYPE_WARNINGS_PANEL (dm_warnings_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmWarningsPanel, dm_warnings_panel, DM, WARNINGS_PANEL, AdwBin)

#define DM_WARNINGS_PANEL_MAX_ROWS 50

GtkWidget *dm_warnings_panel_new (void);
void dm_warnings_panel_set_engine (DmWarningsPanel *self, DmEngine *engine);
DmEngine *dm_warnings_panel_get_engine (DmWarningsPanel *self);
/* How many warnings are listed, and where the @index-th is. */
guint dm_warnings_panel_get_n_shown (DmWarningsPanel *self);
gboolean dm_warnings_panel_get_location (DmWarningsPanel *self, guint index, double *lat, double *lon);
/* As a click on the @index-th row: ::go-to with its place. */
void dm_warnings_panel_activate (DmWarningsPanel *self, guint index);

G_END_DECLS
