/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-analytics"

#include "config.h"

#include <geos_c.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-analytics.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-analytics-error-quark, dm_analytics_error)
/* clang-format on */

/* Below this share of a swap's area on the other side of the line, the
 * line only grazes it (a shared edge digitised twice): not straddling. */
#define STRADDLE_MIN_SHARE 0.001

static int
side_index (DmSide side)
{
  return side == DM_SIDE_A ? 0 : 1;
}

/* ---- Land swaps -------------------------------------------------------- */

void
dm_swap_sides (const DmSwapFigures *figures, DmSide from, DmSide to, DmSide *giver, DmSide *receiver)
{
  DmSide g = figures != NULL ? figures->giver : from;
  DmSide r = figures != NULL ? figures->receiver : to;

  if (g == DM_SIDE_NONE)
    g = DM_SIDE_A;
  if (r == DM_SIDE_NONE)
    r = dm_side_opposite (g);
  *giver = g;
  *receiver = r;
}

void
dm_swap_figures_free (DmSwapFigures *figures)
{
  if (figures == NULL)
    return;
  g_free (figures->name);
  g_free (figures->note);
  g_clear_pointer (&figures->geometry, dm_geometry_free);
  g_clear_pointer (&figures->settlements, dm_settlements_free);
  g_free (figures);
}

DmSwapFigures *
dm_swap_figures_compute (const DmGeometry *line,
                         const DmGeometry *swap,
                         guint feature_id,
                         const char *name,
                         DmSide giver,
                         DmSide receiver)
{
  DmSwapFigures *f;

  g_return_val_if_fail (swap != NULL, NULL);

  f = g_new0 (DmSwapFigures, 1);
  f->feature_id = feature_id;
  f->name = g_strdup (name);
  f->geometry = dm_geometry_copy (swap);
  f->area_m2 = dm_geodesy_geometry_area_m2 (swap);

  if (line != NULL && f->area_m2 > 0)
    {
      g_autoptr (DmGeometry) on_a = NULL;
      g_autoptr (DmGeometry) on_b = NULL;

      /* No extension: a swap is split only where the line crosses it. */
      if (dm_sides_split_region (line, swap, 0.0, &on_a, &on_b, NULL))
        {
          f->area_on_a_m2 = on_a != NULL ? dm_geodesy_geometry_area_m2 (on_a) : 0;
          f->area_on_b_m2 = on_b != NULL ? dm_geodesy_geometry_area_m2 (on_b) : 0;
        }
      f->straddles = MIN (f->area_on_a_m2, f->area_on_b_m2) > STRADDLE_MIN_SHARE * f->area_m2;
    }

  if (giver == DM_SIDE_A || giver == DM_SIDE_B)
    {
      f->giver = giver;
      f->receiver = receiver == DM_SIDE_A || receiver == DM_SIDE_B ? receiver : dm_side_opposite (giver);
    }
  else if (receiver == DM_SIDE_A || receiver == DM_SIDE_B)
    {
      f->receiver = receiver;
      f->giver = dm_side_opposite (receiver);
    }
  else
    {
      /* The side the land lies on gives it; a straddling swap goes by
       * the majority of its area. */
      f->giver = f->area_on_a_m2 >= f->area_on_b_m2 ? DM_SIDE_A : DM_SIDE_B;
      f->receiver = dm_side_opposite (f->giver);
      f->inferred = TRUE;
    }

  if (line == NULL)
    f->transfer_m2 = f->area_m2;
  else
    f->transfer_m2 = f->giver == DM_SIDE_A ? f->area_on_a_m2 : f->area_on_b_m2;

  if (f->straddles || (!f->inferred && line != NULL && f->transfer_m2 < 0.5 * f->area_m2))
    {
      double on_giver = f->transfer_m2;
      g_autofree char *pct = dm_format_percent (on_giver / f->area_m2);
      g_autofree char *moved = dm_format_area (on_giver, DM_AREA_KM2);

      if (f->inferred)
        /* Translators: a land swap the contact line crosses; “72.5 %”, a side letter, the same letter, “506 km²” */
        f->note = g_strdup_printf (_ ("The contact line crosses this swap: %s of it lies on side %s, so side %s "
                                      "is taken as the giver; only that part (%s) changes hands."),
                                   pct, dm_side_to_letter (f->giver), dm_side_to_letter (f->giver), moved);
      else
        /* Translators: “27.5 %”, a side letter, “506 km²” */
        f->note = g_strdup_printf (_ ("Only %s of this swap lies on side %s, its giver; only that part (%s) "
                                      "changes hands, the rest is the receiver's already."),
                                   pct, dm_side_to_letter (f->giver), moved);
    }
  return f;
}

void
dm_swap_balance_compute (GPtrArray *swaps, DmSwapBalance *balance)
{
  g_return_if_fail (swaps != NULL);
  g_return_if_fail (balance != NULL);

  memset (balance, 0, sizeof *balance);
  for (guint i = 0; i < swaps->len; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);

      balance->gives_m2[side_index (f->giver)] += f->transfer_m2;
      balance->gets_m2[side_index (f->receiver)] += f->transfer_m2;
      balance->people_gives[side_index (f->giver)] += f->moved_population;
      balance->people_gets[side_index (f->receiver)] += f->moved_population;
    }
  for (guint s = 0; s < 2; s++)
    {
      balance->net_m2[s] = balance->gets_m2[s] - balance->gives_m2[s];
      balance->people_net[s] = balance->people_gets[s] - balance->people_gives[s];
    }
  balance->ratio_a = balance->gives_m2[0] > 0 ? balance->gets_m2[0] / balance->gives_m2[0] : 0;
  balance->ratio_b = balance->gives_m2[1] > 0 ? balance->gets_m2[1] / balance->gives_m2[1] : 0;
}

