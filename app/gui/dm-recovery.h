/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Recovery files: while a window has unsaved changes its document is
 * written every few seconds to a file in the user's state directory
 * ($XDG_STATE_HOME/demarcate/recovery), with a small key file beside it
 * naming the document it belongs to.  A clean close or a save removes
 * them; what is left at the next start is work a crash would have lost.
 */
typedef struct {
  char *path;          /* the recovered document (a project file) */
  char *info_path;     /* its key file */
  char *original;      /* the file it was opened from, or NULL */
  GDateTime *saved_at; /* when it was written */
} DmRecoveryEntry;

void dm_recovery_entry_free (DmRecoveryEntry *entry);

/* The directory, created if needed; NULL with @error when it cannot be. */
char *dm_recovery_get_dir (GError **error);
/* A new, unique recovery file name in that directory (not yet created). */
char *dm_recovery_new_path (GError **error);
/* Records, beside @path, which document it holds and when. */
gboolean dm_recovery_write_info (const char *path, const char *original, GError **error);
/* Every recovery file left behind (its writer is no longer running),
 * newest first (DmRecoveryEntry*). */
GPtrArray *dm_recovery_list (void);
/* Removes @path and its key file (missing ones are no error). */
void dm_recovery_remove (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmRecoveryEntry, dm_recovery_entry_free)

G_END_DECLS
