/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-bench.h"
#include "dm-fingerprint.h"
#include "test-exchange-common.h"

static char *
fp (DmDocument *doc)
{
  return dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
}

/* @b takes @a's sides: they are part of the fingerprint. */
static void
copy_sides (DmDocument *a, DmDocument *b)
{
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    dm_document_set_side (b, side, dm_document_get_side_name (a, side), dm_document_get_side_color (a, side));
}

static void
test_format (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autofree char *full = fp (doc);
  g_autofree char *short_form = dm_fingerprint_short (full);
  g_autofree char *canonical = dm_fingerprint_canonical_form (doc, 0);

  g_assert_cmpuint (strlen (full), ==, 64);
  g_assert_cmpuint (strspn (full, "0123456789abcdef"), ==, 64);
  g_assert_cmpuint (strlen (short_form), ==, 14);
  g_assert_true (strncmp (short_form, full, 4) == 0);
  g_assert_true (short_form[4] == '-' && short_form[9] == '-');
  /* SHA-256 of the canonical form (OpenSSL's, checked against GLib's). */
  {
    g_autofree char *glib = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);

    g_assert_cmpstr (full, ==, glib);
  }
  g_assert_true (g_str_has_prefix (canonical, "demarcate-fingerprint 2\nsides A=\""));
  g_assert_nonnull (strstr (canonical, "\"\nline\npart\n"));
  g_assert_nonnull (strstr (canonical, "\nswap A B\npolygon\nring\n"));
  g_assert_nonnull (strstr (canonical,
                            "\nzone line-band withdrawal a=50000.000 b=30000.250 d=0.000 side=- "
                            "region=\"Test region\" boundary=\"\" name=\"Artillery\"\nregion\npolygon\nring\n"));
}

/* The same proposal built another way: features in another order, swap
 * rings starting elsewhere and turning the other way, other names. */
static void
test_independent_of_order_and_names (void)
{
  g_autoptr (DmDocument) a = make_rich_document ();
  g_autoptr (DmDocument) b = dm_document_new ();
  GPtrArray *features = dm_document_get_proposal_features (a, 0);
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  for (guint i = features->len; i-- > 0;)
    {
      DmFeature *f = g_ptr_array_index (features, i);
      g_autoptr (DmGeometry) g = dm_geometry_copy (dm_feature_get_geometry (f));
      g_autoptr (DmFeature) copy = NULL;

      if (dm_feature_get_role (f) == DM_ROLE_LAND_SWAP)
        {
          /* Reverse and rotate the outer ring. */
          g_autoptr (DmGeometry) turned = dm_geometry_new (DM_GEOMETRY_POLYGON);
          guint n;
          const double *xy = dm_geometry_get_ring (g, 0, 0, &n);
          g_autofree double *r = g_new (double, 2 * n);

          for (guint k = 0; k < n; k++)
            {
              guint src = (n - k + 2) % n;

              r[2 * k] = xy[2 * src];
              r[2 * k + 1] = xy[2 * src + 1];
            }
          dm_geometry_begin_part (turned);
          dm_geometry_add_ring (turned, r, n);
          for (guint h = 1; h < dm_geometry_get_n_rings (g, 0); h++)
            {
              const double *hxy = dm_geometry_get_ring (g, 0, h, &n);

              dm_geometry_add_ring (turned, hxy, n);
            }
          copy = dm_feature_new_land_swap ("renamed", g_steal_pointer (&turned), dm_feature_get_from_side (f),
                                           dm_feature_get_to_side (f));
        }
      else
        copy = dm_feature_new (dm_feature_get_role (f), "another name", g_steal_pointer (&g));
      dm_document_add_feature (b, copy);
    }
  for (guint i = dm_document_get_n_zone_rules (a); i-- > 0;)
    dm_document_add_zone_rule (b, dm_zone_rule_copy (dm_document_get_zone_rule (a, i)));
  copy_sides (a, b);

  fa = fp (a);
  fb = fp (b);
  g_assert_cmpstr (fa, ==, fb);
}

