/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-basemap.h"
#include "dm-bench.h"
#include "dm-engine.h"
#include "dm-fingerprint.h"
#include "dm-geodesy.h"

static DmDocument *
make_document (guint n_vertices, DmFeature **line_out)
{
  DmDocument *doc = dm_document_new ();
  g_autoptr (DmFeature) line = NULL;

  line = dm_feature_new (DM_ROLE_CONTACT_LINE, "Line", dm_bench_make_front_line (n_vertices, 11, 300e3));
  dm_document_add_feature (doc, line);
  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  /* A one-sided withdrawal band too, so both widths are exercised. */
  dm_document_add_zone_rule (doc, dm_zone_rule_new_line_band ("Withdrawal", DM_ZONE_WITHDRAWAL, 0, 9000));
  *line_out = line;
  return doc;
}

static void
assert_same_as_scratch (DmDocument *doc, DmResults *r)
{
  DmFeature *line = dm_document_get_contact_line (doc);

  g_assert_cmpuint (r->revision, ==, dm_document_get_revision (doc));
  g_assert_cmpuint (r->zones->len, ==, dm_document_get_n_zone_rules (doc));
  /* The engine keeps segment lengths and measures only touched ones
   * again; summed in the same order, the total is the same to the bit. */
  g_assert_cmpfloat (r->line_length_m, ==, dm_geodesy_geometry_length_m (dm_feature_get_geometry (line)));
  /* The fingerprint, as the document gives it. */
  if (r->complete)
    {
      g_autofree char *fp = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));

      g_assert_cmpstr (r->fingerprint, ==, fp);
    }
  /* Each part's length, as the selection panel shows it. */
  g_assert_cmpuint (r->part_lengths_m->len, ==, dm_geometry_get_n_parts (dm_feature_get_geometry (line)));
  for (guint p = 0; p < r->part_lengths_m->len; p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (dm_feature_get_geometry (line), p, 0, &n);

      g_assert_cmpfloat (fabs (g_array_index (r->part_lengths_m, double, p) - dm_geodesy_path_length_m (xy, n)), <,
                         1e-6);
    }
  for (guint i = 0; i < r->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (r->zones, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (DmZoneResult)
        fresh = dm_zones_evaluate_from_scratch (dm_feature_get_geometry (line), z->rule, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (z->zone);
      for (DmSide side = DM_SIDE_NONE; side <= DM_SIDE_B; side++)
        {
          double a = dm_zone_result_get_area_m2 (z->zone, side);
          double b = dm_zone_result_get_area_m2 (fresh, side);

          if (b == 0)
            g_assert_cmpfloat (a, ==, 0);
          else
            g_assert_cmpfloat (fabs (a / b - 1.0), <, 1e-6);
        }
    }
}

/* The incremental path equals a from-scratch computation after random
 * edit sequences (issue: "a test checks it after random edit sequences"). */
static void
test_incremental_equals_scratch (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (1500, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  g_autoptr (GRand) rand = g_rand_new_with_seed (2025);
  guint id = dm_feature_get_id (line);

  for (guint round = 0; round < 16; round++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmResults) r = NULL;
      guint n_edits = g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < n_edits; e++)
        {
          const DmGeometry *g = dm_feature_get_geometry (line);
          guint n = dm_geometry_get_n_points (g);
          guint v = g_rand_int_range (rand, 1, n - 1);
          double lon, lat;

          dm_geometry_get_point (g, v, &lon, &lat);
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
            case 1:
              dm_document_move_vertex (doc, id, v, lon + g_rand_double_range (rand, -0.02, 0.02),
                                       lat + g_rand_double_range (rand, -0.02, 0.02));
              break;
            case 2:
              {
                double lon0, lat0;

                dm_geometry_get_point (g, v - 1, &lon0, &lat0);
                dm_document_insert_vertex (doc, id, v, (lon + lon0) / 2 + 0.005, (lat + lat0) / 2);
              }
              break;
            default:
              dm_document_remove_vertex (doc, id, v);
              break;
            }
        }
      r = dm_engine_compute (engine, NULL, &error);
      g_assert_no_error (error);
      assert_same_as_scratch (doc, r);
    }
}

