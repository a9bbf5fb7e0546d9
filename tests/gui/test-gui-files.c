/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files in the window: save to a project and open it again (the same
 * document and fingerprint), the unsaved mark, refusing to overwrite a
 * file changed on disk, a destination that cannot be written, autosave to
 * a recovery file, and the application killed with SIGKILL mid-edit,
 * restarted, offering and restoring the work autosaved before the kill.
 * Skips (77) without a display; run under Xvfb. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "dm-document.h"
#include "dm-engine.h"
#include "dm-fingerprint.h"
#include "dm-gdal.h"
#include "dm-project.h"
#include "dm-recovery.h"
#include "dm-window.h"
#include "gui-test.h"

static DmDocument *
wait_document (DmWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      DmEngine *engine = (DmEngine *) dm_window_get_engine (window);

      g_main_context_iteration (NULL, FALSE);
      if (engine != NULL && !dm_window_is_loading (window) && dm_engine_get_results (engine) != NULL &&
          dm_engine_get_results (engine)->complete)
        return dm_engine_get_document (engine);
    }
  return NULL;
}

/* The document as text, coordinates in full precision. */
/* The message dialog the window shows, or NULL: the newest visible one
 * (one answered may still be closing). */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = ADW_MESSAGE_DIALOG (w);
    }
  return found;
}

static gboolean
wait_loaded (DmWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  spin (50);
  while (dm_window_is_loading (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin (50);
  return !dm_window_is_loading (window);
}

static char *
describe (DmDocument *doc)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "active %u sides %s %s\n", dm_document_get_active_proposal (doc),
                          dm_document_get_side_name (doc, DM_SIDE_A), dm_document_get_side_name (doc, DM_SIDE_B));
  for (guint p = 0; p < dm_document_get_n_proposals (doc); p++)
    {
      GPtrArray *features = dm_document_get_proposal_features (doc, p);

      g_string_append_printf (out, "proposal %s\n", dm_document_get_proposal_name (doc, p));
      for (guint i = 0; i < features->len; i++)
        {
          DmFeature *f = g_ptr_array_index (features, i);
          const DmGeometry *g = dm_feature_get_geometry (f);

          g_string_append_printf (out, " role %d name %s:", dm_feature_get_role (f), dm_feature_get_name (f));
          for (guint v = 0; v < dm_geometry_get_n_points (g); v++)
            {
              double lon, lat;

              dm_geometry_get_point (g, v, &lon, &lat);
              g_string_append_printf (out, " %a,%a", lon, lat);
            }
          g_string_append_c (out, '\n');
        }
    }
  {
    g_autoptr (GPtrArray) notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);

    for (guint i = 0; i < notes->len; i++)
      g_string_append_printf (out, "note %s\n", dm_feature_get_text (g_ptr_array_index (notes, i)));
  }
  for (guint i = 0; i < dm_document_get_n_zone_rules (doc); i++)
    g_string_append_printf (out, "zone %s %a %a\n", dm_document_get_zone_rule (doc, i)->name,
                            dm_document_get_zone_rule (doc, i)->width_a_m,
                            dm_document_get_zone_rule (doc, i)->width_b_m);
  return g_string_free (out, FALSE);
}

static char *
file_contents (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* Runs a command to the end, the main loop turning meanwhile. */
static gboolean
run (const char *const *argv, char **out)
{
  return gui_test_run (argv, 60, out);
}

/* The name of a window of @pid (any process when NULL) once its title
 * starts with @prefix (NULL: gave up after @seconds). */
static char *
wait_window_of (const char *xdotool, const char *pid, const char *prefix, guint seconds, char **wid)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *ids = NULL;
      const char *search_any[] = { xdotool, "search", "--name", "Demarcate", NULL };
      const char *search_pid[] = { xdotool, "search", "--pid", pid, "--name", "Demarcate", NULL };
      const char *const *search = pid != NULL ? search_pid : search_any;

      if (run (search, &ids) && ids != NULL)
        {
          g_auto (GStrv) lines = g_strsplit (ids, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_autofree char *name = NULL;
              const char *get[] = { xdotool, "getwindowname", lines[i], NULL };

              if (lines[i][0] != '\0' && run (get, &name) && name != NULL && g_str_has_prefix (name, prefix))
                {
                  *wid = g_strdup (lines[i]);
                  return g_strstrip (g_steal_pointer (&name));
                }
            }
        }
      spin (200);
    }
  return NULL;
}

static char *
wait_window (const char *xdotool, const char *prefix, guint seconds, char **wid)
{
  return wait_window_of (xdotool, NULL, prefix, seconds, wid);
}