/* Rounding to 7 decimals, as GeoJSON and KML exports do, keeps it. */
static void
test_rounding_keeps_it (void)
{
  g_autoptr (DmDocument) a = make_rich_document ();
  g_autoptr (DmDocument) b = dm_document_new ();
  GPtrArray *features = dm_document_get_proposal_features (a, 0);
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);
      g_autoptr (DmGeometry) g = dm_geometry_copy (dm_feature_get_geometry (f));
      g_autoptr (DmFeature) copy = NULL;

      for (guint k = 0; k < dm_geometry_get_n_points (g); k++)
        {
          double lon, lat;
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          dm_geometry_get_point (g, k, &lon, &lat);
          lon = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.7f", lon), NULL);
          lat = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.7f", lat), NULL);
          dm_geometry_set_point (g, k, lon, lat);
        }
      copy = dm_feature_get_role (f) == DM_ROLE_LAND_SWAP
               ? dm_feature_new_land_swap (NULL, g_steal_pointer (&g), dm_feature_get_from_side (f),
                                           dm_feature_get_to_side (f))
               : dm_feature_new (dm_feature_get_role (f), NULL, g_steal_pointer (&g));
      dm_document_add_feature (b, copy);
    }
  for (guint i = 0; i < dm_document_get_n_zone_rules (a); i++)
    dm_document_add_zone_rule (b, dm_zone_rule_copy (dm_document_get_zone_rule (a, i)));
  copy_sides (a, b);
  fa = fp (a);
  fb = fp (b);
  g_assert_cmpstr (fa, ==, fb);
}

/* What changes the agreement changes the fingerprint. */
static void
test_changes (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autofree char *before = fp (doc);
  g_autofree char *moved = NULL;
  g_autofree char *widened = NULL;
  g_autofree char *swapped = NULL;
  g_autofree char *reversed = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *other = NULL;
  DmFeature *line = dm_document_get_contact_line (doc);
  guint id = dm_feature_get_id (line);
  g_autoptr (DmZoneRule) rule = dm_zone_rule_copy (dm_document_get_zone_rule (doc, 0));
  g_autoptr (GPtrArray) swaps = dm_document_list_features (doc, DM_ROLE_LAND_SWAP);
  double lon, lat;

  /* A line's name and the sides' colours are not the agreement. */
  dm_document_set_feature_name (doc, id, "Renamed");
  dm_document_set_side (doc, DM_SIDE_A, dm_document_get_side_name (doc, DM_SIDE_A), "#00ff00");
  renamed = fp (doc);
  g_assert_cmpstr (renamed, ==, before);
  /* Who the sides are is: a round trip that lost their names (and with
   * them the territory figures) must not keep the fingerprint. */
  {
    g_autofree char *side_renamed = NULL;

    dm_document_set_side (doc, DM_SIDE_A, "Side one", "#00ff00");
    side_renamed = fp (doc);
    g_assert_cmpstr (side_renamed, !=, before);
    g_assert_true (dm_document_undo (doc));
  }
  /* A zone's region under the same name but another shape (a broken
   * round trip) changes it too. */
  {
    const double square[] = { 37.0, 47.0, 38.0, 47.0, 38.0, 48.0, 37.0, 48.0 };
    g_autoptr (DmZoneRule) with_region = dm_zone_rule_copy (dm_document_get_zone_rule (doc, 0));
    g_autoptr (DmZoneRule) reshaped = NULL;
    g_autofree char *f1 = NULL, *f2 = NULL;

    g_clear_pointer (&with_region->region, dm_geometry_free);
    with_region->region = dm_geometry_new_polygon (square, 4);
    reshaped = dm_zone_rule_copy (with_region);
    dm_geometry_set_point (reshaped->region, 0, 37.01, 47.0);
    dm_document_set_zone_rule (doc, 0, g_steal_pointer (&with_region));
    f1 = fp (doc);
    dm_document_seal_undo (doc);
    dm_document_set_zone_rule (doc, 0, g_steal_pointer (&reshaped));
    f2 = fp (doc);
    g_assert_cmpstr (f1, !=, before);
    g_assert_cmpstr (f2, !=, f1);
    g_assert_true (dm_document_undo (doc));
    g_assert_true (dm_document_undo (doc));
    g_free (f1);
    f1 = fp (doc);
    g_assert_cmpstr (f1, ==, before);
  }

  dm_geometry_get_point (dm_feature_get_geometry (line), 5, &lon, &lat);
  dm_document_move_vertex (doc, id, 5, lon + 2e-7, lat);
  moved = fp (doc);
  g_assert_cmpstr (moved, !=, before);
  g_assert_true (dm_document_undo (doc));

  rule->width_a_m += 0.01;
  dm_document_set_zone_rule (doc, 0, g_steal_pointer (&rule));
  widened = fp (doc);
  g_assert_cmpstr (widened, !=, before);
  g_assert_true (dm_document_undo (doc));

  dm_document_set_swap_sides (doc, dm_feature_get_id (g_ptr_array_index (swaps, 0)), DM_SIDE_B, DM_SIDE_A);
  swapped = fp (doc);
  g_assert_cmpstr (swapped, !=, before);
  g_assert_true (dm_document_undo (doc));

  /* Reversing the line swaps the sides. */
  dm_document_reverse_line (doc, id);
  reversed = fp (doc);
  g_assert_cmpstr (reversed, !=, before);
  g_assert_true (dm_document_undo (doc));

  g_free (renamed);
  renamed = fp (doc);
  g_assert_cmpstr (renamed, ==, before);
  other = dm_fingerprint_compute (doc, 1);
  g_assert_cmpstr (other, !=, before);
}

