/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-document.h"
#include "dm-units.h"
#include "dm-zone-presets.h"

G_BEGIN_DECLS

/*
 * DmZonesPanel: the document's zone rules in the sidebar, one expander
 * row each: its colour, whether it shows on the map, a menu to move or
 * delete it; inside, its name, kind and what it is made from (a band's
 * width on each side, a border band's distance, in :units; a region's
 * side).  Each change is one step of history (a spin button turned is one
 * however long it turns).  The header's Add menu makes the agreements'
 * zones in one click (dm-zone-presets.h), a band along the line, a zone
 * along a border or a region's side (a dialog asks which).  Follows the
 * document: an undo sets the values back in place.
 */
#define DM_TYPE_ZONES_PANEL (dm_zones_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmZonesPanel, dm_zones_panel, DM, ZONES_PANEL, AdwBin)

GtkWidget *dm_zones_panel_new (void);
DmDocument *dm_zones_panel_get_document (DmZonesPanel *self);
void dm_zones_panel_set_document (DmZonesPanel *self, DmDocument *document);
DmLengthUnit dm_zones_panel_get_units (DmZonesPanel *self);
void dm_zones_panel_set_units (DmZonesPanel *self, DmLengthUnit units);

/* What the Add menu's items do; FALSE when the zone cannot be made, the
 * reason in @error (or, for presets, in a dialog and
 * dm_zones_panel_get_last_error()). */
gboolean dm_zones_panel_add_preset (DmZonesPanel *self, DmZonePreset preset);
gboolean dm_zones_panel_add_border_band (DmZonesPanel *self,
                                         const char *name,
                                         const char *a,
                                         const char *b,
                                         const char *inside,
                                         double distance_m,
                                         GError **error);
gboolean
dm_zones_panel_add_region_side (DmZonesPanel *self, const char *name, const char *region, DmSide side, GError **error);
/* The dialog for a zone along a border (@border) or of a region's side. */
GtkWidget *dm_zones_panel_ask (DmZonesPanel *self, gboolean border);
/* A zone of area @feature of reference layer @layer (a polygon zone, one
 * undo step); FALSE with @error set when that is no area. */
gboolean
dm_zones_panel_add_reference_area (DmZonesPanel *self, const char *name, guint layer, guint feature, GError **error);
/* Keeps line band @index within @region (a country or admin-1 region by
 * code or name in English, Ukrainian or Russian; empty: everywhere), one
 * undo step; FALSE with @error set (and the rule as it was) when the name
 * matches no region or several. */
gboolean dm_zones_panel_set_band_region (DmZonesPanel *self, guint index, const char *region, GError **error);
/* The dialog that asks which reference area (or says there is none). */
GtkWidget *dm_zones_panel_ask_reference (DmZonesPanel *self);
/* The last reason a zone could not be made, or NULL. */
const char *dm_zones_panel_get_last_error (DmZonesPanel *self);

G_END_DECLS
