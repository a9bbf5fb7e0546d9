/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-document.h"
#include "dm-geodesy.h"
#include "dm-line-ops.h"

/* A wiggly line of @n vertices from 33°E 46.5°N towards the north-east,
 * about @length_km long, the shape of a front line. */
static DmGeometry *
make_wiggly_line (guint n, double length_km, GRand *rand)
{
  g_autofree double *xy = g_new (double, 2 * n);
  double lon = 33.0, lat = 46.5, step_m = length_km * 1000 / MAX (n - 1, 1);

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = lon;
      xy[2 * i + 1] = lat;
      dm_geodesy_direct (lon, lat, 45 + 40 * sin (i / 25.0) + g_rand_double_range (rand, -30, 30), step_m, &lon, &lat);
    }
  return dm_geometry_new_linestring (xy, n);
}

static void
test_split (void)
{
  static const double xy[] = { 33, 47, 34, 47.5, 35, 47, 36, 48 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 4);
  g_autoptr (DmGeometry) polygon = dm_geometry_new_polygon (xy, 4);
  g_autoptr (DmGeometry) split = NULL;
  g_autoptr (DmGeometry) again = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  split = dm_line_split_part (line, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (split), ==, DM_GEOMETRY_MULTILINESTRING);
  g_assert_cmpuint (dm_geometry_get_n_parts (split), ==, 2);
  /* The split vertex ends one part and begins the other. */
  g_assert_cmpmem (dm_geometry_get_ring (split, 0, 0, &n), 6 * sizeof (double), xy, 6 * sizeof (double));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpmem (dm_geometry_get_ring (split, 1, 0, &n), 4 * sizeof (double), xy + 4, 4 * sizeof (double));
  g_assert_cmpuint (n, ==, 2);

  /* Vertex 1 of the whole line is the first part's inner vertex; the
   * second part (vertices 3 and 4) has none. */
  again = dm_line_split_part (split, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dm_geometry_get_n_parts (again), ==, 3);
  g_assert_cmpuint (dm_geometry_get_n_points (again), ==, 6);
  for (guint v = 3; v < 5; v++)
    {
      g_assert_null (dm_line_split_part (split, v, &error));
      g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_BAD_VERTEX);
      g_clear_error (&error);
    }
  for (guint v = 0; v < 5; v += 3)
    {
      g_assert_null (dm_line_split_part (line, v, &error));
      g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_BAD_VERTEX);
      g_clear_error (&error);
    }
  g_assert_null (dm_line_split_part (polygon, 1, &error));
  g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_NOT_A_LINE);
}

static DmGeometry *
two_parts (const double *a, guint na, const double *b, guint nb)
{
  DmGeometry *g = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);

  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, a, na);
  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, b, nb);
  return g;
}

static void
test_join_orientations (void)
{
  /* a runs west to east; b continues it after or before, each way
   * round: end to start joins, end to end asks to reverse first. */
  static const double a_xy[] = { 33.0, 47.0, 33.5, 47.1 };
  static const double after[] = { 33.51, 47.1, 34.0, 47.2 };
  static const double before[] = { 32.0, 46.9, 32.99, 47.0 };
  static const double expect_after[] = { 33.0, 47.0, 33.5, 47.1, 33.51, 47.1, 34.0, 47.2 };
  static const double expect_before[] = { 32.0, 46.9, 32.99, 47.0, 33.0, 47.0, 33.5, 47.1 };

  for (guint c = 0; c < 4; c++)
    {
      g_autoptr (DmGeometry) b = dm_geometry_new_linestring (c < 2 ? after : before, 2);
      g_autoptr (DmGeometry) line = NULL, joined = NULL;
      g_autoptr (GError) error = NULL;
      double gap_m = -1, expected_gap;
      guint n;

      if (c % 2 == 1)
        dm_geometry_reverse (b);
      line = two_parts (a_xy, 2, dm_geometry_get_coords (b), 2);
      joined = dm_line_join_parts (line, 1, 0, DM_LINE_JOIN_MAX_GAP_M, &gap_m, &error);
      if (c % 2 == 1)
        {
          g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_DIRECTION);
          g_assert_null (joined);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (dm_geometry_get_geometry_type (joined), ==, DM_GEOMETRY_LINESTRING);
      g_assert_cmpmem (dm_geometry_get_ring (joined, 0, 0, &n), 8 * sizeof (double),
                       c < 2 ? expect_after : expect_before, 8 * sizeof (double));
      expected_gap = c < 2 ? dm_geodesy_distance_m (33.5, 47.1, 33.51, 47.1)
                           : dm_geodesy_distance_m (32.99, 47.0, 33.0, 47.0);
      g_assert_cmpfloat_with_epsilon (gap_m, expected_gap, 1e-6);
      /* About 760 m either way. */
      g_assert_cmpfloat (gap_m, >, 700);
      g_assert_cmpfloat (gap_m, <, 800);
      /* Too far for a 500 m limit. */
      g_assert_null (dm_line_join_parts (line, 0, 1, 500, NULL, &error));
      g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_TOO_FAR);
    }
}