/* The quick rounding writes what printf writes, ties and signs included,
 * and reads back as strtod reads that. */
static void
test_round_coord_as_printf (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  guint n = 0;

  for (guint i = 0; i < 400000; i++)
    {
      double v, want_back, got_back;
      char want[G_ASCII_DTOSTR_BUF_SIZE], got[G_ASCII_DTOSTR_BUF_SIZE];

      switch (i % 4)
        {
        case 0: /* anywhere on Earth */
          v = g_rand_double_range (rand, -180, 180);
          break;
        case 1: /* ties of the 8th decimal that a double holds exactly: k/2⁸ (and
                 * their neighbours) */
          v = g_rand_int_range (rand, -46080, 46080) / 256.0;
          v = (i / 4) % 3 == 0 ? v : (i / 4) % 3 == 1 ? nextafter (v, 1e9) : nextafter (v, -1e9);
          break;
        case 2: /* a few decimals, as typed or imported */
          v = g_rand_int_range (rand, -18000000, 18000000) / 1e5 + g_rand_int_range (rand, -1, 2) * 5e-8;
          break;
        default: /* tiny, both signs */
          v = g_rand_double_range (rand, -1e-6, 1e-6);
          break;
        }
      g_ascii_formatd (want, sizeof want, "%.7f", v);
      if (strcmp (want, "-0.0000000") == 0)
        strcpy (want, "0.0000000");
      want_back = g_ascii_strtod (want, NULL);
      dm_fingerprint_round_coord (v, got, &got_back);
      if (strcmp (got, want) != 0 || got_back != want_back)
        g_error ("%.17g: “%s” (%.17g), printf “%s” (%.17g)", v, got, got_back, want, want_back);
      n++;
    }
  g_assert_cmpuint (n, ==, 400000);
}

/* A line of @n vertices from @xy cut into parts at @cuts (ascending). */
static DmGeometry *
line_in_parts (const double *xy, guint n, const guint *cuts, guint n_cuts)
{
  DmGeometry *g = dm_geometry_new (n_cuts > 0 ? DM_GEOMETRY_MULTILINESTRING : DM_GEOMETRY_LINESTRING);
  guint from = 0;

  for (guint c = 0; c <= n_cuts; c++)
    {
      guint to = c < n_cuts ? cuts[c] : n;

      dm_geometry_begin_part (g);
      dm_geometry_add_ring (g, xy + 2 * from, to - from);
      from = to;
    }
  return g;
}

/* The engine's kept fingerprint after every kind of edit equals one made
 * from nothing: moves anywhere (ends too), vertices added and removed,
 * parts split and joined, the sides renamed, swaps and rules changed; a
 * move in the middle keeps the text of the rest. */
