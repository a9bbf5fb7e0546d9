/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tracker's polygon in the window: opening it offers the derived line
 * with what was left out; the DMZ, each side's territory tinted, the
 * figures per oblast; the line's parts selected, deleted, split and
 * joined, each one undo step; another date compared (land changing hands
 * hatched, in the figures); the polygon kept as a reference alone; a new,
 * empty document; the sample's title.  Skips (77) without a display; run
 * under Xvfb. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dm-derive-dialog.h"
#include "dm-document-layer.h"
#include "dm-edit-layer.h"
#include "dm-engine.h"
#include "dm-fingerprint.h"
#include "dm-mercator.h"
#include "dm-window.h"
#include "dm-warnings-panel.h"
#include "dm-zones-panel.h"
#include "gui-test-find.h"
#include "gui-test.h"

static DmDeriveDialog *
find_derive_dialog (guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

          if (DM_IS_DERIVE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            return DM_DERIVE_DIALOG (w);
        }
    }
  return NULL;
}

/* The visible message dialog headed @heading, within @seconds. */
static AdwMessageDialog *
find_message_dialog (const char *heading, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
              g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
            return ADW_MESSAGE_DIALOG (w);
        }
    }
  return NULL;
}

/* Every label's text in @root, one a line. */
static void
collect_text (GtkWidget *root, GString *out)
{
  if (GTK_IS_LABEL (root))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (root)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

static char *
window_text (DmWindow *window)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (window), out);
  return g_string_free (out, FALSE);
}

static guint
line_parts (DmDocument *doc)
{
  DmFeature *line = dm_document_get_contact_line (doc);

  return line != NULL ? dm_geometry_get_n_parts (dm_feature_get_geometry (line)) : 0;
}

/* The document layer's picture of a 600×500 view round (lat, lon) at zoom
 * 7, and the colour drawn at (lat, lon) itself. */