/* ---- Territory --------------------------------------------------------- */

/* The two sides' shapes, shared by a territory and its copies. */
typedef struct {
  DmGeometry *side[2];
} Shapes;

static void
shapes_clear (gpointer data)
{
  Shapes *shapes = data;

  for (guint s = 0; s < 2; s++)
    g_clear_pointer (&shapes->side[s], dm_geometry_free);
}

void
dm_territory_free (DmTerritory *territory)
{
  if (territory == NULL)
    return;
  g_free (territory->region_name);
  if (territory->shapes != NULL)
    g_atomic_rc_box_release_full (territory->shapes, shapes_clear);
  else
    for (guint s = 0; s < 2; s++)
      g_clear_pointer (&territory->side_geometry[s], dm_geometry_free);
  g_clear_pointer (&territory->regions, g_ptr_array_unref);
  g_free (territory);
}

static double geos_area_m2 (GEOSContextHandle_t ctx, const GEOSGeometry *g);
static int compare_regions (gconstpointer a, gconstpointer b, gpointer user_data);

static void
territory_region_free (gpointer data)
{
  DmTerritoryRegion *r = data;

  g_free (r->code);
  g_free (r->name);
  g_free (r);
}

void
dm_territory_update_shares (DmTerritory *t)
{
  g_return_if_fail (t != NULL);

  for (guint s = 0; s < 2; s++)
    {
      t->share_side[s] = t->area_m2 > 0 ? t->area_m2_side[s] / t->area_m2 : 0.0;
      t->after_swaps_share_side[s] = t->area_m2 > 0 ? t->after_swaps_m2_side[s] / t->area_m2 : 0.0;
    }
  if (t->regions == NULL)
    return;
  for (guint i = 0; i < t->regions->len; i++)
    {
      DmTerritoryRegion *r = g_ptr_array_index (t->regions, i);

      for (guint s = 0; s < 2; s++)
        r->share_side[s] = r->area_m2 > 0 ? r->area_m2_side[s] / r->area_m2 : 0.0;
    }
  g_ptr_array_sort_with_data (t->regions, compare_regions,
                              GUINT_TO_POINTER (t->area_m2_side[0] <= t->area_m2_side[1] ? 0 : 1));
}

DmTerritory *
dm_territory_copy (const DmTerritory *territory)
{
  DmTerritory *t;

  g_return_val_if_fail (territory != NULL, NULL);

  t = g_memdup2 (territory, sizeof *t);
  t->region_name = g_strdup (territory->region_name);
  if (territory->shapes != NULL)
    t->shapes = g_atomic_rc_box_acquire (territory->shapes);
  else
    for (guint s = 0; s < 2; s++)
      t->side_geometry[s] = territory->side_geometry[s] != NULL ? dm_geometry_copy (territory->side_geometry[s]) : NULL;
  if (territory->regions != NULL)
    {
      t->regions = g_ptr_array_new_full (territory->regions->len, territory_region_free);
      for (guint i = 0; i < territory->regions->len; i++)
        {
          DmTerritoryRegion *r = g_memdup2 (g_ptr_array_index (territory->regions, i), sizeof (DmTerritoryRegion));

          r->code = g_strdup (r->code);
          r->name = g_strdup (r->name);
          g_ptr_array_add (t->regions, r);
        }
    }
  return t;
}

static int
compare_regions (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const DmTerritoryRegion *ra = *(DmTerritoryRegion **) a, *rb = *(DmTerritoryRegion **) b;
  guint side = GPOINTER_TO_UINT (user_data);

  return (rb->area_m2_side[side] > ra->area_m2_side[side]) - (rb->area_m2_side[side] < ra->area_m2_side[side]);
}

char *
dm_territory_region_describe (const DmTerritoryRegion *r, const char *const side_names[2], DmAreaUnit unit)
{
  g_autofree char *total = NULL, *a = NULL, *b = NULL, *sa = NULL, *sb = NULL;

  g_return_val_if_fail (r != NULL, NULL);

  total = dm_format_area (r->area_m2, unit);
  a = dm_format_area (r->area_m2_side[0], unit);
  b = dm_format_area (r->area_m2_side[1], unit);
  sa = dm_format_percent (r->share_side[0]);
  sb = dm_format_percent (r->share_side[1]);
  /* Translators: "Donetsk (26,517 km²): Ukraine 5,812 km² (21.9 %), Russia 20,705 km² (78.1 %)" */
  return g_strdup_printf (_ ("%s (%s): %s %s (%s), %s %s (%s)"), r->name != NULL ? r->name : r->code, total,
                          side_names[0], a, sa, side_names[1], b, sb);
}

static void
region_area_clear (gpointer data)
{
  DmRegionArea *a = data;

  g_free (a->code);
  g_free (a->name);
}

static int
compare_region_areas (gconstpointer a, gconstpointer b)
{
  double x = ((const DmRegionArea *) a)->area_m2, y = ((const DmRegionArea *) b)->area_m2;

  return (x < y) - (x > y);
}

