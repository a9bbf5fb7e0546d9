/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DmWindow: files dropped on the map, imported one after the other. */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-window-private.h"

/* Dropped files wait here to be imported one after the other. */
void
_dm_window_import_next_queued (DmWindow *self)
{
  g_autoptr (GFile) next = g_queue_pop_head (&self->import_queue);

  if (next != NULL)
    dm_window_import (self, next, DM_WINDOW_IMPORT_REFERENCE);
}

static void
drop_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "dm-files");

  if (g_str_equal (response, "reference"))
    {
      for (guint i = 0; i < files->len; i++)
        g_queue_push_tail (&self->import_queue, g_object_ref (g_ptr_array_index (files, i)));
      _dm_window_import_next_queued (self);
    }
  else if (g_str_equal (response, "line"))
    dm_window_import (self, g_ptr_array_index (files, 0), DM_WINDOW_IMPORT_LINE);
  else if (g_str_equal (response, "control"))
    dm_window_import (self, g_ptr_array_index (files, 0), DM_WINDOW_IMPORT_CONTROL);
  else if (g_str_equal (response, "open"))
    dm_window_open (self, g_ptr_array_index (files, 0));
}

/* Files dropped onto the map, or given to the window otherwise: with no
 * document, the first is opened (the others follow as reference layers);
 * with one, the user says what they are. */
void
dm_window_drop_files (DmWindow *self, GFile **files, guint n_files)
{
  AdwMessageDialog *dialog;
  GPtrArray *kept;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (DM_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (_dm_window_current_document (self) == NULL)
    {
      for (guint i = 1; i < n_files; i++)
        g_queue_push_tail (&self->import_queue, g_object_ref (files[i]));
      dm_window_open (self, files[0]);
      return;
    }
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (kept, g_object_ref (files[i]));
  name = g_file_get_basename (files[0]);
  if (n_files == 1)
    /* Translators: %s is a file name */
    heading = g_strdup_printf (_ ("What is “%s”?"), name);
  else
    heading =
      g_strdup_printf (ngettext ("Add %u file as a reference layer?", "Add %u files as reference layers?", n_files),
                       n_files);
  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), heading,
                            n_files == 1 ? _ ("A reference layer is drawn under the document for comparison. "
                                              "A contact line replaces the current one (Undo restores it). "
                                              "Opening replaces the document.")
                                         : _ ("Each file is drawn under the document for comparison.")));
  adw_message_dialog_add_response (dialog, "cancel", _ ("_Cancel"));
  if (n_files == 1)
    {
      adw_message_dialog_add_responses (dialog, "open", _ ("_Open Instead"), "control",
                                        _ ("_Derive Line from Control Polygon"), "line", _ ("Use as Contact _Line"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "reference", _ ("Add as _Reference Layer"));
  adw_message_dialog_set_response_appearance (dialog, "reference", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reference");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dm-files", kept, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (drop_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_dm_window_file_dropped (GtkDropTarget *target, const GValue *value, double x, double y, DmWindow *self)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new ();
  g_autoptr (GSList) list = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  dm_window_drop_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}