static void
tint_at (DmWindow *window, double lat, double lon, double rgb[3])
{
  DmDocumentRenderer *r = dm_document_layer_get_renderer (DM_DOCUMENT_LAYER (dm_window_get_layer (window)));
  DmViewport vp = { lat, lon, 7.0, 600, 500, 0, 256 };
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 500);
  cairo_t *cr = cairo_create (s);
  guint32 px;

  dm_document_renderer_draw (r, cr, &vp);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  px = *(guint32 *) (cairo_image_surface_get_data (s) + 250 * cairo_image_surface_get_stride (s) + 300 * 4);
  rgb[0] = (px >> 16) & 0xff;
  rgb[1] = (px >> 8) & 0xff;
  rgb[2] = px & 0xff;
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("dm-gui-tracker-XXXXXX", NULL);
  g_autofree char *p25 = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "occupied-2025-11-01.geojson", NULL);
  g_autofree char *p24 = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "occupied-2024-11-01.geojson", NULL);
  g_autofree char *sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (GFile) f25 = g_file_new_for_path (p25);
  g_autoptr (GFile) f24 = g_file_new_for_path (p24);
  g_autoptr (GFile) fsample = g_file_new_for_path (sample);
  DmDeriveDialog *dialog;
  DmWindow *window;
  DmEngine *engine;
  DmDocument *doc;
  DmResults *r;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  gtk_window_present (GTK_WINDOW (window));

  /* Opening the polygon offers the derived line, with the report. */
  dm_window_open (window, f25);
  dialog = find_derive_dialog (60);
  check (dialog != NULL && adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "use") &&
           adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "reference") &&
           adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "rederive"),
         "/gui/tracker/offered");
  if (dialog == NULL)
    return 1;
  check (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                 "Ukraine (side A) against Russia (side B)") != NULL &&
           strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "along the border") != NULL,
         "/gui/tracker/offer-reports");
  /* As a click does: the response, and the dialog gone. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "use");
  gtk_window_destroy (GTK_WINDOW (dialog));
  r = settled_results (window, 60);
  engine = (DmEngine *) dm_window_get_engine (window);
  doc = dm_engine_get_document (engine);
  check (r != NULL && line_parts (doc) == 6, "/gui/tracker/line-in-parts");
  if (r == NULL)
    return 1;

  /* A DMZ along every part, the territory split, the sides named. */
  {
    DmZoneFigures *dmz = g_ptr_array_index (r->zones, 0);

    check (dmz->zone != NULL && dm_zone_result_get_area_m2 (dmz->zone, DM_SIDE_NONE) > 8000e6, "/gui/tracker/dmz");
    check (r->territory != NULL && r->territory->area_m2_side[1] > 110000e6 &&
             g_str_equal (dm_document_get_side_name (doc, DM_SIDE_B), "Russia"),
           "/gui/tracker/territory");
  }
  {
    g_autofree char *text = window_text (window);

    check (strstr (text, "Held by Russia, by region") != NULL && strstr (text, "Donetsk") != NULL &&
             strstr (text, "Zaporizhzhia") != NULL,
           "/gui/tracker/figures-by-region");
    check (g_str_equal (gtk_window_get_title (GTK_WINDOW (window)), "occupied-2025-11-01.geojson — Demarcate"),
           "/gui/tracker/title-from-file");
  }
  /* Each side's land tinted in its colour: Crimea reddish, Kyiv bluish. */
  {
    double crimea[3], kyiv[3];

    tint_at (window, 45.3, 34.2, crimea);
    tint_at (window, 50.4, 30.5, kyiv);
    g_print ("# tint at Crimea %.0f,%.0f,%.0f, at Kyiv %.0f,%.0f,%.0f\n", crimea[0], crimea[1], crimea[2], kyiv[0],
             kyiv[1], kyiv[2]);
    check (crimea[0] > crimea[2] && crimea[0] > 5 && kyiv[2] > kyiv[0] && kyiv[2] > 5, "/gui/tracker/tint");
  }

  /* Parts: the longest selected alone; deleted, split, joined, each one
   * undo step. */
  {
    DmEditLayer *edit = DM_EDIT_LAYER (dm_window_get_edit_layer (window));
    guint id = dm_feature_get_id (dm_document_get_contact_line (doc));
    guint depth = dm_document_get_undo_depth (doc);
    const guint vertex = 100;
    g_autofree char *panel = NULL;

    dm_edit_layer_select_part (edit, id, 5);
    spin (100);
    panel = window_text (window);
    check (strstr (panel, "Part 6 of 6") != NULL, "/gui/tracker/part-selected");
    /* Counts are written as every figure is: 1,407, not 1407. */
    check (strstr (panel, "1,407 vertices") != NULL, "/gui/tracker/vertices-grouped");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selection", NULL);
    check (line_parts (doc) == 5 && dm_document_get_undo_depth (doc) == depth + 1, "/gui/tracker/delete-part");
    /* The line stays selected, no part of it: a second Delete would take
     * the whole line, never the part that moved into the deleted one's place. */
    check (dm_edit_layer_get_selected_part (edit) == G_MAXUINT && dm_edit_layer_get_selected_feature (edit) == id,
           "/gui/tracker/delete-part-deselects");
    dm_document_undo (doc);
    check (line_parts (doc) == 6, "/gui/tracker/delete-part-undone");

    dm_edit_layer_select (edit, id, &vertex, 1);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.split-line", NULL);
    check (line_parts (doc) == 7 && dm_edit_layer_get_selected_part (edit) == 1, "/gui/tracker/split");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.join-lines", NULL);
    check (line_parts (doc) == 6 && dm_document_get_undo_depth (doc) == depth + 2, "/gui/tracker/join");
    dm_document_undo (doc);
    dm_document_undo (doc);
    check (line_parts (doc) == 6 && dm_document_get_undo_depth (doc) == depth, "/gui/tracker/undone");
    dm_edit_layer_select (edit, 0, NULL, 0);
  }

  /* The fingerprint follows an edit, from the engine, once edits pause. */
  {
    g_autofree char *before = g_strdup (dm_window_get_fingerprint (window));
    guint id = dm_feature_get_id (dm_document_get_contact_line (doc));
    g_autofree char *full = NULL, *expected = NULL;
    double lon, lat;

    dm_geometry_get_point (dm_feature_get_geometry (dm_document_get_contact_line (doc)), 50, &lon, &lat);
    dm_document_move_vertex (doc, id, 50, lon + 0.01, lat);
    r = settled_results (window, 60);
    full = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
    expected = dm_fingerprint_short (full);
    check (r != NULL && before != NULL && g_strcmp0 (dm_window_get_fingerprint (window), expected) == 0 &&
             g_strcmp0 (before, expected) != 0,
           "/gui/tracker/fingerprint-follows");
    dm_document_undo (doc);
    r = settled_results (window, 60);
  }

  /* Another date compared: a proposal of its own, land changing hands. */
  dm_window_import (window, f24, DM_WINDOW_IMPORT_COMPARISON);
  spin (200);
  r = settled_results (window, 90);
  check (r != NULL && dm_document_get_n_proposals (doc) == 2 && dm_document_get_active_proposal (doc) == 0 &&
           dm_engine_get_compare_proposal (engine) == 1,
         "/gui/tracker/compare-proposal");
  check (r != NULL && r->comparison != NULL && fabs (r->comparison->a_to_b_area_m2 / 4408.7e6 - 1) < 0.05 &&
           r->comparison->places->len > 0,
         "/gui/tracker/compare-figures");
  {
    g_autofree char *text = window_text (window);

    check (strstr (text, "Since occupied-2024-11-01") != NULL && strstr (text, "From Ukraine to Russia") != NULL &&
             strstr (text, "settlements change hands: ") != NULL &&
             strstr (text, "people from Ukraine to Russia") != NULL,
           "/gui/tracker/compare-panel");
  }
  dm_window_set_compare_proposal (window, -1);
  r = settled_results (window, 60);
  check (r != NULL && r->comparison == NULL, "/gui/tracker/compare-off");

  /* Reference only: the polygon alone, no line. */
  dm_document_mark_saved (doc);
  dm_window_open (window, f25);
  dialog = find_derive_dialog (60);
  if (dialog != NULL)
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reference");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  r = settled_results (window, 60);
  doc = dm_engine_get_document ((DmEngine *) dm_window_get_engine (window));
  check (dialog != NULL && dm_document_get_contact_line (doc) == NULL &&
           dm_document_get_n_reference_layers (doc) == 1 && !dm_document_is_modified (doc),
         "/gui/tracker/reference-only");

  /* An area of that reference layer made a zone, through the zones
   * panel's dialog: one undo step, with the figures of any zone. */
  {
    GtkWidget *panel = find_type (GTK_WIDGET (window), DM_TYPE_ZONES_PANEL);
    guint n_rules = dm_document_get_n_zone_rules (doc);
    GtkWidget *ask = panel != NULL ? dm_zones_panel_ask_reference (DM_ZONES_PANEL (panel)) : NULL;
    const DmZoneRule *rule = NULL;
    g_autoptr (GError) error = NULL;
    double area = 0;

    if (ask != NULL)
      {
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "add");
        gtk_window_destroy (GTK_WINDOW (ask));
      }
    r = settled_results (window, 60);
    if (dm_document_get_n_zone_rules (doc) == n_rules + 1)
      rule = dm_document_get_zone_rule (doc, n_rules);
    if (r != NULL && rule != NULL && r->zones->len == n_rules + 1)
      {
        DmZoneFigures *z = g_ptr_array_index (r->zones, n_rules);

        if (z->zone != NULL)
          area = dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE);
      }
    g_print ("# the tracker's area made a zone: %.0f km²\n", area / 1e6);
    check (rule != NULL && rule->type == DM_ZONE_RULE_POLYGON && area > 100000e6 && area < 200000e6,
           "/gui/tracker/zone-from-reference");
    dm_document_undo (doc);
    r = settled_results (window, 60);
    check (dm_document_get_n_zone_rules (doc) == n_rules && !dm_document_is_modified (doc),
           "/gui/tracker/zone-from-reference-undone");
    check (panel != NULL && !dm_zones_panel_add_reference_area (DM_ZONES_PANEL (panel), "x", 5, 0, &error) &&
             error != NULL && dm_document_get_n_zone_rules (doc) == n_rules,
           "/gui/tracker/zone-from-reference-refused");
  }

  /* New with unsaved work, cancelled: nothing is left pending to replace
   * the document when it is next saved. */
  {
    g_autofree char *dir = g_dir_make_tmp ("dm-gui-tracker-XXXXXX", NULL);
    g_autofree char *project = g_build_filename (dir, "talks.gpkg", NULL);
    g_autoptr (GFile) pfile = g_file_new_for_path (project);
    AdwMessageDialog *ask;
    gboolean saved;

    dm_document_set_side (doc, DM_SIDE_A, "Ukraine (edited)", dm_document_get_side_color (doc, DM_SIDE_A));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
    ask = find_message_dialog ("Save Changes?", 10);
    if (ask != NULL)
      {
        adw_message_dialog_response (ask, "cancel");
        gtk_window_destroy (GTK_WINDOW (ask));
      }
    saved = dm_window_save_to (window, pfile, TRUE, NULL);
    spin (200);
    check (ask != NULL && saved && dm_engine_get_document ((DmEngine *) dm_window_get_engine (window)) == doc &&
             dm_document_get_n_reference_layers (doc) == 1 &&
             g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "talks.gpkg"),
           "/gui/tracker/new-cancelled");
    g_unlink (project);
    g_rmdir (dir);
  }

  /* A new, empty document. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  r = settled_results (window, 30);
  doc = dm_engine_get_document ((DmEngine *) dm_window_get_engine (window));
  check (dm_document_get_contact_line (doc) == NULL && dm_document_get_n_reference_layers (doc) == 0 &&
           g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Untitled"),
         "/gui/tracker/new");
  {
    /* Nothing to warn about in an empty document: the panel is hidden. */
    GtkWidget *warnings =
      gui_test_find (GTK_WIDGET (window), gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_WARNINGS_PANEL));

    check (warnings != NULL && !gtk_widget_get_visible (warnings) &&
             dm_warnings_panel_get_n_shown (DM_WARNINGS_PANEL (warnings)) == 0,
           "/gui/tracker/no-warnings-hidden");
  }

  /* The bundled sample says what it is. */
  dm_window_open (window, fsample);
  r = settled_results (window, 60);
  check (strstr (gtk_window_get_title (GTK_WINDOW (window)), "(illustrative sample)") != NULL,
         "/gui/tracker/sample-title");

  gtk_window_destroy (GTK_WINDOW (window));
  return gui_test_finish ();
}