/* The window opens at the size it had when it was closed: the real
 * application with a keyfile settings backend, resized by xdotool, quit
 * and started again. */
static void
test_window_size (const char *state_dir)
{
  const char *app = g_getenv ("DEMARCATE_GUI");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  /* Its own folders: no recovery file from the kill test is offered. */
  g_autofree char *state = g_build_filename (state_dir, "size-state", NULL);
  g_autofree char *config = g_build_filename (state_dir, "size-config", NULL);
  g_auto (GStrv) env = NULL;
  const char *argv[] = { app, "--center", "47.8,35.5", "--zoom", "7", NULL };

  if (app == NULL || xdotool == NULL)
    {
      g_print ("# SKIP the window size test: no DEMARCATE_GUI or no xdotool\n");
      return;
    }
  env = g_environ_setenv (g_get_environ (), "XDG_STATE_HOME", state, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  for (int round = 0; round < 2; round++)
    {
      GPid pid = gui_test_spawn (argv, (const char *const *) env, NULL);
      g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
      g_autofree char *wid = NULL, *title = NULL, *geometry = NULL;

      title = pid != 0 ? wait_window_of (xdotool, pid_text, "contact-line.geojson", 60, &wid) : NULL;
      if (title == NULL)
        {
          check (FALSE, round == 0 ? "/gui/files/size/first-start" : "/gui/files/size/second-start");
          if (pid != 0)
            gui_test_wait (pid, 0, -1, NULL, NULL);
          return;
        }
      spin (1000);
      if (round == 0)
        {
          const char *resize[] = { xdotool, "windowsize", "--sync", wid, "1111", "777", NULL };
          /* Real keys (XTEST) to the focused window: keys sent to the
           * window alone (--window) fail half-way once it is gone. */
          const char *quit[] = { xdotool, "windowfocus", "--sync", wid, "key", "ctrl+q", NULL };

          check (run (resize, NULL), "/gui/files/size/resized");
          spin (1000);
          run (quit, NULL);
          check (gui_test_wait (pid, 60, -1, NULL, NULL), "/gui/files/size/quits");
        }
      else
        {
          const char *get[] = { xdotool, "getwindowgeometry", wid, NULL };

          run (get, &geometry);
          g_print ("# restarted window: %s\n", geometry != NULL ? geometry : "(none)");
          check (geometry != NULL && strstr (geometry, "1111x777") != NULL, "/gui/files/size/restored");
          kill (pid, SIGTERM);
          gui_test_wait (pid, 60, -1, NULL, NULL);
        }
    }
}

/* The application, killed mid-edit and restarted: */
static void
test_killed (const char *state_dir)
{
  const char *app = g_getenv ("DEMARCATE_GUI");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GPid pid;
  g_auto (GStrv) env = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *wid = NULL, *title = NULL;
  const char *argv[] = { app, "--center", "47.8,35.5", "--zoom", "8", "--autosave-interval", "1", NULL };

  if (app == NULL || xdotool == NULL)
    {
      g_print ("# SKIP the kill test: no DEMARCATE_GUI or no xdotool\n");
      return;
    }
  env = g_environ_setenv (g_get_environ (), "XDG_STATE_HOME", state_dir, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  pid = gui_test_spawn (argv, (const char *const *) env, NULL);
  check (pid != 0, "/gui/files/kill/app-starts");
  if (pid == 0)
    return;
  title = wait_window (xdotool, "contact-line.geojson", 60, &wid);
  check (title != NULL, "/gui/files/kill/window-shows-sample");
  if (title != NULL)
    {
      /* Draw a line with the pointer: L, three clicks, Enter. */
      const char *focus[] = { xdotool, "windowfocus", "--sync", wid, NULL };
      const char *draw[] = { xdotool, "key",   "--window", wid,     "l",   "mousemove", "--window", wid, "200",
                             "300",   "click", "1",        "sleep", "0.2", "mousemove", "--window", wid, "350",
                             "380",   "click", "1",        "sleep", "0.2", "mousemove", "--window", wid, "500",
                             "300",   "click", "1",        "sleep", "0.2", "key",       "--window", wid, "Return",
                             NULL };
      g_autofree char *edited = NULL;

      run (focus, NULL);
      /* The map takes the keys once clicked; the click lands on empty land. */
      {
        const char *click[] = { xdotool, "mousemove", "--window", wid, "120", "600", "click", "1", NULL };
        run (click, NULL);
      }
      run (draw, NULL);
      g_free (wid);
      edited = wait_window (xdotool, "• contact-line.geojson", 10, &wid);
      check (edited != NULL, "/gui/files/kill/edit-marks-unsaved");
      /* Two autosave intervals, then SIGKILL. */
      spin (2500);
    }
  /* Killed whether or not the edit was seen, so that it ends. */
  {
    int wait_status = 0;

    kill (pid, SIGKILL);
    gui_test_wait (pid, 60, -1, NULL, &wait_status);
    if (title != NULL)
      check (WIFSIGNALED (wait_status) && WTERMSIG (wait_status) == SIGKILL, "/gui/files/kill/killed");
  }

  /* What it left: a recovery file with the sample and the new line, a
   * second part of the sample's contact line. */
  entries = dm_recovery_list ();
  check (entries->len == 1, "/gui/files/kill/recovery-left");
  if (entries->len == 1)
    {
      DmRecoveryEntry *entry = g_ptr_array_index (entries, 0);
      g_autoptr (GError) error = NULL;
      g_autoptr (DmDocument) doc = dm_project_load (entry->path, NULL, NULL, NULL, &error);
      DmFeature *line = doc != NULL ? dm_document_get_contact_line (doc) : NULL;
      const DmGeometry *g = line != NULL ? dm_feature_get_geometry (line) : NULL;
      guint n = 0;

      if (g != NULL && dm_geometry_get_n_parts (g) == 2)
        dm_geometry_get_ring (g, 1, 0, &n);
      g_print ("# recovery file %s, original %s\n", entry->path, entry->original != NULL ? entry->original : "-");
      check (doc != NULL && n == 3 && entry->original != NULL &&
               g_str_has_suffix (entry->original, "contact-line.geojson"),
             "/gui/files/kill/recovery-holds-the-edit");
    }

  /* Restarted: it offers the work (Restore is the default answer); the
   * window then shows the sample with the edit, unsaved. */
  {
    GPid again = gui_test_spawn (argv, (const char *const *) env, NULL);
    g_autofree char *offered = NULL, *restored = NULL, *dialog_wid = NULL, *wid2 = NULL;

    offered = wait_window (xdotool, "", 60, &dialog_wid);
    spin (1500);
    {
      const char *enter[] = { xdotool, "key", "Return", NULL };
      g_autofree char *ids = NULL;
      const char *search[] = { xdotool, "search", "--name", "Restore Unsaved Work", NULL };
      gboolean dialog = FALSE;

      /* The dialog has the title of its question. */
      for (int tries = 0; tries < 20 && !dialog; tries++)
        {
          g_clear_pointer (&ids, g_free);
          dialog = run (search, &ids) && ids != NULL && ids[0] != '\0';
          if (!dialog)
            spin (250);
        }
      check (dialog, "/gui/files/kill/restart-offers-recovery");
      if (dialog)
        {
          const char *activate[] = { xdotool, "windowfocus", "--sync", g_strstrip (ids), NULL };
          g_auto (GStrv) first = g_strsplit (ids, "\n", 2);

          activate[3] = first[0];
          run (activate, NULL);
          run (enter, NULL);
        }
    }
    restored = wait_window (xdotool, "• contact-line.geojson", 20, &wid2);
    g_print ("# after restart: %s\n", restored != NULL ? restored : "(no restored window)");
    check (restored != NULL, "/gui/files/kill/restored-unsaved");
    if (again != 0)
      {
        kill (again, SIGKILL);
        gui_test_wait (again, 60, -1, NULL, NULL);
      }
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("dm-gui-files-XXXXXX", NULL);
  g_autofree char *dir = g_dir_make_tmp ("dm-gui-files-out-XXXXXX", NULL);
  g_autofree char *sample = NULL;
  g_autofree char *project = NULL;
  g_autoptr (GFile) sample_file = NULL;
  g_autoptr (GFile) project_file = NULL;
  g_autofree char *before_save = NULL;
  DmWindow *window;
  DmDocument *doc;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  /* Recovery files go here, for this process and the ones it starts. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  sample_file = g_file_new_for_path (sample);
  project = g_build_filename (dir, "talks.gpkg", NULL);
  project_file = g_file_new_for_path (project);

  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  dm_window_open (window, sample_file);
  gtk_window_present (GTK_WINDOW (window));
  doc = wait_document (window, 60);
  check (doc != NULL && !dm_document_is_modified (doc), "/gui/files/opened-clean");
  if (doc == NULL)
    return 1;

  /* An edit: unsaved, and the autosave writes a recovery file. */
  {
    g_autoptr (DmFeature) note = dm_feature_new_annotation (35.2, 47.6, "Meeting point");
    g_autoptr (GPtrArray) entries = NULL;
    g_autoptr (GError) error = NULL;

    dm_document_add_feature (doc, note);
    check (dm_document_is_modified (doc) && g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"),
           "/gui/files/edit-unsaved");
    {
      gint64 t0 = g_get_monotonic_time ();

      check (dm_window_autosave (window, &error), "/gui/files/autosave");
      /* It runs on the main thread: how long the window stalls. */
      g_print ("# autosave of the sample took %.0f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
    }
    entries = dm_recovery_list ();
    check (entries->len == 0, "/gui/files/own-recovery-not-offered");
    {
      g_autofree char *recovery_dir = g_build_filename (state, "demarcate", "recovery", NULL);
      g_autoptr (GDir) listing = g_dir_open (recovery_dir, 0, NULL);
      guint n = 0;
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        n += g_str_has_suffix (name, ".gpkg");
      check (n == 1, "/gui/files/recovery-file-written");
    }
  }

  /* Save: a project file; clean again; the recovery file goes. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (DmDocument) loaded = NULL;
    g_autofree char *a = NULL, *b = NULL, *fa = NULL, *fb = NULL;
    g_autofree char *recovery_dir = g_build_filename (state, "demarcate", "recovery", NULL);
    g_autoptr (GDir) listing = NULL;
    guint n = 0;
    const char *name;

    before_save = describe (doc);
    check (dm_window_save_to (window, project_file, FALSE, &error), "/gui/files/save");
    if (error != NULL)
      g_print ("# %s\n", error->message);
    check (!dm_document_is_modified (doc) &&
             g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "talks.gpkg"),
           "/gui/files/save-clean");
    listing = g_dir_open (recovery_dir, 0, NULL);
    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      n += g_str_has_suffix (name, ".gpkg");
    check (n == 0, "/gui/files/save-removes-recovery");

    loaded = dm_project_load (project, NULL, NULL, NULL, &error);
    a = describe (doc);
    b = loaded != NULL ? describe (loaded) : g_strdup ("");
    check (g_str_equal (a, b), "/gui/files/project-same-document");
    fa = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
    fb = loaded != NULL ? dm_fingerprint_compute (loaded, dm_document_get_active_proposal (loaded)) : NULL;
    g_print ("# fingerprint %s\n", dm_window_get_fingerprint (window));
    check (g_strcmp0 (fa, fb) == 0 && dm_window_get_fingerprint (window) != NULL && fa != NULL &&
             strncmp (fa, dm_window_get_fingerprint (window), 4) == 0,
           "/gui/files/fingerprint-kept");
  }

  /* Someone else rewrote the file: Save refuses to overwrite it, and the
   * file stays theirs; forced, it is ours. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (DmFeature) note = dm_feature_new_annotation (35.3, 47.7, "Second note");
    g_autofree char *theirs = NULL, *after = NULL;

    spin (20);
    {
      g_autoptr (DmDocument) other = dm_project_load (project, NULL, NULL, NULL, NULL);
      g_autoptr (DmFeature) their_note = dm_feature_new_annotation (36.0, 48.0, "Their note");

      dm_document_add_feature (other, their_note);
      dm_project_save (other, NULL, NULL, project, NULL);
    }
    theirs = file_contents (project);
    dm_document_add_feature (doc, note);
    check (!dm_window_save_to (window, project_file, FALSE, &error) &&
             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG),
           "/gui/files/changed-on-disk-refused");
    after = file_contents (project);
    check (g_strcmp0 (theirs, after) == 0 && dm_document_is_modified (doc), "/gui/files/changed-on-disk-kept");
    g_clear_error (&error);
    check (dm_window_save_to (window, project_file, TRUE, &error) && !dm_document_is_modified (doc),
           "/gui/files/changed-on-disk-forced");
  }

  /* A destination that cannot be written: a clear error naming it, and
   * the document still open and unsaved. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GFile) bad = g_file_new_for_path ("/nonexistent/folder/x.gpkg");
    g_autoptr (DmFeature) note = dm_feature_new_annotation (35.4, 47.8, "Third note");

    dm_document_add_feature (doc, note);
    check (!dm_window_save_to (window, bad, FALSE, &error) && error != NULL &&
             strstr (error->message, "/nonexistent/folder") != NULL && dm_document_is_modified (doc),
           "/gui/files/bad-destination");
    if (error != NULL)
      g_print ("# %s\n", error->message);
    /* Nothing unsaved is left behind by the test. */
    dm_document_undo (doc);
  }

  /* Files dropped onto the map: two become reference layers, one after
   * the other; one dropped alone can become the contact line. */
  {
    g_autofree char *a = g_build_filename (dir, "road-a.geojson", NULL);
    g_autofree char *b = g_build_filename (dir, "road-b.geojson", NULL);
    g_autoptr (GFile) fa = g_file_new_for_path (a);
    g_autoptr (GFile) fb = g_file_new_for_path (b);
    GFile *both[] = { fa, fb };
    guint n_refs = dm_document_get_n_reference_layers (doc);
    AdwMessageDialog *dialog;
    DmFeature *line;

    g_file_set_contents (a, "{\"type\":\"LineString\",\"coordinates\":[[35.0,47.5],[35.3,47.7],[35.6,47.6]]}", -1,
                         NULL);
    g_file_set_contents (b, "{\"type\":\"LineString\",\"coordinates\":[[36.0,47.9],[36.4,48.1]]}", -1, NULL);
    dm_window_drop_files (window, both, 2);
    dialog = find_message_dialog ();
    check (dialog != NULL && adw_message_dialog_has_response (dialog, "reference") &&
             !adw_message_dialog_has_response (dialog, "line"),
           "/gui/files/drop-two-asks");
    if (dialog != NULL)
      adw_message_dialog_response (dialog, "reference");
    spin (200);
    wait_loaded (window, 30);
    wait_loaded (window, 30);
    g_print ("# dropped two files: %u reference layers (were %u)\n", dm_document_get_n_reference_layers (doc), n_refs);
    check (dm_document_get_n_reference_layers (doc) == n_refs + 2 &&
             g_str_equal (dm_document_get_reference_layer_name (doc, n_refs + 1), "road-b.geojson"),
           "/gui/files/drop-two-references");

    dm_window_drop_files (window, both, 1);
    dialog = find_message_dialog ();
    check (dialog != NULL && adw_message_dialog_has_response (dialog, "line"), "/gui/files/drop-one-asks");
    if (dialog != NULL)
      adw_message_dialog_response (dialog, "line");
    wait_loaded (window, 30);
    line = dm_document_get_contact_line (doc);
    check (line != NULL && dm_geometry_get_n_points (dm_feature_get_geometry (line)) == 3,
           "/gui/files/drop-one-contact-line");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_unlink (a);
    g_unlink (b);
  }

  /* The project opens in another window as the same document. */
  {
    DmWindow *other = dm_window_new (NULL);
    DmDocument *odoc;
    g_autofree char *a = describe (doc), *b = NULL;

    dm_window_open (other, project_file);
    gtk_window_present (GTK_WINDOW (other));
    odoc = wait_document (other, 60);
    b = odoc != NULL ? describe (odoc) : g_strdup ("");
    check (g_str_equal (a, b) && !dm_document_is_modified (odoc), "/gui/files/open-project");
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* A project damaged outside Demarcate (its zone rules dropped) opens
   * with what it holds; a bar above the map says what is wrong, and Save
   * does not write over it. */
  {
    g_autofree char *damaged = g_build_filename (dir, "damaged.gpkg", NULL);
    g_autoptr (GFile) damaged_file = g_file_new_for_path (damaged);
    DmWindow *other = dm_window_new (NULL);
    GtkWidget *bar, *label;
    DmDocument *odoc;

    dm_project_save (doc, NULL, NULL, damaged, NULL);
    {
      g_autoptr (DmGdalDataset) ds = GDALOpenEx (damaged, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);

      if (ds != NULL)
        GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, "DROP TABLE zone_rules", NULL, NULL));
    }
    dm_window_open (other, damaged_file);
    gtk_window_present (GTK_WINDOW (other));
    odoc = wait_document (other, 60);
    spin (300);
    bar = find_type (GTK_WIDGET (other), GTK_TYPE_INFO_BAR);
    label = bar != NULL ? find_type (bar, GTK_TYPE_LABEL) : NULL;
    g_print ("# problems bar: %s\n", label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : "(none)");
    check (odoc != NULL && bar != NULL && gtk_info_bar_get_revealed (GTK_INFO_BAR (bar)) && label != NULL &&
             strstr (gtk_label_get_text (GTK_LABEL (label)), "zone_rules") != NULL &&
             strstr (gtk_label_get_text (GTK_LABEL (label)), "damaged.gpkg") != NULL,
           "/gui/files/damaged-project-said");
    /* Save asks for a name rather than write over it (an intact project
     * opened saves in place). */
    check (!dm_window_get_saves_in_place (other) && dm_window_get_saves_in_place (window),
           "/gui/files/damaged-project-not-overwritten");
    gtk_window_destroy (GTK_WINDOW (other));
    spin (100);
    g_unlink (damaged);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (200);

  /* Killed and restarted (a real process, real input). */
  test_killed (state);
  test_window_size (state);

  g_unlink (project);
  g_rmdir (dir);
  return gui_test_finish ();
}
