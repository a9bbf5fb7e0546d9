/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-document.h"

typedef struct {
  GArray *changes; /* DmChange */
} Recorder;

static void
on_changed (DmDocument *doc, DmChange *change, Recorder *rec)
{
  g_array_append_val (rec->changes, *change);
}

static DmFeature *
make_line (guint n)
{
  g_autofree double *xy = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = 33.0 + 5.0 * i / n;
      xy[2 * i + 1] = 46.5 + 3.0 * i / n;
    }
  return dm_feature_new (DM_ROLE_CONTACT_LINE, "Line", dm_geometry_new_linestring (xy, n));
}

static DmChange *
last_change (Recorder *rec)
{
  g_assert_cmpuint (rec->changes->len, >, 0);
  return &g_array_index (rec->changes, DmChange, rec->changes->len - 1);
}

static void
test_defaults (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();

  g_assert_cmpuint (dm_document_get_n_proposals (doc), ==, 1);
  g_assert_null (dm_document_get_contact_line (doc));
  g_assert_false (dm_document_can_undo (doc));
  g_assert_false (dm_document_can_redo (doc));
  g_assert_nonnull (dm_document_get_side_name (doc, DM_SIDE_A));
  g_assert_cmpstr (dm_document_get_side_color (doc, DM_SIDE_B), !=, dm_document_get_side_color (doc, DM_SIDE_A));
}

static void
test_move_coalesce (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (10);
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (DmChange)) };
  guint id;
  double lon0, lat0, lon, lat;

  g_signal_connect (doc, "changed", G_CALLBACK (on_changed), &rec);
  id = dm_document_add_feature (doc, line);
  g_assert_cmpuint (id, >, 0);
  g_assert_true (dm_document_get_contact_line (doc) == line);
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_FEATURE_ADDED);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 1);

  dm_geometry_get_point (dm_feature_get_geometry (line), 4, &lon0, &lat0);
  /* A drag: fifty moves of vertex 4 make one step. */
  for (guint i = 1; i <= 50; i++)
    {
      dm_document_move_vertex (doc, id, 4, lon0 + 0.001 * i, lat0);
      g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_VERTICES_MOVED);
      g_assert_cmpuint (last_change (&rec)->feature_id, ==, id);
      g_assert_cmpuint (last_change (&rec)->first_vertex, ==, 4);
      g_assert_cmpuint (last_change (&rec)->n_vertices, ==, 1);
    }
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 2);

  /* Another vertex: a new step. */
  dm_document_move_vertex (doc, id, 5, 40.0, 50.0);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 3);
  /* Vertex 4 again after a sealed drag: a new step. */
  dm_document_seal_undo (doc);
  dm_document_move_vertex (doc, id, 5, 40.5, 50.0);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 4);

  g_assert_true (dm_document_undo (doc));
  g_assert_true (dm_document_undo (doc));
  g_assert_true (dm_document_undo (doc));
  dm_geometry_get_point (dm_feature_get_geometry (line), 4, &lon, &lat);
  g_assert_cmpfloat (lon, ==, lon0);
  g_assert_cmpfloat (lat, ==, lat0);
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_VERTICES_MOVED);
  g_assert_cmpuint (dm_document_get_redo_depth (doc), ==, 3);

  g_assert_true (dm_document_redo (doc));
  dm_geometry_get_point (dm_feature_get_geometry (line), 4, &lon, &lat);
  g_assert_cmpfloat (lon, ==, lon0 + 0.05);

  /* A new edit clears the redo stack. */
  dm_document_insert_vertex (doc, id, 2, 34.0, 47.0);
  g_assert_false (dm_document_can_redo (doc));
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_VERTEX_INSERTED);
  g_assert_cmpuint (last_change (&rec)->first_vertex, ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_points (dm_feature_get_geometry (line)), ==, 11);

  g_array_unref (rec.changes);
}

static void
test_signal_once_per_change (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (5);
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (DmChange)) };
  guint id = dm_document_add_feature (doc, line);
  guint before;

  g_signal_connect (doc, "changed", G_CALLBACK (on_changed), &rec);
  dm_document_remove_vertex (doc, id, 1);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_VERTEX_REMOVED);
  dm_document_set_side (doc, DM_SIDE_A, "Ukraine", "#0057b7");
  g_assert_cmpuint (rec.changes->len, ==, 2);
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_SIDES);
  /* No change, no signal, no undo step. */
  before = dm_document_get_undo_depth (doc);
  dm_document_set_side (doc, DM_SIDE_A, "Ukraine", "#0057b7");
  g_assert_cmpuint (rec.changes->len, ==, 2);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, before);
  dm_document_undo (doc);
  g_assert_cmpstr (dm_document_get_side_name (doc, DM_SIDE_A), !=, "Ukraine");
  g_array_unref (rec.changes);
}

