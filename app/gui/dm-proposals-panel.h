/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-engine.h"

G_BEGIN_DECLS

/*
 * DmProposalsPanel: the document's proposals, in the sidebar: which is
 * active (choosing another makes it so, one step of the history), which
 * the engine compares it with (DmEngine:compare-proposal), and the active
 * one's fingerprint from the engine's latest results, for two delegations
 * to read out and confirm they hold the same version.  Its + button is
 * the window's win.new-proposal.  Follows the document and the engine.
 */
#define DM_TYPE_PROPOSALS_PANEL (dm_proposals_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmProposalsPanel, dm_proposals_panel, DM, PROPOSALS_PANEL, AdwBin)

GtkWidget *dm_proposals_panel_new (void);
DmEngine *dm_proposals_panel_get_engine (DmProposalsPanel *self);
/* (nullable): no document open. */
void dm_proposals_panel_set_engine (DmProposalsPanel *self, DmEngine *engine);
/* The active proposal's fingerprint as shown ("a1b2-c3d4-e5f6"), or NULL
 * until the engine has computed it. */
const char *dm_proposals_panel_get_fingerprint (DmProposalsPanel *self);

G_END_DECLS
