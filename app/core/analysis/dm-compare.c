/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-compare"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dm-compare.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"

/* clang-format off */
G_DEFINE_QUARK (dm-compare-error-quark, dm_compare_error)
/* clang-format on */

void
dm_comparison_free (DmComparison *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->a_to_b, dm_geometry_free);
  g_clear_pointer (&self->b_to_a, dm_geometry_free);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_free (self);
}

static void
comparison_region_free (gpointer data)
{
  DmComparisonRegion *r = data;

  g_free (r->code);
  g_free (r->name);
  g_free (r);
}

static void
comparison_place_free (gpointer data)
{
  DmComparisonPlace *p = data;

  g_free (p->name);
  g_free (p);
}

char *
dm_comparison_region_describe (const DmComparisonRegion *r, const char *const side_names[2], DmAreaUnit unit)
{
  g_autofree char *ab = NULL, *ba = NULL;

  g_return_val_if_fail (r != NULL, NULL);

  ab = dm_format_area (r->a_to_b_m2, unit);
  ba = dm_format_area (r->b_to_a_m2, unit);
  /* Translators: "Donetsk: 3,702 km² from Ukraine to Russia, 2.10 km² from Russia to Ukraine" */
  return g_strdup_printf (_ ("%s: %s from %s to %s, %s from %s to %s"), r->name != NULL ? r->name : r->code, ab,
                          side_names[0], side_names[1], ba, side_names[1], side_names[0]);
}

char *
dm_comparison_place_describe (const DmComparisonPlace *p, const char *const side_names[2])
{
  const char *from, *to;

  g_return_val_if_fail (p != NULL, NULL);

  from = side_names[p->from == DM_SIDE_B ? 1 : 0];
  to = side_names[p->to == DM_SIDE_B ? 1 : 0];
  if (p->population > 0)
    {
      g_autofree char *pop = dm_format_number (p->population, 0);

      /* Translators: "Pokrovsk (pop. 68,263), from Ukraine to Russia" */
      return g_strdup_printf (_ ("%s (pop. %s), from %s to %s"), p->name, pop, from, to);
    }
  return g_strdup_printf (_ ("%s, from %s to %s"), p->name, from, to);
}

