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
/* Returns to the system, a second after the last call, the memory malloc
 * keeps of what was freed: a document's figures from scratch, tiles and
 * labels are made on worker threads, whose arenas keep some 25 MB of it
 * after the sample opens.  Called on each new set of results. */
void dm_application_trim_memory_soon (void);

G_END_DECLS
