/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DM_TYPE_APPLICATION (dm_application_get_type ())
G_DECLARE_FINAL_TYPE (DmApplication, dm_application, DM, APPLICATION, AdwApplication)

/*
 * DmApplication: `demarcate [FILE…] [--center LAT,LON] [--zoom Z]`.  One
 * window per file (the bundled sample when there is none), the initial
 * view from the options; preferences in GSettings, applied to every
 * window; About and Preferences windows.
 */
DmApplication *dm_application_new (void);
/* The settings, or NULL when the schema is not installed (and not in the
 * build tree either). */
GSettings *dm_application_get_settings (DmApplication *self);

G_END_DECLS