GArray *
dm_area_by_region (const DmGeometry *area, const DmRegionInfo *regions, guint n_regions)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeosGeometry) area_g = NULL;
  GArray *out = g_array_new (FALSE, TRUE, sizeof (DmRegionArea));
  double box[4];

  g_array_set_clear_func (out, region_area_clear);
  g_return_val_if_fail (regions != NULL || n_regions == 0, out);
  if (area == NULL || dm_geometry_is_empty (area) || (area_g = dm_geometry_to_geos (ctx, area)) == NULL)
    return out;
  dm_geometry_get_extent (area, &box[0], &box[1], &box[2], &box[3]);
  for (guint i = 0; i < n_regions; i++)
    {
      g_autoptr (DmGeosGeometry) rg = NULL, near = NULL, part = NULL;
      double rb[4], m2;

      if (regions[i].geometry == NULL || !dm_geometry_is_polygonal (regions[i].geometry))
        continue;
      dm_geometry_get_extent (regions[i].geometry, &rb[0], &rb[1], &rb[2], &rb[3]);
      if (rb[0] > box[2] || rb[2] < box[0] || rb[1] > box[3] || rb[3] < box[1])
        continue;
      /* Only the region's part near the area is overlaid (Russia is a
       * world of vertices; a band along its western border is not). */
      if ((rg = dm_geometry_to_geos (ctx, regions[i].geometry)) == NULL ||
          (near = GEOSClipByRect_r (ctx, rg, box[0], box[1], box[2], box[3])) == NULL || GEOSisEmpty_r (ctx, near) ||
          (part = GEOSIntersection_r (ctx, near, area_g)) == NULL)
        continue;
      m2 = geos_area_m2 (ctx, part);
      if (m2 >= 1e5)
        {
          DmRegionArea a = { g_strdup (regions[i].code), g_strdup (regions[i].name), m2 };

          g_array_append_val (out, a);
        }
    }
  g_array_sort (out, compare_region_areas);
  return out;
}

void
dm_territory_add_regions (DmTerritory *t, const DmRegionInfo *regions, guint n_regions)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeosGeometry) minority_g = NULL;
  const DmGeometry *minority;
  guint less;
  double box[4];

  g_return_if_fail (t != NULL);

  g_clear_pointer (&t->regions, g_ptr_array_unref);
  t->regions = g_ptr_array_new_with_free_func (territory_region_free);
  /* Where the side holding less of the whole holds land: its polygons are
   * the smaller to intersect. */
  less = t->area_m2_side[0] <= t->area_m2_side[1] ? 0 : 1;
  minority = t->side_geometry[less];
  if (minority == NULL || dm_geometry_is_empty (minority) || (minority_g = dm_geometry_to_geos (ctx, minority)) == NULL)
    return;
  dm_geometry_get_extent (minority, &box[0], &box[1], &box[2], &box[3]);

  for (guint i = 0; i < n_regions; i++)
    {
      double rb[4], held_m2, area;
      g_autoptr (DmGeosGeometry) rg = NULL, part = NULL;
      DmTerritoryRegion *r;

      if (regions[i].geometry == NULL || !dm_geometry_is_polygonal (regions[i].geometry))
        continue;
      dm_geometry_get_extent (regions[i].geometry, &rb[0], &rb[1], &rb[2], &rb[3]);
      if (rb[0] > box[2] || rb[2] < box[0] || rb[1] > box[3] || rb[3] < box[1])
        continue;
      if ((rg = dm_geometry_to_geos (ctx, regions[i].geometry)) == NULL)
        continue;
      area = dm_geodesy_geometry_area_m2 (regions[i].geometry);
      /* Only the holding's part in the region's box is overlaid. */
      {
        g_autoptr (DmGeosGeometry) near = GEOSClipByRect_r (ctx, minority_g, rb[0], rb[1], rb[2], rb[3]);

        if (near == NULL || GEOSisEmpty_r (ctx, near) || (part = GEOSIntersection_r (ctx, near, rg)) == NULL)
          continue;
        held_m2 = geos_area_m2 (ctx, part);
      }
      /* A hair of shared edge is not a holding. */
      if (held_m2 < 1e5)
        continue;
      r = g_new0 (DmTerritoryRegion, 1);
      r->code = g_strdup (regions[i].code);
      r->name = g_strdup (regions[i].name);
      r->area_m2 = area;
      r->area_m2_side[less] = MIN (held_m2, area);
      r->area_m2_side[1 - less] = area - r->area_m2_side[less];
      for (guint s = 0; s < 2; s++)
        r->share_side[s] = area > 0 ? r->area_m2_side[s] / area : 0.0;
      g_ptr_array_add (t->regions, r);
    }
  g_ptr_array_sort_with_data (t->regions, compare_regions, GUINT_TO_POINTER (less));
}

static double
geos_area_m2 (GEOSContextHandle_t ctx, const GEOSGeometry *g)
{
  g_autoptr (DmGeometry) d = NULL;

  if (g == NULL || GEOSisEmpty_r (ctx, g))
    return 0;
  d = dm_geometry_from_geos (ctx, g);
  return d != NULL ? dm_geodesy_geometry_area_m2 (d) : 0;
}

static GEOSGeometry *
to_valid_geos (GEOSContextHandle_t ctx, const DmGeometry *g)
{
  g_autoptr (DmGeosGeometry) raw = dm_geometry_to_geos (ctx, g);

  if (raw == NULL)
    return NULL;
  if (GEOSisValid_r (ctx, raw) == 1)
    return g_steal_pointer (&raw);
  return dm_geos_make_valid (ctx, raw, NULL);
}

