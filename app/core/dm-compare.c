/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-compare"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dm-compare.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"

G_DEFINE_QUARK (dm-compare-error-quark, dm_compare_error)

void
dm_comparison_free (DmComparison *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->a_to_b, dm_geometry_free);
  g_clear_pointer (&self->b_to_a, dm_geometry_free);
  g_free (self);
}

/* @minuend − @subtrahend as a DmGeometry (NULL when empty) and its area. */
static gboolean
difference (GEOSContextHandle_t ctx,
            const DmGeometry   *minuend,
            const DmGeometry   *subtrahend,
            DmGeometry        **out,
            double             *area_m2,
            GError            **error)
{
  g_autoptr(DmGeosGeometry) gm = NULL;
  g_autoptr(DmGeosGeometry) gs = NULL;
  g_autoptr(DmGeosGeometry) gd = NULL;
  g_autoptr(DmGeometry) d = NULL;

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
  g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED,
               _("Could not compare the two lines’ sides (%s)."),
               dm_geos_last_error () != NULL ? dm_geos_last_error () : "?");
  return FALSE;
}

DmComparison *
dm_compare_lines (const DmGeometry *line1,
                  const DmGeometry *line2,
                  const DmGeometry *region,
                  GError          **error)
{
  g_autoptr(DmComparison) self = NULL;
  g_autoptr(DmGeometry) a1 = NULL;
  g_autoptr(DmGeometry) b1 = NULL;
  g_autoptr(DmGeometry) a2 = NULL;
  g_autoptr(DmGeometry) b2 = NULL;
  g_autoptr(GError) local_error = NULL;
  GEOSContextHandle_t ctx;

  g_return_val_if_fail (line1 != NULL, NULL);
  g_return_val_if_fail (line2 != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dm_geometry_is_lineal (line1) || !dm_geometry_is_lineal (line2))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID,
                   _("Both proposals need a contact line to compare (a line, not a %s)."),
                   dm_geometry_type_to_string (dm_geometry_get_geometry_type (
                     dm_geometry_is_lineal (line1) ? line2 : line1)));
      return NULL;
    }
  if (!dm_geometry_is_polygonal (region) || dm_geometry_is_empty (region))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID,
                   _("The region to compare the lines over must be a polygon."));
      return NULL;
    }

  if (!dm_sides_split_region (line1, region, DM_COMPARE_EXTEND_TOLERANCE_M, &a1, &b1, &local_error))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED,
                   _("Could not split the region by the first line: %s"), local_error->message);
      return NULL;
    }
  if (!dm_sides_split_region (line2, region, DM_COMPARE_EXTEND_TOLERANCE_M, &a2, &b2, &local_error))
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_FAILED,
                   _("Could not split the region by the second line: %s"), local_error->message);
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
