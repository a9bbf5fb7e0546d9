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

/* Line ends stopping short of the region's edge by up to this much are
 * extended to it: front lines end near, not on, a border or coast. */
#define EXTEND_TOLERANCE_M 50000.0

static int
side_index (DmSide side)
{
  return side == DM_SIDE_A ? 0 : 1;
}

/* ---- Land swaps -------------------------------------------------------- */

void
dm_swap_figures_free (DmSwapFigures *figures)
{
  if (figures == NULL)
    return;
  g_free (figures->name);
  g_free (figures);
}

DmSwapFigures *
dm_swap_figures_compute (const DmGeometry *line,
                         const DmGeometry *swap,
                         guint             feature_id,
                         const char       *name,
                         DmSide            giver,
                         DmSide            receiver)
{
  DmSwapFigures *f;

  g_return_val_if_fail (swap != NULL, NULL);

  f = g_new0 (DmSwapFigures, 1);
  f->feature_id = feature_id;
  f->name = g_strdup (name);
  f->area_m2 = dm_geodesy_geometry_area_m2 (swap);

  if (line != NULL)
    {
      g_autoptr(DmGeometry) on_a = NULL;
      g_autoptr(DmGeometry) on_b = NULL;

      /* No extension: a swap is split only where the line crosses it. */
      if (dm_sides_split_region (line, swap, 0.0, &on_a, &on_b, NULL))
        {
          f->area_on_a_m2 = on_a != NULL ? dm_geodesy_geometry_area_m2 (on_a) : 0;
          f->area_on_b_m2 = on_b != NULL ? dm_geodesy_geometry_area_m2 (on_b) : 0;
        }
    }

  if (giver == DM_SIDE_A || giver == DM_SIDE_B)
    {
      f->giver = giver;
      f->receiver = receiver == DM_SIDE_A || receiver == DM_SIDE_B ? receiver : dm_side_opposite (giver);
    }
  else
    {
      /* The side the land lies on gives it; a straddling swap goes by
       * the majority of its area. */
      f->giver = f->area_on_a_m2 >= f->area_on_b_m2 ? DM_SIDE_A : DM_SIDE_B;
      f->receiver = dm_side_opposite (f->giver);
      f->inferred = TRUE;
    }
  return f;
}

void
dm_swap_balance_compute (GPtrArray     *swaps,
                         DmSwapBalance *balance)
{
  g_return_if_fail (swaps != NULL);
  g_return_if_fail (balance != NULL);

  memset (balance, 0, sizeof *balance);
  for (guint i = 0; i < swaps->len; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);

      balance->gives_m2[side_index (f->giver)] += f->area_m2;
      balance->gets_m2[side_index (f->receiver)] += f->area_m2;
    }
  for (guint s = 0; s < 2; s++)
    balance->net_m2[s] = balance->gets_m2[s] - balance->gives_m2[s];
  balance->ratio_a = balance->gives_m2[0] > 0 ? balance->gets_m2[0] / balance->gives_m2[0] : 0;
}

/* ---- Territory --------------------------------------------------------- */

void
dm_territory_free (DmTerritory *territory)
{
  if (territory == NULL)
    return;
  g_free (territory->region_name);
  for (guint s = 0; s < 2; s++)
    g_clear_pointer (&territory->side_geometry[s], dm_geometry_free);
  g_free (territory);
}

DmTerritory *
dm_territory_compute (const DmGeometry  *line,
                      const DmGeometry  *region,
                      const char        *region_name,
                      GPtrArray         *swaps,
                      GError           **error)
{
  g_autoptr(DmTerritory) t = g_new0 (DmTerritory, 1);

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  if (!dm_sides_split_region (line, region, EXTEND_TOLERANCE_M,
                              &t->side_geometry[0], &t->side_geometry[1], error))
    return NULL;

  t->region_name = g_strdup (region_name);
  for (guint s = 0; s < 2; s++)
    t->area_m2_side[s] = t->side_geometry[s] != NULL ? dm_geodesy_geometry_area_m2 (t->side_geometry[s]) : 0;
  t->area_m2 = t->area_m2_side[0] + t->area_m2_side[1];

  for (guint s = 0; s < 2; s++)
    t->after_swaps_m2_side[s] = t->area_m2_side[s];
  for (guint i = 0; swaps != NULL && i < swaps->len; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);

      t->after_swaps_m2_side[side_index (f->giver)] -= f->area_m2;
      t->after_swaps_m2_side[side_index (f->receiver)] += f->area_m2;
    }
  for (guint s = 0; s < 2; s++)
    {
      t->share_side[s] = t->area_m2 > 0 ? t->area_m2_side[s] / t->area_m2 : 0;
      t->after_swaps_share_side[s] = t->area_m2 > 0 ? t->after_swaps_m2_side[s] / t->area_m2 : 0;
    }
  return g_steal_pointer (&t);
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

DmSettlements *
dm_settlements_in_zone (DmZoneResult  *zone,
                        const DmPlace *places,
                        guint          n_places)
{
  DmSettlements *out = g_new0 (DmSettlements, 1);
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr(DmGeometry) pieces = NULL;
  g_autoptr(DmGeosGeometry) geom = NULL;
  const GEOSPreparedGeometry *prepared;
  double x0, y0, x1, y1;

  out->names = g_ptr_array_new_with_free_func (g_free);
  g_return_val_if_fail (zone != NULL, out);

  pieces = dm_zone_result_get_geometry (zone, DM_SIDE_NONE);
  if (pieces == NULL || dm_geometry_is_empty (pieces) || places == NULL)
    return out;
  dm_geometry_get_extent (pieces, &x0, &y0, &x1, &y1);
  if ((geom = dm_geometry_to_geos (ctx, pieces)) == NULL)
    return out;
  prepared = GEOSPrepare_r (ctx, geom);

  /* Places come largest first, so names do too. */
  for (guint i = 0; i < n_places; i++)
    {
      const DmPlace *p = &places[i];
      g_autoptr(DmGeosGeometry) pt = NULL;

      if (p->lon < x0 || p->lon > x1 || p->lat < y0 || p->lat > y1)
        continue;
      pt = GEOSGeom_createPointFromXY_r (ctx, p->lon, p->lat);
      if (GEOSPreparedIntersects_r (ctx, prepared, pt) != 1)
        continue;
      out->n_settlements++;
      out->population += p->population;
      if (p->population > 0)
        {
          g_autofree char *pop = dm_format_number (p->population, 0);

          /* Translators: a settlement and its population, e.g. “Kupiansk (26,000)” */
          g_ptr_array_add (out->names, g_strdup_printf (_("%s (%s)"), p->name_en, pop));
        }
      else
        g_ptr_array_add (out->names, g_strdup (p->name_en));
    }
  GEOSPreparedGeom_destroy_r (ctx, prepared);
  return out;
}

/* ---- Monitoring -------------------------------------------------------- */

void
dm_monitoring_estimate (double                   line_length_m,
                        const DmMonitoringRatio *ratio,
                        double                  *observers,
                        double                  *patrols_per_day)
{
  g_return_if_fail (ratio != NULL && ratio->line_length_m > 0);

  /* Proportional to the length of line to watch. */
  if (observers != NULL)
    *observers = ratio->observers * line_length_m / ratio->line_length_m;
  if (patrols_per_day != NULL)
    *patrols_per_day = ratio->patrols_per_day * line_length_m / ratio->line_length_m;
}