/*
 * Applies the swaps to the split: after[s] = side s − what swaps take from
 * it + what they give it.  Working on each swap's piece (its part of the
 * region not covered by a later swap) keeps overlapping swaps from being
 * counted twice and needs overlays only against small polygons.
 */
static gboolean
apply_swaps (DmTerritory *t, const DmGeometry *region, GPtrArray *swaps, GError **error)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeosGeometry) region_g = NULL;
  g_autoptr (DmGeosGeometry) side_a_g = NULL;
  g_autoptr (DmGeosGeometry) covered = NULL;
  const GEOSPreparedGeometry *region_p = NULL;

  for (guint s = 0; s < 2; s++)
    t->after_swaps_m2_side[s] = t->area_m2_side[s];
  if (swaps == NULL || swaps->len == 0)
    return TRUE;

  region_g = to_valid_geos (ctx, region);
  side_a_g = t->side_geometry[0] != NULL && !dm_geometry_is_empty (t->side_geometry[0])
               ? dm_geometry_to_geos (ctx, t->side_geometry[0])
               : NULL;
  if (region_g == NULL)
    goto fail;
  region_p = GEOSPrepare_r (ctx, region_g);

  /* The last swap decides where swaps overlap: walk backwards. */
  for (guint i = swaps->len; i-- > 0;)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);
      g_autoptr (DmGeosGeometry) swap_g = NULL;
      g_autoptr (DmGeosGeometry) moved = NULL;
      g_autoptr (DmGeosGeometry) piece = NULL;
      double piece_m2, on_a_m2 = 0;

      if (f->geometry == NULL)
        {
          /* Figures made without a polygon: move the whole area. */
          t->after_swaps_m2_side[side_index (f->giver)] -= f->transfer_m2;
          t->after_swaps_m2_side[side_index (f->receiver)] += f->transfer_m2;
          t->swapped_m2 += f->transfer_m2;
          continue;
        }
      if (!dm_geometry_is_polygonal (f->geometry) || dm_geometry_is_empty (f->geometry))
        continue;
      if ((swap_g = to_valid_geos (ctx, f->geometry)) == NULL)
        goto fail;
      if (!GEOSPreparedIntersects_r (ctx, region_p, swap_g))
        continue;
      if ((moved = GEOSIntersection_r (ctx, swap_g, region_g)) == NULL)
        goto fail;
      piece = covered != NULL ? GEOSDifference_r (ctx, moved, covered) : GEOSGeom_clone_r (ctx, moved);
      if (piece == NULL)
        goto fail;
      {
        GEOSGeometry *u = covered != NULL ? GEOSUnion_r (ctx, covered, moved) : GEOSGeom_clone_r (ctx, moved);

        if (u == NULL)
          goto fail;
        g_clear_pointer (&covered, dm_geos_geometry_free);
        covered = u;
      }

      piece_m2 = geos_area_m2 (ctx, piece);
      if (side_a_g != NULL)
        {
          g_autoptr (DmGeosGeometry) on_a = GEOSIntersection_r (ctx, piece, side_a_g);

          if (on_a == NULL)
            goto fail;
          on_a_m2 = geos_area_m2 (ctx, on_a);
        }
      /* The piece leaves the side(s) it was on and goes to the receiver. */
      t->after_swaps_m2_side[0] -= on_a_m2;
      t->after_swaps_m2_side[1] -= piece_m2 - on_a_m2;
      t->after_swaps_m2_side[side_index (f->receiver)] += piece_m2;
      t->swapped_m2 += f->receiver == DM_SIDE_A ? piece_m2 - on_a_m2 : on_a_m2;
    }
  GEOSPreparedGeom_destroy_r (ctx, region_p);
  return TRUE;

fail:
  if (region_p != NULL)
    GEOSPreparedGeom_destroy_r (ctx, region_p);
  g_set_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_FAILED,
               _ ("The land swaps could not be applied to the territory (%s); check the swaps for "
                  "self-intersections."),
               dm_geos_last_error () != NULL ? dm_geos_last_error () : _ ("geometry engine failure"));
  return FALSE;
}