char *
dm_comparison_places_describe (const DmComparison *c, const char *const side_names[2])
{
  guint n;
  g_autofree char *ab = NULL, *ba = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  n = c->places != NULL ? c->places->len : 0;
  if (n == 0)
    return g_strdup (_ ("No settlement changes hands"));
  ab = dm_format_number ((double) c->population[0], 0);
  ba = dm_format_number ((double) c->population[1], 0);
  /* Translators: “7 settlements change hands: 82,282 people from Ukraine
   * to Russia, 0 from Russia to Ukraine” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u settlement changes hands: %s people from %s to %s, %s from %s to %s",
                                       "%u settlements change hands: %s people from %s to %s, %s from %s to %s", n),
                          n, ab, side_names[0], side_names[1], ba, side_names[1], side_names[0]);
}

static int
compare_region_change (gconstpointer a, gconstpointer b)
{
  const DmComparisonRegion *ra = *(DmComparisonRegion **) a, *rb = *(DmComparisonRegion **) b;
  double x = ra->a_to_b_m2 + ra->b_to_a_m2, y = rb->a_to_b_m2 + rb->b_to_a_m2;

  return (y > x) - (y < x);
}

static int
compare_place_population (gconstpointer a, gconstpointer b)
{
  const DmComparisonPlace *pa = *(DmComparisonPlace **) a, *pb = *(DmComparisonPlace **) b;

  return (pb->population > pa->population) - (pb->population < pa->population);
}

/* Area of @changed inside @region (GEOS, in lon/lat: exact as a partition). */
static double
area_within (GEOSContextHandle_t ctx, const GEOSGeometry *changed, const double *changed_box, const DmGeometry *region)
{
  double rb[4];
  g_autoptr (DmGeosGeometry) rg = NULL, part = NULL;
  g_autoptr (DmGeometry) d = NULL;

  if (changed == NULL)
    return 0.0;
  dm_geometry_get_extent (region, &rb[0], &rb[1], &rb[2], &rb[3]);
  if (rb[0] > changed_box[2] || rb[2] < changed_box[0] || rb[1] > changed_box[3] || rb[3] < changed_box[1])
    return 0.0;
  if ((rg = dm_geometry_to_geos (ctx, region)) == NULL || (part = GEOSIntersection_r (ctx, changed, rg)) == NULL ||
      GEOSisEmpty_r (ctx, part))
    return 0.0;
  d = dm_geometry_from_geos (ctx, part);
  return d != NULL && dm_geometry_is_polygonal (d) ? dm_geodesy_geometry_area_m2 (d) : 0.0;
}

static void
add_details (DmComparison *self, const DmRegionInfo *regions, guint n_regions, const DmPlaceIndex *index)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const DmGeometry *changed[2] = { self->a_to_b, self->b_to_a };
  GEOSGeometry *g[2] = { NULL, NULL };
  const GEOSPreparedGeometry *prepared[2] = { NULL, NULL };
  double box[2][4];
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  const DmPlace *places = index != NULL ? dm_place_index_get_places (index, NULL) : NULL;

  self->regions = g_ptr_array_new_with_free_func (comparison_region_free);
  self->places = g_ptr_array_new_with_free_func (comparison_place_free);
  for (guint k = 0; k < 2; k++)
    if (changed[k] != NULL && !dm_geometry_is_empty (changed[k]))
      {
        g[k] = dm_geometry_to_geos (ctx, changed[k]);
        prepared[k] = g[k] != NULL ? GEOSPrepare_r (ctx, g[k]) : NULL;
        dm_geometry_get_extent (changed[k], &box[k][0], &box[k][1], &box[k][2], &box[k][3]);
      }

  for (guint i = 0; i < n_regions; i++)
    {
      double ab = g[0] != NULL ? area_within (ctx, g[0], box[0], regions[i].geometry) : 0.0;
      double ba = g[1] != NULL ? area_within (ctx, g[1], box[1], regions[i].geometry) : 0.0;
      DmComparisonRegion *r;

      /* Hairs along a shared edge are no change. */
      if (ab < 1e5 && ba < 1e5)
        continue;
      r = g_new0 (DmComparisonRegion, 1);
      r->code = g_strdup (regions[i].code);
      r->name = g_strdup (regions[i].name);
      r->a_to_b_m2 = ab;
      r->b_to_a_m2 = ba;
      g_ptr_array_add (self->regions, r);
    }
  g_ptr_array_sort (self->regions, compare_region_change);

  /* The places in either change's box, each against both. */
  if (index != NULL && (prepared[0] != NULL || prepared[1] != NULL))
    {
      guint k0 = prepared[0] != NULL ? 0 : 1, k1 = prepared[1] != NULL ? 1 : 0;

      dm_place_index_query (index, MIN (box[k0][0], box[k1][0]), MIN (box[k0][1], box[k1][1]),
                            MAX (box[k0][2], box[k1][2]), MAX (box[k0][3], box[k1][3]), candidates);
    }
  for (guint i = 0; i < candidates->len; i++)
    for (guint k = 0; k < 2; k++)
      {
        const DmPlace *p = &places[g_array_index (candidates, guint, i)];
        g_autoptr (DmGeosGeometry) pt = NULL;
        DmComparisonPlace *c;

        if (prepared[k] == NULL || p->lon < box[k][0] || p->lon > box[k][2] || p->lat < box[k][1] || p->lat > box[k][3])
          continue;
        pt = GEOSGeom_createPointFromXY_r (ctx, p->lon, p->lat);
        if (pt == NULL || GEOSPreparedContains_r (ctx, prepared[k], pt) != 1)
          continue;
        c = g_new0 (DmComparisonPlace, 1);
        c->name = g_strdup (dm_place_get_name (p, dm_i18n_get_language ()));
        c->population = p->population;
        c->lon = p->lon;
        c->lat = p->lat;
        c->from = k == 0 ? DM_SIDE_A : DM_SIDE_B;
        c->to = k == 0 ? DM_SIDE_B : DM_SIDE_A;
        self->population[k] += p->population;
        g_ptr_array_add (self->places, c);
      }
  g_ptr_array_sort (self->places, compare_place_population);

  for (guint k = 0; k < 2; k++)
    {
      if (prepared[k] != NULL)
        GEOSPreparedGeom_destroy_r (ctx, prepared[k]);
      if (g[k] != NULL)
        GEOSGeom_destroy_r (ctx, g[k]);
    }
}