static void
test_parts (void)
{
  static const double a_xy[] = { 33.0, 47.0, 33.5, 47.1 };
  static const double b_xy[] = { 33.5, 47.1, 34.0, 47.2 };
  static const double c_xy[] = { 36.0, 48.0, 36.5, 48.5, 37.0, 48.6 };
  g_autoptr (DmGeometry) ab = two_parts (a_xy, 2, b_xy, 2);
  g_autoptr (DmGeometry) abc = NULL, joined = NULL, rest = NULL, turned = NULL;
  g_autoptr (DmGeometry) c = dm_geometry_new_linestring (c_xy, 3);
  g_autoptr (GError) error = NULL;
  double gap_m = -1, lon, lat;
  guint other = 99;

  abc = dm_line_add_parts (ab, c);
  g_assert_cmpuint (dm_geometry_get_n_parts (abc), ==, 3);
  g_assert_cmpuint (dm_geometry_get_n_points (abc), ==, 7);

  /* A shared vertex is kept once. */
  joined = dm_line_join_parts (abc, 0, 1, DM_LINE_JOIN_MAX_GAP_M, &gap_m, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gap_m, ==, 0);
  g_assert_cmpuint (dm_geometry_get_n_parts (joined), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_points (joined), ==, 6);
  dm_geometry_get_point (joined, 2, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 34.0);

  g_assert_true (dm_line_nearest_part (abc, 0, &other, &gap_m));
  g_assert_cmpuint (other, ==, 1);
  g_assert_cmpfloat (gap_m, ==, 0);
  g_assert_true (dm_line_nearest_part (abc, 2, &other, &gap_m));
  g_assert_cmpuint (other, ==, 1);
  g_assert_cmpfloat (gap_m, >, 150000);
  g_assert_null (dm_line_join_parts (abc, 1, 2, DM_LINE_JOIN_MAX_GAP_M, NULL, &error));
  g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_TOO_FAR);
  g_clear_error (&error);
  g_assert_null (dm_line_join_parts (abc, 1, 1, DM_LINE_JOIN_MAX_GAP_M, NULL, &error));
  g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_SAME_LINE);
  g_clear_error (&error);

  rest = dm_line_remove_part (abc, 1);
  g_assert_cmpuint (dm_geometry_get_n_parts (rest), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_points (rest), ==, 5);
  g_assert_null (dm_line_remove_part (c, 0));

  turned = dm_line_reverse_part (abc, 2);
  dm_geometry_get_point (turned, 4, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 37.0);
  dm_geometry_get_point (turned, 0, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 33.0);
}