DmTerritory *
dm_territory_compute_full (const DmGeometry *line,
                           const DmGeometry *region,
                           const char *region_name,
                           GPtrArray *swaps,
                           double extend_tolerance_m,
                           GError **error)
{
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *label;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  label = region_name != NULL ? region_name : _ ("the region");
  if (!dm_geometry_is_polygonal (region))
    {
      g_set_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_INVALID,
                   _ ("Only an area (a polygon) can be divided between the sides; %s is not one."), label);
      return NULL;
    }
  if (dm_geometry_is_empty (region) || dm_geodesy_geometry_area_m2 (region) <= 0)
    {
      g_set_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_EMPTY_REGION,
                   _ ("There is no territory to divide: %s has no area."), label);
      return NULL;
    }

  t = g_new0 (DmTerritory, 1);
  if (!dm_sides_split_region (line, region, MAX (extend_tolerance_m, 0.0), &t->side_geometry[0], &t->side_geometry[1],
                              &local_error))
    {
      g_set_error_literal (error, DM_ANALYTICS_ERROR,
                           g_error_matches (local_error, DM_SIDES_ERROR, DM_SIDES_ERROR_INVALID)
                             ? DM_ANALYTICS_ERROR_INVALID
                             : DM_ANALYTICS_ERROR_FAILED,
                           local_error->message);
      return NULL;
    }

  t->region_name = g_strdup (region_name);
  t->side_geometry_current = TRUE;
  {
    Shapes *shapes = g_atomic_rc_box_new0 (Shapes);

    for (guint s = 0; s < 2; s++)
      shapes->side[s] = t->side_geometry[s];
    t->shapes = shapes;
  }
  for (guint s = 0; s < 2; s++)
    t->area_m2_side[s] = t->side_geometry[s] != NULL ? dm_geodesy_geometry_area_m2 (t->side_geometry[s]) : 0;
  t->area_m2 = t->area_m2_side[0] + t->area_m2_side[1];

  /* A whole region on one side is a line that misses it or stops inside
   * it: reporting 100 % to one side would be a wrong figure, not a
   * finding. */
  if (t->area_m2_side[0] <= 0 || t->area_m2_side[1] <= 0)
    {
      g_autofree char *tol = dm_format_length (extend_tolerance_m, DM_LENGTH_KM);

      g_set_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_NOT_DIVIDED,
                   _ ("The contact line does not divide %s: it does not cross it, or its ends stop more "
                      "than %s short of the border or coast. Extend the line to the edge of the region."),
                   label, tol);
      return NULL;
    }

  if (!apply_swaps (t, region, swaps, error))
    return NULL;
  dm_territory_update_shares (t);
  return g_steal_pointer (&t);
}

DmTerritory *
dm_territory_compute (const DmGeometry *line,
                      const DmGeometry *region,
                      const char *region_name,
                      GPtrArray *swaps,
                      GError **error)
{
  return dm_territory_compute_full (line, region, region_name, swaps, DM_TERRITORY_EXTEND_TOLERANCE_M, error);
}

/* ---- Settlements ------------------------------------------------------- */

void
dm_settlements_free (DmSettlements *settlements)
{
  if (settlements == NULL)
    return;
  g_clear_pointer (&settlements->names, g_ptr_array_unref);
  g_free (settlements);
}

/* The zone's ring edges in horizontal bands, for point-in-zone tests by
 * crossing parity: pieces are disjoint (they meet only along tile edges,
 * counted half-open, so a point there is inside once), so a point is
 * inside the zone when a ray from it crosses an odd number of edges.
 * Without a conversion to GEOS and a prepared geometry on every
 * revision, a drag's settlement count costs a fraction of a millisecond. */
typedef struct {
  double x0, y0, x1, y1;
} Edge;

typedef struct {
  GArray *edges; /* Edge */
  double min_x, max_x;
  double min_y, max_y, band_h;
  guint n_bands;
  guint *band_start; /* n_bands + 1 offsets into band_edges */
  guint *band_edges; /* edge indices */
} EdgeIndex;

static void
collect_edges (const double *xy, guint n_points, gboolean is_hole, gpointer user_data)
{
  GArray *edges = user_data;

  for (guint i = 0; i < n_points; i++)
    {
      guint j = (i + 1) % n_points;
      Edge e = { xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1] };

      if (e.y0 != e.y1)
        g_array_append_val (edges, e);
    }
}

static guint
band_of (const EdgeIndex *ix, double y)
{
  double b = floor ((y - ix->min_y) / ix->band_h);

  return (guint) CLAMP (b, 0, (double) ix->n_bands - 1);
}

static void edge_index_build (EdgeIndex *ix);

static void
edge_index_init (EdgeIndex *ix, DmZoneResult *zone)
{
  ix->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  /* DM_SIDE_NONE: every piece, sided or not. */
  dm_zone_result_foreach_ring (zone, DM_SIDE_NONE, collect_edges, ix->edges);
  edge_index_build (ix);
}

