/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-zone-rule"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dm-units.h"
#include "dm-zone-rule.h"

G_DEFINE_BOXED_TYPE (DmZoneRule, dm_zone_rule, dm_zone_rule_copy, dm_zone_rule_free)

static const char *
default_color (DmZoneKind kind)
{
  switch (kind)
    {
    case DM_ZONE_DEMILITARISED:
      return "#e5a50a";
    case DM_ZONE_WITHDRAWAL:
      return "#9141ac";
    case DM_ZONE_RESTRICTION:
      return "#c64600";
    case DM_ZONE_MONITORING:
      return "#26a269";
    default:
      return "#77767b";
    }
}

static DmZoneRule *
rule_new (const char *name, DmZoneKind kind, DmZoneRuleType type)
{
  DmZoneRule *rule = g_new0 (DmZoneRule, 1);

  rule->name = g_strdup (name);
  rule->kind = kind;
  rule->type = type;
  rule->color = g_strdup (default_color (kind));
  return rule;
}

DmZoneRule *
dm_zone_rule_new_line_band (const char *name, DmZoneKind kind, double width_a_m, double width_b_m)
{
  DmZoneRule *rule;

  g_return_val_if_fail (width_a_m >= 0 && width_b_m >= 0, NULL);

  rule = rule_new (name, kind, DM_ZONE_RULE_LINE_BAND);
  rule->width_a_m = width_a_m;
  rule->width_b_m = width_b_m;
  return rule;
}

DmZoneRule *
dm_zone_rule_new_boundary_band (const char *name,
                                DmZoneKind kind,
                                const DmGeometry *boundary,
                                double distance_m,
                                const DmGeometry *keep_region)
{
  DmZoneRule *rule;

  g_return_val_if_fail (boundary != NULL, NULL);
  g_return_val_if_fail (distance_m > 0, NULL);

  rule = rule_new (name, kind, DM_ZONE_RULE_BOUNDARY_BAND);
  rule->boundary = dm_geometry_copy (boundary);
  rule->distance_m = distance_m;
  rule->region = keep_region != NULL ? dm_geometry_copy (keep_region) : NULL;
  return rule;
}

DmZoneRule *
dm_zone_rule_new_region_side (const char *name, DmZoneKind kind, const DmGeometry *region, DmSide side)
{
  DmZoneRule *rule;

  g_return_val_if_fail (region != NULL && dm_geometry_is_polygonal (region), NULL);
  g_return_val_if_fail (side == DM_SIDE_A || side == DM_SIDE_B, NULL);

  rule = rule_new (name, kind, DM_ZONE_RULE_REGION_SIDE);
  rule->region = dm_geometry_copy (region);
  rule->side = side;
  return rule;
}

DmZoneRule *
dm_zone_rule_new_polygon (const char *name, DmZoneKind kind, const DmGeometry *polygon)
{
  DmZoneRule *rule;

  g_return_val_if_fail (polygon != NULL && dm_geometry_is_polygonal (polygon), NULL);

  rule = rule_new (name, kind, DM_ZONE_RULE_POLYGON);
  rule->region = dm_geometry_copy (polygon);
  return rule;
}

DmZoneRule *
dm_zone_rule_new_default_dmz (void)
{
  double half = dm_length_to_m (2.5, DM_LENGTH_MI);

  return dm_zone_rule_new_line_band (_ ("Demilitarised zone"), DM_ZONE_DEMILITARISED, half, half);
}

DmZoneRule *
dm_zone_rule_copy (const DmZoneRule *rule)
{
  DmZoneRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_memdup2 (rule, sizeof *rule);
  copy->name = g_strdup (rule->name);
  copy->color = g_strdup (rule->color);
  copy->region = rule->region != NULL ? dm_geometry_copy (rule->region) : NULL;
  copy->region_name = g_strdup (rule->region_name);
  copy->boundary = rule->boundary != NULL ? dm_geometry_copy (rule->boundary) : NULL;
  copy->boundary_name = g_strdup (rule->boundary_name);
  return copy;
}

void
dm_zone_rule_free (DmZoneRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->color);
  g_clear_pointer (&rule->region, dm_geometry_free);
  g_free (rule->region_name);
  g_clear_pointer (&rule->boundary, dm_geometry_free);
  g_free (rule->boundary_name);
  g_free (rule);
}

