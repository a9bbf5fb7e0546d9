/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * DmProgress: a GCancellable that also carries how far a piece of work
 * has come.  Long work in core already takes a GCancellable; given a
 * DmProgress it reports the fraction done through it, from whatever
 * thread it runs in, and the window reads it for its progress bar.  Given
 * a plain GCancellable (or NULL) nothing is reported.
 */
#define DM_TYPE_PROGRESS (dm_progress_get_type ())
G_DECLARE_FINAL_TYPE (DmProgress, dm_progress, DM, PROGRESS, GCancellable)

/* Called in the working thread at each report. */
typedef void (*DmProgressFunc) (DmProgress *progress, double fraction, gpointer user_data);

DmProgress *dm_progress_new (void);
/* The fraction done, 0..1, or -1 while nothing has been reported. */
double dm_progress_get_fraction (DmProgress *self);
void dm_progress_set_func (DmProgress *self, DmProgressFunc func, gpointer user_data);

/* Reports @fraction (clamped to 0..1) when @cancellable is a DmProgress. */
void dm_progress_report (GCancellable *cancellable, double fraction);

G_END_DECLS