static void
test_simplify_line (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  /* A 1,000 km line with 5,000 vertices (200 m apart). */
  g_autoptr (DmGeometry) line = make_wiggly_line (5000, 1000, rand);
  const double tolerances[] = { 0, 10, 50, 200, 1000, 5000 };
  guint last = G_MAXUINT;

  for (guint t = 0; t < G_N_ELEMENTS (tolerances); t++)
    {
      g_autoptr (DmGeometry) simple = dm_line_simplify (line, tolerances[t]);
      guint n_simple = dm_geometry_get_n_points (simple), n;
      const double *xy = dm_geometry_get_ring (simple, 0, 0, &n);
      const double *orig = dm_geometry_get_coords (line);
      double worst_m = 0;
      gint64 start = g_get_monotonic_time ();
      guint count = dm_line_simplify_count (line, tolerances[t]);
      double count_ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_cmpuint (count, ==, n_simple);
      g_assert_cmpuint (n_simple, <=, last);
      last = n_simple;
      /* Both ends stay exactly. */
      g_assert_cmpfloat (xy[0], ==, orig[0]);
      g_assert_cmpfloat (xy[1], ==, orig[1]);
      g_assert_cmpfloat (xy[2 * n - 2], ==, orig[2 * 4999]);
      g_assert_cmpfloat (xy[2 * n - 1], ==, orig[2 * 4999 + 1]);
      /* Every vertex left out lies within the tolerance of the segment
       * that replaced it (measured geodesically: the projection is within
       * 1 % here).  Kept vertices are exact copies, in order. */
      for (guint i = 0, j = 0; i < 5000; i++)
        {
          if (orig[2 * i] == xy[2 * j] && orig[2 * i + 1] == xy[2 * j + 1])
            {
              j++;
              continue;
            }
          g_assert_cmpuint (j, >, 0);
          g_assert_cmpuint (j, <, n);
          worst_m = MAX (worst_m, dm_geodesy_point_path_distance_m (orig[2 * i], orig[2 * i + 1], xy + 2 * (j - 1), 2,
                                                                    NULL, NULL));
        }
      g_assert_cmpfloat (worst_m, <=, tolerances[t] * 1.01 + 0.01);
      g_test_message ("tolerance %g m: %u of 5000 vertices, farthest dropped vertex %.1f m, count in %.2f ms",
                      tolerances[t], n_simple, worst_m, count_ms);
    }
  /* A useful tolerance removes most vertices; zero keeps them (no three
   * are in line). */
  g_assert_cmpuint (dm_line_simplify_count (line, 0), ==, 5000);
  g_assert_cmpuint (dm_line_simplify_count (line, 1000), <, 500);
}

static void
test_simplify_polygon (void)
{
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (DmGeometry) polygon = NULL;
  g_autoptr (DmGeometry) simple = NULL;
  g_autoptr (DmGeometry) tiny = NULL;
  g_autoptr (DmGeometry) point = dm_geometry_new_point (33, 47);
  g_autoptr (DmGeometry) point_copy = NULL;

  /* A circle of 360 vertices, about 11 km across. */
  for (guint i = 0; i < 360; i++)
    {
      double v[2] = { 35.0 + 0.07 * cos (G_PI * i / 180), 47.0 + 0.05 * sin (G_PI * i / 180) };

      g_array_append_vals (xy, v, 2);
    }
  polygon = dm_geometry_new_polygon ((double *) (gpointer) xy->data, 360);
  simple = dm_line_simplify (polygon, 100);
  g_assert_true (dm_geometry_is_polygonal (simple));
  g_assert_cmpuint (dm_geometry_get_n_points (simple), <, 40);
  g_assert_cmpuint (dm_geometry_get_n_points (simple), >=, 8);
  /* The area hardly changes. */
  g_assert_cmpfloat (fabs (dm_geodesy_geometry_area_m2 (simple) / dm_geodesy_geometry_area_m2 (polygon) - 1), <, 0.03);
  /* A tolerance larger than the polygon keeps it a polygon. */
  tiny = dm_line_simplify (polygon, 50000);
  g_assert_cmpuint (dm_geometry_get_n_points (tiny), >=, 3);
  /* Points have nothing to simplify. */
  point_copy = dm_line_simplify (point, 1000);
  g_assert_true (dm_geometry_equal (point, point_copy));
}

static void
test_move_vertices (void)
{
  static const double xy[] = { 33, 47, 34, 47.5, 35, 47 };
  static const guint indices[] = { 0, 2, 2 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  double lon, lat;

  dm_line_move_vertices (line, indices, G_N_ELEMENTS (indices), 0.5, -0.25);
  dm_geometry_get_point (line, 0, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 33.5);
  g_assert_cmpfloat (lat, ==, 46.75);
  dm_geometry_get_point (line, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 34);
  /* Listed twice, moved once. */
  dm_geometry_get_point (line, 2, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 35.5);
  g_assert_cmpfloat (lat, ==, 46.75);
}

/* ---- Document commands ---------------------------------------------- */

typedef struct {
  guint id;
  DmRole role;
  char *name;
  DmGeometry *geometry;
} Snapshot;

static void
snapshot_clear (gpointer data)
{
  Snapshot *s = data;

  g_free (s->name);
  dm_geometry_free (s->geometry);
}

static GArray *
snapshot_take (DmDocument *doc)
{
  g_autoptr (GPtrArray) features = dm_document_list_features (doc, -1);
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Snapshot));

  g_array_set_clear_func (out, snapshot_clear);
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);
      Snapshot s = { dm_feature_get_id (f), dm_feature_get_role (f), g_strdup (dm_feature_get_name (f)),
                     dm_geometry_copy (dm_feature_get_geometry (f)) };

      g_array_append_val (out, s);
    }
  return out;
}