/* Every ring of a polygonal @area (nothing for other geometries). */
static void
edge_index_init_area (EdgeIndex *ix, const DmGeometry *area)
{
  ix->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (guint p = 0; area != NULL && dm_geometry_is_polygonal (area) && p < dm_geometry_get_n_parts (area); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (area, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (area, p, r, &n);

        collect_edges (xy, n, r > 0, ix->edges);
      }
  edge_index_build (ix);
}

static void
edge_index_build (EdgeIndex *ix)
{
  guint *fill;

  ix->min_x = ix->min_y = G_MAXDOUBLE;
  ix->max_x = -G_MAXDOUBLE;
  ix->max_y = -G_MAXDOUBLE;
  for (guint i = 0; i < ix->edges->len; i++)
    {
      const Edge *e = &g_array_index (ix->edges, Edge, i);

      ix->min_y = MIN (ix->min_y, MIN (e->y0, e->y1));
      ix->max_y = MAX (ix->max_y, MAX (e->y0, e->y1));
      ix->min_x = MIN (ix->min_x, MIN (e->x0, e->x1));
      ix->max_x = MAX (ix->max_x, MAX (e->x0, e->x1));
    }
  ix->n_bands = CLAMP (ix->edges->len / 4, 1, 16384);
  ix->band_h = ix->max_y > ix->min_y ? (ix->max_y - ix->min_y) / ix->n_bands : 1.0;
  ix->band_start = g_new0 (guint, ix->n_bands + 1);
  for (guint pass = 0; pass < 2; pass++)
    {
      fill = pass == 1 ? g_memdup2 (ix->band_start, ix->n_bands * sizeof (guint)) : NULL;
      for (guint i = 0; i < ix->edges->len; i++)
        {
          const Edge *e = &g_array_index (ix->edges, Edge, i);
          guint b0 = band_of (ix, MIN (e->y0, e->y1)), b1 = band_of (ix, MAX (e->y0, e->y1));

          for (guint b = b0; b <= b1; b++)
            {
              if (pass == 0)
                ix->band_start[b + 1]++;
              else
                ix->band_edges[fill[b]++] = i;
            }
        }
      if (pass == 0)
        {
          for (guint b = 0; b < ix->n_bands; b++)
            ix->band_start[b + 1] += ix->band_start[b];
          ix->band_edges = g_new (guint, MAX (ix->band_start[ix->n_bands], 1));
        }
      g_free (fill);
    }
}

static void
edge_index_clear (EdgeIndex *ix)
{
  g_array_unref (ix->edges);
  g_free (ix->band_start);
  g_free (ix->band_edges);
}

static gboolean
edge_index_contains (const EdgeIndex *ix, double x, double y)
{
  gboolean inside = FALSE;
  guint b;

  if (ix->edges->len == 0 || y < ix->min_y || y >= ix->max_y || x < ix->min_x || x > ix->max_x)
    return FALSE;
  b = band_of (ix, y);
  for (guint k = ix->band_start[b]; k < ix->band_start[b + 1]; k++)
    {
      const Edge *e = &g_array_index (ix->edges, Edge, ix->band_edges[k]);

      /* Half-open in y, and a crossing strictly east of the point. */
      if ((e->y0 > y) != (e->y1 > y) && x < e->x0 + (y - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0))
        inside = !inside;
    }
  return inside;
}

static void
settlements_add (DmSettlements *out, const DmPlace *p)
{
  out->n_settlements++;
  out->population += p->population;
  if (p->population > 0)
    {
      g_autofree char *pop = dm_format_number (p->population, 0);

      /* Translators: a settlement and its population, e.g. “Kupiansk (26,000)” */
      g_ptr_array_add (out->names,
                       g_strdup_printf (_ ("%s (%s)"), dm_place_get_name (p, dm_i18n_get_language ()), pop));
    }
  else
    g_ptr_array_add (out->names, g_strdup (dm_place_get_name (p, dm_i18n_get_language ())));
}

static DmSettlements *
settlements_new (void)
{
  DmSettlements *out = g_new0 (DmSettlements, 1);

  out->names = g_ptr_array_new_with_free_func (g_free);
  return out;
}

/* (transfer full): the indices of the places (none when @index is NULL)
 * in the box of the edges, which holds every place inside them, in the
 * places' order. */
static GArray *
edge_index_candidates (const EdgeIndex *ix, const DmPlaceIndex *index)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  if (index != NULL && ix->edges->len > 0)
    dm_place_index_query (index, ix->min_x, ix->min_y, ix->max_x, ix->max_y, out);
  return out;
}

static DmSettlements *
settlements_in_index (const EdgeIndex *ix, const DmPlaceIndex *index)
{
  DmSettlements *out = settlements_new ();
  g_autoptr (GArray) candidates = edge_index_candidates (ix, index);
  const DmPlace *places = index != NULL ? dm_place_index_get_places (index, NULL) : NULL;

  /* Places come largest first, so names do too. */
  for (guint c = 0; c < candidates->len; c++)
    {
      const DmPlace *p = &places[g_array_index (candidates, guint, c)];

      if (edge_index_contains (ix, p->lon, p->lat))
        settlements_add (out, p);
    }
  return out;
}

DmSettlements *
dm_settlements_in_zone (DmZoneResult *zone, const DmPlaceIndex *places)
{
  EdgeIndex ix = { 0 };
  DmSettlements *out;

  g_return_val_if_fail (zone != NULL, settlements_new ());

  if (places == NULL)
    return settlements_new ();
  edge_index_init (&ix, zone);
  out = settlements_in_index (&ix, places);
  edge_index_clear (&ix);
  return out;
}

DmSettlements *
dm_settlements_in_zone_kept (DmZonePlaces *kept, DmZoneResult *zone)
{
  g_autoptr (GArray) inside = NULL;
  DmSettlements *out = settlements_new ();
  const DmPlace *places;

  g_return_val_if_fail (kept != NULL, out);
  g_return_val_if_fail (zone != NULL, out);

  places = dm_place_index_get_places (dm_zone_places_get_index (kept), NULL);
  inside = dm_zone_places_find (kept, zone);
  for (guint i = 0; i < inside->len; i++)
    settlements_add (out, &places[g_array_index (inside, guint, i)]);
  return out;
}

DmSettlements *
dm_settlements_in_area (const DmGeometry *area, const DmPlaceIndex *places)
{
  EdgeIndex ix = { 0 };
  DmSettlements *out;

  g_return_val_if_fail (area != NULL, settlements_new ());

  edge_index_init_area (&ix, area);
  out = settlements_in_index (&ix, places);
  edge_index_clear (&ix);
  return out;
}

/* ---- People on each side ------------------------------------------------- */