static void
test_group_and_reverse (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (6);
  g_autoptr (DmGeometry) orig = NULL;
  guint id = dm_document_add_feature (doc, line);
  const guint idx[] = { 1, 2, 3 };

  orig = dm_geometry_copy (dm_feature_get_geometry (line));
  dm_document_move_vertices (doc, id, idx, 3, 0.1, -0.1);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 2);
  dm_document_reverse_line (doc, id);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Reverse direction");
  dm_document_undo (doc);
  dm_document_undo (doc);
  g_assert_true (dm_geometry_equal (orig, dm_feature_get_geometry (line)));
}

static void
test_proposals (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (8);
  g_autoptr (DmFeature) note = dm_feature_new_annotation (37.5, 48.6, "Bakhmut");
  guint id = dm_document_add_feature (doc, line);
  DmFeature *copy;
  guint p2;

  dm_document_add_feature (doc, note);
  p2 = dm_document_add_proposal (doc, "Proposal B", TRUE);
  g_assert_cmpuint (p2, ==, 1);
  g_assert_cmpuint (dm_document_get_active_proposal (doc), ==, 1);
  copy = dm_document_get_contact_line (doc);
  g_assert_true (copy != line);
  g_assert_cmpuint (dm_feature_get_id (copy), !=, id);
  g_assert_true (dm_geometry_equal (dm_feature_get_geometry (copy), dm_feature_get_geometry (line)));
  /* Annotations are shared by all proposals. */
  {
    g_autoptr (GPtrArray) notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);
    g_assert_cmpuint (notes->len, ==, 1);
  }

  /* Editing the copy leaves the original proposal alone. */
  dm_document_move_vertex (doc, dm_feature_get_id (copy), 0, 30.0, 45.0);
  g_assert_false (dm_geometry_equal (dm_feature_get_geometry (copy), dm_feature_get_geometry (line)));
  dm_document_set_active_proposal (doc, 0);
  g_assert_true (dm_document_get_contact_line (doc) == line);
  dm_document_rename_proposal (doc, 0, "Proposal A");
  g_assert_cmpstr (dm_document_get_proposal_name (doc, 0), ==, "Proposal A");

  dm_document_remove_proposal (doc, 1);
  g_assert_cmpuint (dm_document_get_n_proposals (doc), ==, 1);
  g_assert_null (dm_document_lookup_feature (doc, dm_feature_get_id (copy)));
  dm_document_undo (doc);
  g_assert_cmpuint (dm_document_get_n_proposals (doc), ==, 2);
  g_assert_true (dm_document_lookup_feature (doc, dm_feature_get_id (copy)) == copy);
}

static void
test_reference_layers (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) refs = NULL;
  guint index;

  g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, "Kupiansk", dm_geometry_new_point (37.61, 49.71)));
  index = dm_document_add_reference_layer (doc, "Settlements", "/tmp/x.geojson", features);
  g_assert_cmpuint (dm_document_get_n_reference_layers (doc), ==, 1);
  g_assert_cmpstr (dm_document_get_reference_layer_name (doc, index), ==, "Settlements");
  refs = dm_document_list_features (doc, DM_ROLE_REFERENCE);
  g_assert_cmpuint (refs->len, ==, 1);

  /* Reference features are read-only. */
  if (g_test_undefined ())
    {
      g_test_expect_message ("dm-document", G_LOG_LEVEL_CRITICAL, "*read-only*");
      dm_document_move_vertex (doc, dm_feature_get_id (g_ptr_array_index (refs, 0)), 0, 0, 0);
      g_test_assert_expected_messages ();
    }

  dm_document_undo (doc);
  g_assert_cmpuint (dm_document_get_n_reference_layers (doc), ==, 0);
}

/* Any sequence of edits, undone to the start, gives back the document. */
static void
test_random_edits_undo (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (200);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autoptr (DmGeometry) orig = NULL;
  g_autoptr (DmGeometry) edited = NULL;
  guint id = dm_document_add_feature (doc, line);
  guint base_depth = dm_document_get_undo_depth (doc);

  orig = dm_geometry_copy (dm_feature_get_geometry (line));
  for (guint step = 0; step < 2000; step++)
    {
      guint n = dm_geometry_get_n_points (dm_feature_get_geometry (line));
      guint kind = g_rand_int_range (rand, 0, 10);
      guint v = g_rand_int_range (rand, 0, n);

      if (kind < 6)
        dm_document_move_vertex (doc, id, v, g_rand_double_range (rand, 30, 40), g_rand_double_range (rand, 45, 52));
      else if (kind < 8)
        dm_document_insert_vertex (doc, id, v, g_rand_double_range (rand, 30, 40), g_rand_double_range (rand, 45, 52));
      else if (n > 3)
        dm_document_remove_vertex (doc, id, v);
      if (g_rand_int_range (rand, 0, 4) == 0)
        dm_document_seal_undo (doc);
    }
  edited = dm_geometry_copy (dm_feature_get_geometry (line));
  while (dm_document_get_undo_depth (doc) > base_depth)
    g_assert_true (dm_document_undo (doc));
  g_assert_true (dm_geometry_equal (orig, dm_feature_get_geometry (line)));
  while (dm_document_redo (doc))
    ;
  g_assert_true (dm_geometry_equal (edited, dm_feature_get_geometry (line)));
}