static void
test_cached_equals_fresh (void)
{
  g_autoptr (DmGeometry) start = dm_bench_make_front_line (30000, 3, 0);
  g_autoptr (DmFingerprintCache) cache = dm_fingerprint_cache_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (1207);
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint));
  const double square[] = { 35.0, 47.0, 35.1, 47.0, 35.1, 47.1, 35.0, 47.1 };
  g_autoptr (DmGeometry) swap_shape = dm_geometry_new_polygon (square, 4);
  DmZoneRule *rules[1] = { dm_zone_rule_new_default_dmz () };
  const char *names[2][2] = { { "Ukraine", "Russia" }, { "Україна", "Russia" } };
  guint mid_moves = 0;

  g_array_append_vals (xy, dm_geometry_get_coords (start), 2 * dm_geometry_get_n_points (start));
  for (guint step = 0; step < 120; step++)
    {
      guint n = xy->len / 2, kind = g_rand_int_range (rand, 0, 8), v = g_rand_int_range (rand, 0, n);
      g_autoptr (DmGeometry) line = NULL;
      g_autofree char *cached = NULL, *fresh = NULL;
      DmFingerprintSwap swap = { swap_shape, DM_SIDE_A, DM_SIDE_B };
      gboolean with_swap = step % 7 == 3, renamed = step % 11 == 5, no_rules = step % 13 == 7;

      switch (kind)
        {
        case 0: /* a vertex added */
          {
            double p[2] = { g_array_index (xy, double, 2 * v) + 1e-4, g_array_index (xy, double, 2 * v + 1) };

            g_array_insert_vals (xy, 2 * v, p, 2);
            for (guint c = 0; c < cuts->len; c++)
              g_array_index (cuts, guint, c) += g_array_index (cuts, guint, c) > v;
          }
          break;
        case 1: /* one removed */
          if (n > 100 && (cuts->len == 0 || g_array_index (cuts, guint, 0) > v + 3))
            g_array_remove_range (xy, 2 * v, 2);
          break;
        case 2: /* a part split off */
          if (cuts->len == 0 && v > 10 && v + 10 < n)
            g_array_append_val (cuts, v);
          break;
        case 3: /* parts joined */
          g_array_set_size (cuts, 0);
          break;
        case 4: /* an end moved */
          v = g_rand_boolean (rand) ? 0 : n - 1;
          G_GNUC_FALLTHROUGH;
        default: /* a move */
          g_array_index (xy, double, 2 * v) += g_rand_double_range (rand, -0.01, 0.01);
          g_array_index (xy, double, 2 * v + 1) += g_rand_double_range (rand, -0.01, 0.01);
          mid_moves += kind > 4 && v > n / 10 && v < n - n / 10;
          break;
        }
      line = line_in_parts ((const double *) (gpointer) xy->data, xy->len / 2, (const guint *) (gpointer) cuts->data,
                            cuts->len);
      cached = dm_fingerprint_compute_cached (cache, names[renamed], line, &swap, with_swap, rules, !no_rules);
      fresh = dm_fingerprint_compute_from (names[renamed], line, &swap, with_swap, rules, !no_rules);
      g_assert_cmpstr (cached, ==, fresh);
      /* A move away from the ends, the sides as before: the rest kept. */
      if (kind > 4 && !renamed && step > 0 && v > 0 && v + 1 < n && step % 11 != 6)
        g_assert_cmpuint (dm_fingerprint_cache_get_n_reused (cache), >=, xy->len / 2 - 1);
    }
  g_assert_cmpuint (mid_moves, >, 20);
  dm_zone_rule_free (rules[0]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fingerprint/format", test_format);
  g_test_add_func ("/fingerprint/round-coord-as-printf", test_round_coord_as_printf);
  g_test_add_func ("/fingerprint/independent-of-order-and-names", test_independent_of_order_and_names);
  g_test_add_func ("/fingerprint/rounding-keeps-it", test_rounding_keeps_it);
  g_test_add_func ("/fingerprint/changes", test_changes);
  g_test_add_func ("/fingerprint/cached-equals-fresh", test_cached_equals_fresh);
  return g_test_run ();
}