char *
dm_people_describe (gint64 population, guint n_settlements)
{
  g_autofree char *pop = dm_format_number ((double) population, 0);
  g_autofree char *n = dm_format_number (n_settlements, 0);

  if (n_settlements == 0)
    return g_strdup (_ ("No settlement"));
  /* Translators: people and the settlements they live in: “12,345 in 3 settlements”, “23,772,862 in 1,094
   * settlements” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %s settlement", "%s in %s settlements", n_settlements),
                          pop, n);
}

void
dm_swap_figures_add_settlements (DmSwapFigures *figures, const DmGeometry *line, const DmPlaceIndex *index)
{
  EdgeIndex ix = { 0 };
  g_autoptr (GArray) candidates = NULL;
  g_autoptr (DmSidesNear) nearest = NULL;
  const DmPlace *places = index != NULL ? dm_place_index_get_places (index, NULL) : NULL;

  g_return_if_fail (figures != NULL && figures->geometry != NULL);

  g_clear_pointer (&figures->settlements, dm_settlements_free);
  figures->settlements = settlements_new ();
  figures->moved_settlements = 0;
  figures->moved_population = 0;
  edge_index_init_area (&ix, figures->geometry);
  candidates = edge_index_candidates (&ix, index);
  /* The side of each place in the swap: only the stretch of line near it
   * can be the nearest. */
  if (line != NULL && candidates->len > 0)
    nearest = dm_sides_near_new (line, ix.min_x, ix.min_y, ix.max_x, ix.max_y);
  for (guint c = 0; c < candidates->len; c++)
    {
      const DmPlace *p = &places[g_array_index (candidates, guint, c)];

      if (!edge_index_contains (&ix, p->lon, p->lat))
        continue;
      settlements_add (figures->settlements, p);
      /* A place already on the receiver's side does not change hands. */
      if (line == NULL || dm_sides_near_classify (nearest, p->lon, p->lat) != figures->receiver)
        {
          figures->moved_settlements++;
          figures->moved_population += p->population;
        }
    }
  edge_index_clear (&ix);
}

/* ---- Swaps kept from one edit to the next ------------------------------- */

static DmSettlements *
settlements_copy (const DmSettlements *from)
{
  DmSettlements *out = settlements_new ();

  out->n_settlements = from->n_settlements;
  out->population = from->population;
  for (guint i = 0; i < from->names->len; i++)
    g_ptr_array_add (out->names, g_strdup (g_ptr_array_index (from->names, i)));
  return out;
}

static DmSwapFigures *
swap_figures_copy (const DmSwapFigures *from)
{
  DmSwapFigures *out = g_memdup2 (from, sizeof (DmSwapFigures));

  out->name = g_strdup (from->name);
  out->note = g_strdup (from->note);
  out->geometry = dm_geometry_copy (from->geometry);
  out->settlements = from->settlements != NULL ? settlements_copy (from->settlements) : NULL;
  return out;
}

typedef struct {
  DmSwapFigures *figures;
  DmSide giver, receiver; /* as asked */
  const DmPlaceIndex *places;
  DmLanguage language; /* of the note and the places' names */
  gboolean has_line;
  GArray *signature; /* of the line near the swap (NULL without a line) */
  guint generation;
} SwapEntry;

struct _DmSwapCache {
  GHashTable *entries; /* feature id → SwapEntry */
  guint generation;
};

static void
swap_entry_free (gpointer data)
{
  SwapEntry *e = data;

  dm_swap_figures_free (e->figures);
  if (e->signature != NULL)
    g_array_unref (e->signature);
  g_free (e);
}

DmSwapCache *
dm_swap_cache_new (void)
{
  DmSwapCache *self = g_new0 (DmSwapCache, 1);

  self->entries = g_hash_table_new_full (NULL, NULL, NULL, swap_entry_free);
  return self;
}

void
dm_swap_cache_free (DmSwapCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_free (self);
}

static gboolean
signatures_equal (const GArray *a, const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == NULL && b == NULL;
  /* Bit for bit. */
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (double)) == 0;
}

DmSwapFigures *
dm_swap_cache_compute (DmSwapCache *self,
                       const DmGeometry *line,
                       const DmGeometry *swap,
                       guint feature_id,
                       const char *name,
                       DmSide giver,
                       DmSide receiver,
                       const DmPlaceIndex *places,
                       gboolean *reused)
{
  SwapEntry *e;
  g_autoptr (GArray) signature = NULL;
  DmLanguage language = dm_i18n_get_language ();
  double x0, y0, x1, y1;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (swap != NULL, NULL);

  if (reused != NULL)
    *reused = FALSE;
  if (line != NULL && !dm_geometry_is_empty (swap))
    {
      g_autoptr (DmSidesNear) nearest = NULL;

      dm_geometry_get_extent (swap, &x0, &y0, &x1, &y1);
      nearest = dm_sides_near_new (line, x0, y0, x1, y1);
      signature = dm_sides_near_signature (nearest);
    }
  e = g_hash_table_lookup (self->entries, GUINT_TO_POINTER (feature_id));
  if (e != NULL && e->giver == giver && e->receiver == receiver && e->places == places && e->language == language &&
      e->has_line == (line != NULL) && g_strcmp0 (e->figures->name, name) == 0 &&
      dm_geometry_equal (e->figures->geometry, swap) && (line == NULL || signature != NULL) &&
      signatures_equal (e->signature, signature))
    {
      e->generation = self->generation;
      if (reused != NULL)
        *reused = TRUE;
      return swap_figures_copy (e->figures);
    }

  e = g_new0 (SwapEntry, 1);
  e->figures = dm_swap_figures_compute (line, swap, feature_id, name, giver, receiver);
  if (places != NULL)
    dm_swap_figures_add_settlements (e->figures, line, places);
  e->giver = giver;
  e->receiver = receiver;
  e->places = places;
  e->language = language;
  e->has_line = line != NULL;
  e->signature = g_steal_pointer (&signature);
  e->generation = self->generation;
  g_hash_table_replace (self->entries, GUINT_TO_POINTER (feature_id), e);
  return swap_figures_copy (e->figures);
}