static void
test_swaps_and_attrs (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  const double xy[] = { 36, 47, 36.2, 47, 36.2, 47.2, 36, 47.2 };
  g_autoptr (DmFeature)
    swap = dm_feature_new_land_swap ("Swap 1", dm_geometry_new_polygon (xy, 4), DM_SIDE_NONE, DM_SIDE_NONE);
  guint id = dm_document_add_feature (doc, swap);

  dm_document_set_swap_sides (doc, id, DM_SIDE_B, DM_SIDE_A);
  g_assert_cmpint (dm_feature_get_from_side (swap), ==, DM_SIDE_B);
  g_assert_cmpint (dm_feature_get_to_side (swap), ==, DM_SIDE_A);
  dm_document_set_feature_name (doc, id, "Robotyne salient");
  g_assert_cmpstr (dm_feature_get_name (swap), ==, "Robotyne salient");
  dm_document_undo (doc);
  dm_document_undo (doc);
  g_assert_cmpint (dm_feature_get_from_side (swap), ==, DM_SIDE_NONE);
  g_assert_cmpstr (dm_feature_get_name (swap), ==, "Swap 1");
  dm_document_remove_feature (doc, id);
  g_assert_null (dm_document_lookup_feature (doc, id));
  dm_document_undo (doc);
  g_assert_true (dm_document_lookup_feature (doc, id) == swap);
}

static void
test_zone_rules (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (DmChange)) };
  guint index;

  g_signal_connect (doc, "changed", G_CALLBACK (on_changed), &rec);
  index = dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  g_assert_cmpuint (dm_document_get_n_zone_rules (doc), ==, 1);
  g_assert_cmpint (last_change (&rec)->kind, ==, DM_CHANGE_ZONE_RULES);
  g_assert_cmpfloat_with_epsilon (dm_document_get_zone_rule (doc, index)->width_a_m, 4023.36, 1e-9);

  /* A spin button turning through widths: one undo step. */
  for (guint w = 4100; w <= 5000; w += 100)
    {
      g_autoptr (DmZoneRule) r = dm_zone_rule_copy (dm_document_get_zone_rule (doc, index));

      r->width_b_m = w;
      dm_document_set_zone_rule (doc, index, g_steal_pointer (&r));
    }
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 2);
  g_assert_cmpfloat (dm_document_get_zone_rule (doc, index)->width_b_m, ==, 5000);
  dm_document_undo (doc);
  g_assert_cmpfloat_with_epsilon (dm_document_get_zone_rule (doc, index)->width_b_m, 4023.36, 1e-9);
  dm_document_remove_zone_rule (doc, index);
  g_assert_cmpuint (dm_document_get_n_zone_rules (doc), ==, 0);
  dm_document_undo (doc);
  g_assert_cmpuint (dm_document_get_n_zone_rules (doc), ==, 1);
  g_array_unref (rec.changes);
}

/* Unsaved state: edits set it, undo back to the saved state clears it,
 * a drag after saving is not merged into the saved step, and the
 * "modified" property says when it flips; the history list labels. */