gboolean
dm_zone_rule_equal (const DmZoneRule *a, const DmZoneRule *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return g_strcmp0 (a->name, b->name) == 0 && a->kind == b->kind && g_strcmp0 (a->color, b->color) == 0 &&
         a->hidden == b->hidden && a->type == b->type && a->width_a_m == b->width_a_m && a->width_b_m == b->width_b_m &&
         a->distance_m == b->distance_m && a->side == b->side && dm_geometry_equal (a->region, b->region) &&
         g_strcmp0 (a->region_name, b->region_name) == 0 && dm_geometry_equal (a->boundary, b->boundary) &&
         g_strcmp0 (a->boundary_name, b->boundary_name) == 0;
}

static const char *const kind_names[] = {
  [DM_ZONE_DEMILITARISED] = "demilitarised",
  [DM_ZONE_WITHDRAWAL] = "withdrawal",
  [DM_ZONE_RESTRICTION] = "restriction",
  [DM_ZONE_MONITORING] = "monitoring",
};

const char *
dm_zone_kind_to_string (DmZoneKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
dm_zone_kind_from_string (const char *str, DmZoneKind *kind)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

static const char *const rule_type_names[] = { "line-band", "boundary-band", "region-side", "polygon" };

const char *
dm_zone_rule_type_to_string (DmZoneRuleType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (rule_type_names), NULL);
  return rule_type_names[type];
}

gboolean
dm_zone_rule_type_from_string (const char *str, DmZoneRuleType *type)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (rule_type_names); i++)
    if (g_str_equal (str, rule_type_names[i]))
      {
        if (type != NULL)
          *type = i;
        return TRUE;
      }
  return FALSE;
}

static char *
length_text (double metres, DmLengthUnit units, gboolean both_units)
{
  return both_units ? dm_format_length_both (metres, units) : dm_format_length (metres, units);
}

char *
dm_zone_rule_describe (const DmZoneRule *rule,
                       DmLengthUnit units,
                       gboolean both_units,
                       const char *side_a,
                       const char *side_b)
{
  g_return_val_if_fail (rule != NULL, NULL);

  switch (rule->type)
    {
    case DM_ZONE_RULE_LINE_BAND:
      {
        g_autofree char *a = length_text (rule->width_a_m, units, both_units);
        g_autofree char *b = length_text (rule->width_b_m, units, both_units);
        g_autofree char *widths = NULL;

        if (rule->width_a_m == rule->width_b_m)
          /* Translators: a zone along the contact line, e.g. “4.02 km on each side” */
          widths = g_strdup_printf (_ ("%s on each side"), a);
        else
          /* Translators: “4.02 km on Ukraine’s side, 0 km on Russia’s” */
          widths = g_strdup_printf (_ ("%s on %s’s side, %s on %s’s"), a, side_a, b, side_b);
        if (rule->region_name != NULL)
          /* Translators: a band clipped to a region: “50 km on each side, within UA” */
          return g_strdup_printf (_ ("%s, within %s"), widths, rule->region_name);
        return g_steal_pointer (&widths);
      }
    case DM_ZONE_RULE_BOUNDARY_BAND:
      {
        g_autofree char *d = length_text (rule->distance_m, units, both_units);
        const char *border = rule->boundary_name != NULL ? rule->boundary_name : _ ("a boundary");

        if (rule->region_name != NULL)
          /* Translators: a zone along a border: “Up to 160.93 km from the RU/NATO border, inside RU” */
          return g_strdup_printf (_ ("Up to %s from the %s border, inside %s"), d, border, rule->region_name);
        /* Translators: “Up to 50 km from the UA/BY border” */
        return g_strdup_printf (_ ("Up to %s from the %s border"), d, border);
      }
    case DM_ZONE_RULE_REGION_SIDE:
      /* Translators: “UA-14 on Ukraine’s side” */
      return g_strdup_printf (_ ("%s on %s’s side"), rule->region_name != NULL ? rule->region_name : _ ("A region"),
                              rule->side == DM_SIDE_B ? side_b : side_a);
    case DM_ZONE_RULE_POLYGON:
      return g_strdup (_ ("A drawn area"));
    default:
      g_return_val_if_reached (NULL);
    }
}
