/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-engine.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * DmFiguresPanel: the engine's latest figures for the open document, in
 * the sidebar: the contact line, every zone and the settlements in it,
 * land swaps, each side's territory and its share of every region, what
 * changed hands since the compared proposal, and the monitoring estimate.
 * Follows DmEngine::results-changed; lengths and areas in :units.
 */
#define DM_TYPE_FIGURES_PANEL (dm_figures_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmFiguresPanel, dm_figures_panel, DM, FIGURES_PANEL, AdwBin)

GtkWidget *dm_figures_panel_new (void);
DmEngine *dm_figures_panel_get_engine (DmFiguresPanel *self);
/* (nullable): no document open. */
void dm_figures_panel_set_engine (DmFiguresPanel *self, DmEngine *engine);
DmLengthUnit dm_figures_panel_get_units (DmFiguresPanel *self);
void dm_figures_panel_set_units (DmFiguresPanel *self, DmLengthUnit units);

G_END_DECLS