static gboolean
swap_entry_is_old (gpointer key, gpointer value, gpointer user_data)
{
  return ((SwapEntry *) value)->generation != GPOINTER_TO_UINT (user_data);
}

void
dm_swap_cache_sweep (DmSwapCache *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_foreach_remove (self->entries, swap_entry_is_old, GUINT_TO_POINTER (self->generation));
  self->generation++;
}

void
dm_territory_add_population (DmTerritory *territory,
                             GPtrArray *swaps,
                             const DmRegionInfo *regions,
                             guint n_regions,
                             const DmPlaceIndex *index)
{
  EdgeIndex sides[2] = { { 0 } }, region = { 0 };
  g_autoptr (GArray) swap_ix = g_array_new (FALSE, TRUE, sizeof (EdgeIndex));
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint8 *side_of = NULL;
  const DmPlace *places = index != NULL ? dm_place_index_get_places (index, NULL) : NULL;

  g_return_if_fail (territory != NULL);

  for (guint s = 0; s < 2; s++)
    {
      territory->settlements_side[s] = territory->after_swaps_settlements_side[s] = 0;
      territory->population_side[s] = territory->after_swaps_population_side[s] = 0;
      edge_index_init_area (&sides[s], territory->side_geometry[s]);
    }
  for (guint k = 0; swaps != NULL && k < swaps->len; k++)
    {
      const DmSwapFigures *sf = g_ptr_array_index (swaps, k);
      EdgeIndex ix = { 0 };

      edge_index_init_area (&ix, sf->geometry);
      g_array_append_val (swap_ix, ix);
    }
  /* Each place on the side whose land holds it (its centre), then on the
   * receiver's of the last swap holding it: those in either side's box. */
  if (index != NULL)
    {
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint s = 0; s < 2; s++)
        if (sides[s].edges->len > 0)
          {
            x0 = MIN (x0, sides[s].min_x);
            y0 = MIN (y0, sides[s].min_y);
            x1 = MAX (x1, sides[s].max_x);
            y1 = MAX (y1, sides[s].max_y);
          }
      dm_place_index_query (index, x0, y0, x1, y1, candidates);
    }
  side_of = g_new0 (guint8, MAX (candidates->len, 1));
  for (guint c = 0; c < candidates->len; c++)
    {
      const DmPlace *p = &places[g_array_index (candidates, guint, c)];
      int side = edge_index_contains (&sides[0], p->lon, p->lat)   ? 0
                 : edge_index_contains (&sides[1], p->lon, p->lat) ? 1
                                                                   : -1;
      int after = side;

      if (side < 0)
        continue;
      side_of[c] = (guint8) (side + 1);
      territory->settlements_side[side]++;
      territory->population_side[side] += p->population;
      for (guint k = 0; k < swap_ix->len; k++)
        if (edge_index_contains (&g_array_index (swap_ix, EdgeIndex, k), p->lon, p->lat))
          {
            const DmSwapFigures *sf = g_ptr_array_index (swaps, k);

            after = sf->receiver == DM_SIDE_B ? 1 : 0;
          }
      territory->after_swaps_settlements_side[after]++;
      territory->after_swaps_population_side[after] += p->population;
    }
  territory->has_population = index != NULL;

  /* Each listed sub-region's people on each side. */
  for (guint r = 0; territory->regions != NULL && r < territory->regions->len; r++)
    {
      DmTerritoryRegion *tr = g_ptr_array_index (territory->regions, r);
      const DmGeometry *g = NULL;

      tr->population_side[0] = tr->population_side[1] = 0;
      for (guint k = 0; regions != NULL && k < n_regions && g == NULL; k++)
        if (g_strcmp0 (regions[k].code, tr->code) == 0)
          g = regions[k].geometry;
      if (g == NULL)
        continue;
      edge_index_init_area (&region, g);
      for (guint c = 0; c < candidates->len; c++)
        {
          const DmPlace *p = &places[g_array_index (candidates, guint, c)];

          if (side_of[c] > 0 && edge_index_contains (&region, p->lon, p->lat))
            tr->population_side[side_of[c] - 1] += p->population;
        }
      edge_index_clear (&region);
    }

  for (guint s = 0; s < 2; s++)
    edge_index_clear (&sides[s]);
  for (guint k = 0; k < swap_ix->len; k++)
    edge_index_clear (&g_array_index (swap_ix, EdgeIndex, k));
}

/* ---- Monitoring -------------------------------------------------------- */

void
dm_monitoring_estimate (double line_length_m,
                        const DmMonitoringRatio *ratio,
                        double *observers,
                        double *patrols_per_day)
{
  g_return_if_fail (ratio != NULL && ratio->line_length_m > 0);

  /* Proportional to the length of line to watch. */
  if (observers != NULL)
    *observers = ratio->observers * line_length_m / ratio->line_length_m;
  if (patrols_per_day != NULL)
    *patrols_per_day = ratio->patrols_per_day * line_length_m / ratio->line_length_m;
}