static void
on_results (DmEngine *engine, guint *count)
{
  (*count)++;
}

static void
on_notify_results (DmEngine *engine, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* An engine that follows its document updates itself: at once when told
 * to, after every edit and every change of what it computes; and no more
 * once told not to. */
static void
on_notify_count (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* The proposal compared with is a property: set, it updates the engine
 * and is notified; setting it again changes nothing; it ends (−1) when
 * that proposal becomes the active one, or is removed. */
static void
test_compare_proposal (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (300, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  guint notified = 0;
  int index = -2;

  dm_engine_set_follows_document (engine, TRUE);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (engine, "notify::compare-proposal", G_CALLBACK (on_notify_count), &notified);
  dm_document_add_proposal (doc, "Second", TRUE);
  g_assert_cmpuint (dm_document_get_active_proposal (doc), ==, 1);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);

  g_object_set (engine, "compare-proposal", 0, NULL);
  g_assert_true (dm_engine_is_busy (engine));
  g_assert_cmpuint (notified, ==, 1);
  dm_engine_set_compare_proposal (engine, 0);
  g_assert_cmpuint (notified, ==, 1);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (dm_engine_get_results (engine)->comparison_name, ==, dm_document_get_proposal_name (doc, 0));

  /* The compared one made active: no comparison. */
  dm_document_set_active_proposal (doc, 0);
  g_object_get (engine, "compare-proposal", &index, NULL);
  g_assert_cmpint (index, ==, -1);
  g_assert_cmpuint (notified, ==, 2);

  /* Compared with the second, which an undo removes. */
  dm_engine_set_compare_proposal (engine, 1);
  dm_document_set_active_proposal (doc, 0);
  g_assert_cmpint (dm_engine_get_compare_proposal (engine), ==, 1);
  while (dm_document_get_n_proposals (doc) > 1 && dm_document_can_undo (doc))
    dm_document_undo (doc);
  g_assert_cmpuint (dm_document_get_n_proposals (doc), ==, 1);
  g_assert_cmpint (dm_engine_get_compare_proposal (engine), ==, -1);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_follows_document (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (3000, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  guint id = dm_feature_get_id (line);
  guint notified = 0;
  double lon, lat;
  DmResults *r;

  g_signal_connect (engine, "notify::results", G_CALLBACK (on_notify_results), &notified);
  g_assert_false (dm_engine_get_follows_document (engine));
  g_object_set (engine, "follows-document", TRUE, NULL);
  g_assert_true (dm_engine_is_busy (engine));
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified, >=, 1);

  /* An edit, and no update asked for. */
  dm_geometry_get_point (dm_feature_get_geometry (line), 100, &lon, &lat);
  dm_document_move_vertex (doc, id, 100, lon + 0.01, lat);
  g_assert_true (dm_engine_is_busy (engine));
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  r = dm_engine_get_results (engine);
  g_assert_cmpuint (r->revision, ==, dm_document_get_revision (doc));
  g_assert_true (r->complete);
  assert_same_as_scratch (doc, r);

  /* Split in two, then a vertex of the second part moved: each part's
   * length follows. */
  g_assert_true (dm_document_split_line (doc, id, 1500, NULL));
  dm_geometry_get_point (dm_feature_get_geometry (line), 2000, &lon, &lat);
  dm_document_move_vertex (doc, id, 2000, lon, lat + 0.01);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  r = dm_engine_get_results (engine);
  g_assert_cmpuint (r->part_lengths_m->len, ==, 2);
  assert_same_as_scratch (doc, r);

  /* What it computes changed: it updates. */
  dm_engine_set_territory_region (engine, "UA");
  g_assert_true (dm_engine_is_busy (engine));
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);

  /* Told not to follow: an edit waits for dm_engine_update(). */
  dm_engine_set_follows_document (engine, FALSE);
  dm_document_move_vertex (doc, id, 100, lon, lat);
  g_assert_false (dm_engine_is_busy (engine));
  g_assert_cmpuint (dm_engine_get_results (engine)->revision, <, dm_document_get_revision (doc));
}

/* A newer update supersedes the running one; the last results are those
 * of the last revision, delivered on the main context. */
static void
test_async_supersede (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (3000, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  guint id = dm_feature_get_id (line);
  guint count = 0;
  DmResults *r;

  g_signal_connect (engine, "results-changed", G_CALLBACK (on_results), &count);
  dm_engine_update (engine);
  for (guint i = 0; i < 20; i++)
    {
      double lon, lat;

      dm_geometry_get_point (dm_feature_get_geometry (line), 100, &lon, &lat);
      dm_document_move_vertex (doc, id, 100, lon + 0.001, lat);
      dm_engine_update (engine);
    }
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count, >=, 1);
  /* Superseded computations were cancelled, not all delivered. */
  g_assert_cmpuint (count, <, 21);
  r = dm_engine_get_results (engine);
  g_assert_nonnull (r);
  assert_same_as_scratch (doc, r);
}

/* A drag: updates every 5 ms for half a second.  Zones keep arriving
 * (quick results, not complete) instead of being cancelled one after
 * another; once the edits stop, complete results of the last revision
 * follow, equal to a computation from scratch. */
static void
test_continuous_updates (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (3000, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  guint id = dm_feature_get_id (line);
  guint count = 0, quick = 0;
  guint64 last_revision = 0;
  gint64 end;
  DmResults *r;

  g_signal_connect (engine, "results-changed", G_CALLBACK (on_results), &count);
  dm_engine_update (engine);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  count = 0;
  end = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < end)
    {
      double lon, lat;
      gint64 next = g_get_monotonic_time () + 5000;

      dm_geometry_get_point (dm_feature_get_geometry (line), 100, &lon, &lat);
      dm_document_move_vertex (doc, id, 100, lon + 0.0005, lat);
      dm_engine_update (engine);
      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, FALSE);
      r = dm_engine_get_results (engine);
      if (r != NULL && r->revision > last_revision && !r->complete)
        {
          quick++;
          last_revision = r->revision;
          /* Quick results carry the last complete territory. */
          g_assert_true (r->slow_revision <= r->revision);
        }
    }
  g_test_message ("%u results, %u quick, during 100 updates", count, quick);
  g_assert_cmpuint (quick, >=, 5);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  r = dm_engine_get_results (engine);
  g_assert_true (r->complete);
  g_assert_cmpuint (r->revision, ==, dm_document_get_revision (doc));
  g_assert_cmpuint (r->slow_revision, ==, r->revision);
  assert_same_as_scratch (doc, r);
}

static void
test_no_line (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) r = NULL;
  g_autoptr (GError) error = NULL;
  DmZoneFigures *z;

  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  engine = dm_engine_new (doc);
  r = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (r->has_line);
  g_assert_cmpuint (r->zones->len, ==, 1);
  z = g_ptr_array_index (r->zones, 0);
  /* No line, no band: a message rather than a failure. */
  g_assert_null (z->zone);
  g_assert_nonnull (z->error);
}