static void
test_modified (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = make_line (10);
  guint id, notified = 0;
  double lon, lat;

  g_signal_connect_swapped (doc, "notify::modified", G_CALLBACK (g_atomic_int_inc), &notified);
  g_assert_false (dm_document_is_modified (doc));
  id = dm_document_add_feature (doc, line);
  g_assert_true (dm_document_is_modified (doc));
  g_assert_cmpuint (notified, ==, 1);
  dm_document_mark_saved (doc);
  g_assert_false (dm_document_is_modified (doc));

  dm_geometry_get_point (dm_feature_get_geometry (line), 3, &lon, &lat);
  dm_document_move_vertex (doc, id, 3, lon + 0.01, lat);
  dm_document_move_vertex (doc, id, 3, lon + 0.02, lat);
  g_assert_true (dm_document_is_modified (doc));
  g_assert_cmpstr (dm_document_get_history_label (doc, FALSE, 1), ==, "Add contact line");
  g_assert_nonnull (dm_document_get_history_label (doc, FALSE, 0));
  g_assert_null (dm_document_get_history_label (doc, FALSE, 2));
  /* One undo takes back both moves (one step): saved state again. */
  dm_document_undo (doc);
  g_assert_false (dm_document_is_modified (doc));
  g_assert_nonnull (dm_document_get_history_label (doc, TRUE, 0));
  dm_document_redo (doc);
  g_assert_true (dm_document_is_modified (doc));
  /* Undo to the saved state, then a different edit: modified, and no
   * longer clean by undoing or redoing to any step. */
  dm_document_undo (doc);
  dm_document_move_vertex (doc, id, 5, lon, lat + 0.01);
  g_assert_true (dm_document_is_modified (doc));
  dm_document_undo (doc);
  g_assert_false (dm_document_is_modified (doc));
  /* Clearing the history keeps unsaved changes unsaved. */
  dm_document_redo (doc);
  dm_document_clear_history (doc);
  g_assert_true (dm_document_is_modified (doc));
  dm_document_mark_saved (doc);
  g_assert_false (dm_document_is_modified (doc));
  g_assert_cmpuint (notified, >=, 8);
}

/* The document's extent is its line's; a geometry imported into it is
 * moved beside it by whole turns of longitude (a layer west of the 180th
 * meridian joins a line that runs past it), and left alone elsewhere. */
static void
test_extent_and_wrap_beside (void)
{
  const double across[] = { 177.5, 64.6, 180.4, 66.0, 182.8, 66.6 };
  const double west[] = { -179.0, 65.0, -178.0, 65.5 };
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmDocument) empty = dm_document_new ();
  g_autoptr (DmGeometry) g = dm_geometry_new_linestring (west, 2);
  g_autoptr (DmGeometry) same = dm_geometry_new_linestring (west, 2);
  g_autoptr (DmFeature) line = dm_feature_new (DM_ROLE_CONTACT_LINE, "Line", dm_geometry_new_linestring (across, 3));
  double box[4], lon, lat;

  g_assert_false (dm_document_get_extent (empty, box));
  dm_document_wrap_beside (empty, g);
  g_assert_true (dm_geometry_equal (g, same));

  dm_document_add_feature (doc, line);
  g_assert_true (dm_document_get_extent (doc, box));
  g_assert_cmpfloat (box[0], ==, 177.5);
  g_assert_cmpfloat (box[1], ==, 64.6);
  g_assert_cmpfloat (box[2], ==, 182.8);
  g_assert_cmpfloat (box[3], ==, 66.6);
  dm_document_wrap_beside (doc, g);
  dm_geometry_get_point (g, 0, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 181.0);
  dm_geometry_get_point (g, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 182.0);
}

/* Moving a zone is one undo step: undone, the rules are back in order. */
static void
test_move_zone_rule (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  const char *names[] = { "One", "Two", "Three" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    dm_document_add_zone_rule (doc, dm_zone_rule_new_line_band (names[i], DM_ZONE_WITHDRAWAL, 1e3 * (i + 1), 1e3));
  dm_document_clear_history (doc);
  dm_document_move_zone_rule (doc, 0, 2);
  g_assert_cmpstr (dm_document_get_zone_rule (doc, 0)->name, ==, "Two");
  g_assert_cmpstr (dm_document_get_zone_rule (doc, 1)->name, ==, "Three");
  g_assert_cmpstr (dm_document_get_zone_rule (doc, 2)->name, ==, "One");
  g_assert_cmpfloat (dm_document_get_zone_rule (doc, 2)->width_a_m, ==, 1e3);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 1);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Move zone");
  g_assert_true (dm_document_undo (doc));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (dm_document_get_zone_rule (doc, i)->name, ==, names[i]);
  g_assert_true (dm_document_redo (doc));
  g_assert_cmpstr (dm_document_get_zone_rule (doc, 2)->name, ==, "One");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/defaults", test_defaults);
  g_test_add_func ("/document/undo/coalesce-moves", test_move_coalesce);
  g_test_add_func ("/document/changed/once-per-change", test_signal_once_per_change);
  g_test_add_func ("/document/undo/group-reverse", test_group_and_reverse);
  g_test_add_func ("/document/proposals", test_proposals);
  g_test_add_func ("/document/reference-layers", test_reference_layers);
  g_test_add_func ("/document/undo/random-edits", test_random_edits_undo);
  g_test_add_func ("/document/swaps-and-attributes", test_swaps_and_attrs);
  g_test_add_func ("/document/zone-rules", test_zone_rules);
  g_test_add_func ("/document/modified", test_modified);
  g_test_add_func ("/document/extent-and-wrap-beside", test_extent_and_wrap_beside);
  g_test_add_func ("/document/move-zone-rule", test_move_zone_rule);
  return g_test_run ();
}
