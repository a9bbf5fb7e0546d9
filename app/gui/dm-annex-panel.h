/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-annex.h"
#include "dm-engine.h"

G_BEGIN_DECLS

/*
 * DmAnnexPanel: the contact line as a treaty annex gives it, in the
 * sidebar: the tolerance and the markers' spacing, what the annex holds
 * in one sentence (dm_annex_describe()) with the line's fingerprint, and
 * the numbered turning points and markers in a list.  Selecting one emits
 * DmAnnexPanel::go-to with where it is.  The annex is made in a thread,
 * a moment after the line or the settings last changed.
 */
#define DM_TYPE_ANNEX_PANEL (dm_annex_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmAnnexPanel, dm_annex_panel, DM, ANNEX_PANEL, AdwBin)

GtkWidget *dm_annex_panel_new (void);
void dm_annex_panel_set_engine (DmAnnexPanel *self, DmEngine *engine);
void dm_annex_panel_set_units (DmAnnexPanel *self, DmLengthUnit units);
/* The panel's switch: off (the default), no annex is made. */
void dm_annex_panel_set_enabled (DmAnnexPanel *self, gboolean enabled);
/* Properties "tolerance-m" (default 25) and "marker-spacing-km" (0: no
 * markers), which the application keeps in its settings. */
double dm_annex_panel_get_tolerance_m (DmAnnexPanel *self);
void dm_annex_panel_set_tolerance_m (DmAnnexPanel *self, double tolerance_m);
double dm_annex_panel_get_marker_spacing_km (DmAnnexPanel *self);
void dm_annex_panel_set_marker_spacing_km (DmAnnexPanel *self, double spacing_km);
/* The annex listed now (NULL while none is made, or when there is no
 * line); TRUE while one is being made. */
const DmAnnex *dm_annex_panel_get_annex (DmAnnexPanel *self);
gboolean dm_annex_panel_is_busy (DmAnnexPanel *self);
/* Selects the @index-th row (turning points, then markers) and emits
 * ::go-to with its place, as a click on it does (hovering selects only). */
void dm_annex_panel_select (DmAnnexPanel *self, guint index);
/* The selected row (as for select()), G_MAXUINT for none.  The panel's
 * "changed" signal says the annex or the selection changed. */
guint dm_annex_panel_get_selected (DmAnnexPanel *self);

G_END_DECLS
