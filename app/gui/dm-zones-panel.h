/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-document.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * DmZonesPanel: the document's zone rules in the sidebar, a band's width
 * on each side in a spin button (in :units); turning one changes the
 * rule, one step of history however long it turns.  Follows the
 * document: an undo sets the values back in place.  Hidden without rules.
 */
#define DM_TYPE_ZONES_PANEL (dm_zones_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmZonesPanel, dm_zones_panel, DM, ZONES_PANEL, AdwBin)

GtkWidget *dm_zones_panel_new (void);
DmDocument *dm_zones_panel_get_document (DmZonesPanel *self);
void dm_zones_panel_set_document (DmZonesPanel *self, DmDocument *document);
DmLengthUnit dm_zones_panel_get_units (DmZonesPanel *self);
void dm_zones_panel_set_units (DmZonesPanel *self, DmLengthUnit units);

G_END_DECLS