static void
on_results_keep (DmEngine *engine, GPtrArray *seen)
{
  g_ptr_array_add (seen, dm_results_ref (dm_engine_get_results (engine)));
}

/*
 * A vertex moved in Ukraine: complete results of the new revision come
 * first with the territory carried by difference (the sides' shapes still
 * the older line's), then, once edits pause, again with the region split
 * anew; the figures agree to 1e-6 and equal a split from scratch.
 */
static void
test_territory_by_difference (void)
{
  DmFeature *line;
  g_autoptr (DmDocument) doc = make_document (3000, &line);
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_results_unref);
  g_autoptr (DmTerritory) scratch = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  guint id = dm_feature_get_id (line);
  const DmResults *by_difference = NULL, *refreshed = NULL;
  guint64 revision;
  double lon, lat;
  gint64 deadline;

  dm_document_set_side (doc, DM_SIDE_A, "Ukraine", "#0057b7");
  dm_document_set_side (doc, DM_SIDE_B, "Russia", "#d52b1e");
  g_object_set (engine, "follows-document", TRUE, NULL);
  while (dm_engine_is_busy (engine))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dm_engine_get_results (engine)->territory);

  g_signal_connect (engine, "results-changed", G_CALLBACK (on_results_keep), seen);
  dm_geometry_get_point (dm_feature_get_geometry (line), 1500, &lon, &lat);
  dm_document_move_vertex (doc, id, 1500, lon + 0.003, lat - 0.002);
  revision = dm_document_get_revision (doc);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while ((dm_engine_is_busy (engine) || refreshed == NULL) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < seen->len; i++)
        {
          const DmResults *r = g_ptr_array_index (seen, i);

          if (r->revision != revision || !r->complete || r->territory == NULL)
            continue;
          if (!r->territory->side_geometry_current && by_difference == NULL)
            by_difference = r;
          else if (r->territory->side_geometry_current && by_difference != NULL)
            refreshed = r;
        }
    }
  g_assert_nonnull (by_difference);
  g_assert_nonnull (refreshed);
  g_assert_true (dm_engine_get_results (engine) == refreshed);

  scratch = dm_territory_compute (dm_feature_get_geometry (line), dm_basemap_get_country (map, "UA"), "Ukraine",
                                  refreshed->swaps, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpfloat (fabs (by_difference->territory->area_m2_side[s] - scratch->area_m2_side[s]), <=,
                         1e-6 * scratch->area_m2);
      g_assert_cmpfloat (fabs (refreshed->territory->area_m2_side[s] - scratch->area_m2_side[s]), <=,
                         1e-6 * scratch->area_m2);
      g_assert_cmpint (by_difference->territory->population_side[s], ==, refreshed->territory->population_side[s]);
    }
  g_assert_cmpuint (by_difference->warnings->len, ==, refreshed->warnings->len);
  g_assert_cmpstr (by_difference->fingerprint, ==, refreshed->fingerprint);
}