/* Bit-exact: same features in the same order with the same ids, names
 * and coordinates. */
static void
snapshot_assert (DmDocument *doc, GArray *expected)
{
  g_autoptr (GArray) now = snapshot_take (doc);

  g_assert_cmpuint (now->len, ==, expected->len);
  for (guint i = 0; i < now->len; i++)
    {
      Snapshot *a = &g_array_index (now, Snapshot, i), *b = &g_array_index (expected, Snapshot, i);

      g_assert_cmpuint (a->id, ==, b->id);
      g_assert_cmpint (a->role, ==, b->role);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_true (dm_geometry_equal (a->geometry, b->geometry));
      g_assert_true (dm_document_lookup_feature (doc, a->id) != NULL);
    }
}

static void
test_document_commands (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (GArray) before = NULL;
  g_autoptr (GError) error = NULL;
  guint id, new_part = 0, removed;
  const DmGeometry *g;
  guint n;

  id = dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "Front", make_wiggly_line (300, 60, rand)));
  before = snapshot_take (doc);

  g_assert_true (dm_document_split_line (doc, id, 100, &new_part));
  g_assert_cmpuint (new_part, ==, 1);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Split line");
  g = dm_feature_get_geometry (dm_document_lookup_feature (doc, id));
  g_assert_cmpuint (dm_geometry_get_n_parts (g), ==, 2);
  dm_geometry_get_ring (g, 0, 0, &n);
  g_assert_cmpuint (n, ==, 101);
  dm_geometry_get_ring (g, 1, 0, &n);
  g_assert_cmpuint (n, ==, 200);

  /* Joining the halves again gives the line back, vertex for vertex. */
  g_assert_true (dm_document_join_parts (doc, id, 0, 1, DM_LINE_JOIN_MAX_GAP_M, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Join parts");
  snapshot_assert (doc, before);

  g_assert_false (dm_document_join_parts (doc, id, 0, 0, DM_LINE_JOIN_MAX_GAP_M, &error));
  g_assert_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_SAME_LINE);
  g_clear_error (&error);

  removed = dm_document_simplify_feature (doc, id, 500);
  g_assert_cmpuint (removed, >, 100);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Simplify");
  /* Three steps, each undone at once. */
  g_assert_true (dm_document_undo (doc));
  snapshot_assert (doc, before);
  g_assert_true (dm_document_undo (doc));
  g_assert_cmpuint (dm_geometry_get_n_parts (dm_feature_get_geometry (dm_document_lookup_feature (doc, id))), ==, 2);
  g_assert_true (dm_document_undo (doc));
  snapshot_assert (doc, before);
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, 1);
}

/* A second contact line joins the first as more parts; a part is deleted
 * and reversed in one step each. */
