/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-recovery.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define INFO_GROUP      "Recovery"
#define INFO_SUFFIX     ".info"
#define RECOVERY_SUFFIX ".gpkg"

void
dm_recovery_entry_free (DmRecoveryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_free (entry->info_path);
  g_free (entry->original);
  g_clear_pointer (&entry->saved_at, g_date_time_unref);
  g_free (entry);
}

char *
dm_recovery_get_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "demarcate", "recovery", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: %s is a folder, the second why it failed */
                   _ ("Cannot create the recovery folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

char *
dm_recovery_new_path (GError **error)
{
  g_autofree char *dir = dm_recovery_get_dir (error);
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;

  if (dir == NULL)
    return NULL;
  uuid = g_uuid_string_random ();
  name = g_strconcat ("unsaved-", uuid, RECOVERY_SUFFIX, NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
dm_recovery_write_info (const char *path, const char *original, GError **error)
{
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *info_path = g_strconcat (path, INFO_SUFFIX, NULL);
  g_autofree char *when = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (path != NULL, FALSE);

  g_key_file_set_string (info, INFO_GROUP, "SavedAt", when);
  g_key_file_set_int64 (info, INFO_GROUP, "Pid", getpid ());
  if (original != NULL)
    g_key_file_set_string (info, INFO_GROUP, "Original", original);
  return g_key_file_save_to_file (info, info_path, error);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const DmRecoveryEntry *x = *(DmRecoveryEntry *const *) a;
  const DmRecoveryEntry *y = *(DmRecoveryEntry *const *) b;

  return g_date_time_compare (y->saved_at, x->saved_at);
}

GPtrArray *
dm_recovery_list (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_recovery_entry_free);
  g_autofree char *dir = dm_recovery_get_dir (NULL);
  g_autoptr (GDir) listing = NULL;
  const char *name;

  if (dir == NULL || (listing = g_dir_open (dir, 0, NULL)) == NULL)
    return out;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autoptr (DmRecoveryEntry) entry = NULL;
      g_autoptr (GKeyFile) info = g_key_file_new ();
      g_autofree char *when = NULL;

      if (!g_str_has_suffix (name, RECOVERY_SUFFIX))
        continue;
      entry = g_new0 (DmRecoveryEntry, 1);
      entry->path = g_build_filename (dir, name, NULL);
      entry->info_path = g_strconcat (entry->path, INFO_SUFFIX, NULL);
      /* A recovery file without its key file was being written when the
       * crash came; the previous one (renamed over) is complete, so a
       * missing key file only loses the name and time. */
      if (g_key_file_load_from_file (info, entry->info_path, G_KEY_FILE_NONE, NULL))
        {
          gint64 pid = g_key_file_get_int64 (info, INFO_GROUP, "Pid", NULL);

          /* A Demarcate still running (this one too) owns it: not left behind. */
          if (pid > 0 && kill ((pid_t) pid, 0) == 0)
            continue;
          entry->original = g_key_file_get_string (info, INFO_GROUP, "Original", NULL);
          when = g_key_file_get_string (info, INFO_GROUP, "SavedAt", NULL);
        }
      if (when != NULL)
        entry->saved_at = g_date_time_new_from_iso8601 (when, NULL);
      if (entry->saved_at == NULL)
        {
          GStatBuf st;

          entry->saved_at = g_stat (entry->path, &st) == 0 ? g_date_time_new_from_unix_utc (st.st_mtime)
                                                           : g_date_time_new_now_utc ();
        }
      g_ptr_array_add (out, g_steal_pointer (&entry));
    }
  g_ptr_array_sort (out, newest_first);
  return out;
}

void
dm_recovery_remove (const char *path)
{
  g_autofree char *info_path = NULL;

  if (path == NULL)
    return;
  info_path = g_strconcat (path, INFO_SUFFIX, NULL);
  g_unlink (path);
  g_unlink (info_path);
}