/* @minuend − @subtrahend as a DmGeometry (NULL when empty) and its area. */
static gboolean
difference (GEOSContextHandle_t ctx,
            const DmGeometry *minuend,
            const DmGeometry *subtrahend,
            DmGeometry **out,
            double *area_m2,
            GError **error)
{
  g_autoptr (DmGeosGeometry) gm = NULL;
  g_autoptr (DmGeosGeometry) gs = NULL;
  g_autoptr (DmGeosGeometry) gd = NULL;
  g_autoptr (DmGeometry) d = NULL;

  *out = NULL;
  *area_m2 = 0.0;
  if (minuend == NULL || dm_geometry_is_empty (minuend))
    return TRUE;
  gm = dm_geometry_to_geos (ctx, minuend);
  if (gm == NULL)
    goto failed;
  if (subtrahend == NULL || dm_geometry_is_empty (subtrahend))
    gd = GEOSGeom_clone_r (ctx, gm);
  else
    {
      gs = dm_geometry_to_geos (ctx, subtrahend);
      if (gs == NULL)
        goto failed;
      gd = GEOSDifference_r (ctx, gm, gs);
    }
  if (gd == NULL)
    goto failed;
  if (GEOSisEmpty_r (ctx, gd) == 1)
    return TRUE;

  d = dm_geometry_from_geos (ctx, gd);
  if (d == NULL || !dm_geometry_is_polygonal (d))
    return TRUE;
  *area_m2 = dm_geodesy_geometry_area_m2 (d);
  *out = g_steal_pointer (&d);
  return TRUE;

failed:
  g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED, _ ("Could not compare the two lines’ sides (%s)."),
               dm_geos_last_error () != NULL ? dm_geos_last_error () : "?");
  return FALSE;
}

DmComparison *
dm_compare_lines_full (const DmGeometry *line1,
                       const DmGeometry *line2,
                       const DmGeometry *region,
                       const DmRegionInfo *regions,
                       guint n_regions,
                       const DmPlaceIndex *places,
                       GError **error)
{
  DmComparison *self = dm_compare_lines (line1, line2, region, error);

  if (self != NULL)
    add_details (self, regions, regions != NULL ? n_regions : 0, places);
  return self;
}

DmComparison *
dm_compare_lines (const DmGeometry *line1, const DmGeometry *line2, const DmGeometry *region, GError **error)
{
  g_autoptr (DmComparison) self = NULL;
  g_autoptr (DmGeometry) a1 = NULL;
  g_autoptr (DmGeometry) b1 = NULL;
  g_autoptr (DmGeometry) a2 = NULL;
  g_autoptr (DmGeometry) b2 = NULL;
  g_autoptr (GError) local_error = NULL;
  GEOSContextHandle_t ctx;

  g_return_val_if_fail (line1 != NULL, NULL);
  g_return_val_if_fail (line2 != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dm_geometry_is_lineal (line1) || !dm_geometry_is_lineal (line2))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID,
                   _ ("Both proposals need a contact line to compare (a line, not a %s)."),
                   dm_geometry_type_to_string (
                     dm_geometry_get_geometry_type (dm_geometry_is_lineal (line1) ? line2 : line1)));
      return NULL;
    }
  if (!dm_geometry_is_polygonal (region) || dm_geometry_is_empty (region))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID,
                   _ ("The region to compare the lines over must be a polygon."));
      return NULL;
    }

  if (!dm_sides_split_region (line1, region, DM_COMPARE_EXTEND_TOLERANCE_M, &a1, &b1, &local_error))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED,
                   _ ("Could not split the region by the first line: %s"), local_error->message);
      return NULL;
    }
  if (!dm_sides_split_region (line2, region, DM_COMPARE_EXTEND_TOLERANCE_M, &a2, &b2, &local_error))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED,
                   _ ("Could not split the region by the second line: %s"), local_error->message);
      return NULL;
    }

  ctx = dm_geos_get_context ();
  self = g_new0 (DmComparison, 1);
  /* Side B grows by what passes from A to B: B2 − B1; and the reverse. */
  if (!difference (ctx, b2, b1, &self->a_to_b, &self->a_to_b_area_m2, error) ||
      !difference (ctx, b1, b2, &self->b_to_a, &self->b_to_a_area_m2, error))
    return NULL;

  self->net_to_b_m2 = self->a_to_b_area_m2 - self->b_to_a_area_m2;
  self->side_a1_area_m2 = a1 != NULL ? dm_geodesy_geometry_area_m2 (a1) : 0.0;
  self->side_b1_area_m2 = b1 != NULL ? dm_geodesy_geometry_area_m2 (b1) : 0.0;
  self->side_a2_area_m2 = a2 != NULL ? dm_geodesy_geometry_area_m2 (a2) : 0.0;
  self->side_b2_area_m2 = b2 != NULL ? dm_geodesy_geometry_area_m2 (b2) : 0.0;
  self->length1_m = dm_geodesy_geometry_length_m (line1);
  self->length2_m = dm_geodesy_geometry_length_m (line2);

  return g_steal_pointer (&self);
}
