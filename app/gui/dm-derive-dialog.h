/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-derive.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * DmDeriveDialog: offers the contact line derived from a polygon of held
 * territory.  Says what was made of it and what was left out, and lets
 * the tolerances be changed.  Responses (AdwMessageDialog::response):
 * "use" keeps the line, "reference" keeps the polygon alone as a
 * reference layer, "rederive" asks for the line again with the options
 * now set (dm_derive_dialog_get_options()).
 */
#define DM_TYPE_DERIVE_DIALOG (dm_derive_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DmDeriveDialog, dm_derive_dialog, DM, DERIVE_DIALOG, AdwMessageDialog)

DmDeriveDialog *
dm_derive_dialog_new (GtkWindow *parent, const char *file_name, const DmDeriveReport *report, DmLengthUnit units);
/* The options the report was made with are shown; these are as set now. */
void dm_derive_dialog_get_options (DmDeriveDialog *self, DmDeriveOptions *options);

G_END_DECLS