/* A long line's segments are measured on two cores: its length and each
 * part's are those measured in one pass, to the bit, before and after an
 * edit in the second half. */
static void
test_long_line_lengths (void)
{
  g_autoptr (DmGeometry) front = dm_bench_make_front_line (150001, 4, 0);
  g_autoptr (DmGeometry) parts = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = NULL;
  g_autoptr (DmEngine) engine = NULL;
  const double *xy = dm_geometry_get_coords (front);
  guint id;

  /* Three parts, the second break near the middle, where the threads meet. */
  dm_geometry_begin_part (parts);
  dm_geometry_add_ring (parts, xy, 40000);
  dm_geometry_begin_part (parts);
  dm_geometry_add_ring (parts, &xy[2 * 40000], 35001);
  dm_geometry_begin_part (parts);
  dm_geometry_add_ring (parts, &xy[2 * 75001], 75000);
  line = dm_feature_new (DM_ROLE_CONTACT_LINE, "Long", g_steal_pointer (&parts));
  id = dm_document_add_feature (doc, line);
  engine = dm_engine_new (doc);
  for (guint e = 0; e < 2; e++)
    {
      g_autoptr (DmResults) r = NULL;
      const DmGeometry *g = dm_feature_get_geometry (dm_document_get_contact_line (doc));

      if (e == 1)
        {
          double lon, lat;

          dm_geometry_get_point (g, 120000, &lon, &lat);
          dm_document_move_vertex (doc, id, 120000, lon + 0.001, lat);
          g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
        }
      r = dm_engine_compute (engine, NULL, NULL);
      g_assert_nonnull (r);
      g_assert_cmpfloat (r->line_length_m, ==, dm_geodesy_geometry_length_m (g));
      g_assert_cmpuint (r->part_lengths_m->len, ==, 3);
      for (guint p = 0; p < 3; p++)
        {
          guint n;
          const double *pxy = dm_geometry_get_ring (g, p, 0, &n);

          g_assert_cmpfloat (g_array_index (r->part_lengths_m, double, p), ==, dm_geodesy_path_length_m (pxy, n));
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/incremental-equals-scratch", test_incremental_equals_scratch);
  g_test_add_func ("/engine/async-supersede", test_async_supersede);
  g_test_add_func ("/engine/follows-document", test_follows_document);
  g_test_add_func ("/engine/compare-proposal", test_compare_proposal);
  g_test_add_func ("/engine/continuous-updates", test_continuous_updates);
  g_test_add_func ("/engine/no-line", test_no_line);
  g_test_add_func ("/engine/long-line-lengths", test_long_line_lengths);
  g_test_add_func ("/engine/territory-by-difference", test_territory_by_difference);
  return g_test_run ();
}