static void
test_document_parts (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GArray) two = NULL;
  guint id, id2, depth;
  const DmGeometry *g;
  double lon0, lat0, lon1, lat1;

  id = dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "Front", make_wiggly_line (30, 10, rand)));
  id2 =
    dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "Bridgehead", make_wiggly_line (20, 8, rand)));
  g_assert_cmpuint (id2, ==, id);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Add contact line part");
  lines = dm_document_list_features (doc, DM_ROLE_CONTACT_LINE);
  g_assert_cmpuint (lines->len, ==, 1);
  g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  g_assert_cmpuint (dm_geometry_get_n_parts (g), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_points (g), ==, 50);
  two = snapshot_take (doc);

  dm_geometry_get_point (g, 30, &lon0, &lat0);
  dm_document_reverse_part (doc, id, 1);
  g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  dm_geometry_get_point (g, 49, &lon1, &lat1);
  g_assert_cmpfloat (lon0, ==, lon1);
  g_assert_cmpfloat (lat0, ==, lat1);

  depth = dm_document_get_undo_depth (doc);
  dm_document_remove_part (doc, id, 0);
  g_assert_cmpstr (dm_document_get_undo_label (doc), ==, "Delete part");
  g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, depth + 1);
  g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  g_assert_cmpint (dm_geometry_get_geometry_type (g), ==, DM_GEOMETRY_LINESTRING);
  g_assert_cmpuint (dm_geometry_get_n_points (g), ==, 20);
  /* The last part goes with the feature. */
  dm_document_remove_part (doc, id, 0);
  g_assert_null (dm_document_get_contact_line (doc));
  g_assert_true (dm_document_undo (doc));
  g_assert_true (dm_document_undo (doc));
  g_assert_true (dm_document_undo (doc));
  snapshot_assert (doc, two);
}

/* Random splits, joins, simplifications and moves; undoing them all
 * passes back through every earlier state bit for bit, and redoing them
 * reaches the last one. */
static void
test_document_random (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint n_steps = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("Line %u", i);

      dm_document_add_feature (doc,
                               dm_feature_new (DM_ROLE_CONTACT_LINE, name, make_wiggly_line (50 + 50 * i, 20, rand)));
    }
  dm_document_clear_history (doc);
  g_ptr_array_add (states, snapshot_take (doc));

  for (guint step = 0; step < 60; step++)
    {
      g_autoptr (GPtrArray) features = dm_document_list_features (doc, -1);
      DmFeature *f = g_ptr_array_index (features, g_rand_int_range (rand, 0, features->len));
      guint id = dm_feature_get_id (f), n = dm_geometry_get_n_points (dm_feature_get_geometry (f));
      gboolean changed = FALSE;

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          if (n >= 3)
            changed = dm_document_split_line (doc, id, g_rand_int_range (rand, 1, n - 1), NULL);
          break;
        case 1:
          {
            guint n_parts = dm_geometry_get_n_parts (dm_feature_get_geometry (f));

            if (n_parts >= 2)
              changed = dm_document_join_parts (doc, id, g_rand_int_range (rand, 0, n_parts),
                                                g_rand_int_range (rand, 0, n_parts), 1e7, NULL);
          }
          break;
        case 2:
          changed = dm_document_simplify_feature (doc, id, g_rand_double_range (rand, 1, 300)) > 0;
          break;
        default:
          {
            guint indices[3] = { g_rand_int_range (rand, 0, n), g_rand_int_range (rand, 0, n),
                                 g_rand_int_range (rand, 0, n) };

            dm_document_move_vertices (doc, id, indices, 3, g_rand_double_range (rand, -0.01, 0.01),
                                       g_rand_double_range (rand, -0.01, 0.01));
            changed = TRUE;
          }
          break;
        }
      if (changed)
        {
          n_steps++;
          g_assert_cmpuint (dm_document_get_undo_depth (doc), ==, n_steps);
          g_ptr_array_add (states, snapshot_take (doc));
        }
    }
  g_assert_cmpuint (n_steps, >, 30);
  for (guint i = states->len - 1; i > 0; i--)
    {
      g_assert_true (dm_document_undo (doc));
      snapshot_assert (doc, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (dm_document_can_undo (doc));
  for (guint i = 1; i < states->len; i++)
    {
      g_assert_true (dm_document_redo (doc));
      snapshot_assert (doc, g_ptr_array_index (states, i));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/line-ops/split", test_split);
  g_test_add_func ("/line-ops/join/orientations", test_join_orientations);
  g_test_add_func ("/line-ops/parts", test_parts);
  g_test_add_func ("/line-ops/simplify/line", test_simplify_line);
  g_test_add_func ("/line-ops/simplify/polygon", test_simplify_polygon);
  g_test_add_func ("/line-ops/move-vertices", test_move_vertices);
  g_test_add_func ("/line-ops/document/commands", test_document_commands);
  g_test_add_func ("/line-ops/document/parts", test_document_parts);
  g_test_add_func ("/line-ops/document/random-undo", test_document_random);
  return g_test_run ();
}
