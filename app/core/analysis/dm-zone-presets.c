/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-zone-presets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-units.h"
#include "dm-zone-presets.h"
#include "dm-zones.h"

static const struct {
  const char *title;
  const char *description;
} presets[DM_ZONE_N_PRESETS] = {
  [DM_ZONE_PRESET_DMZ_5MI] = { N_ ("Demilitarised zone, 5 miles"),
                               N_ ("2.5 miles on each side of the contact line (the policy paper)") },
  [DM_ZONE_PRESET_MINSK_II] = { N_ ("Minsk II withdrawal lines"),
                                N_ ("Artillery of 100 mm and more 50 km, multiple rocket launchers 70 km, Tornado-S, "
                                    "Uragan, Smerch and Tochka-U 140 km, on each side") },
  [DM_ZONE_PRESET_DONETSK_BUFFER] = { N_ ("Donetsk buffer zone"),
                                      N_ ("The part of Donetsk oblast Ukraine holds, without Russian forces (the "
                                          "28-point plan)") },
  [DM_ZONE_PRESET_NATO_100MI] = { N_ ("Russian forces 100 miles from NATO"),
                                  N_ ("Inside Russia, within 100 miles of its land border with NATO members") },
  [DM_ZONE_PRESET_UKRAINE_BELARUS] = { N_ ("Ukraine–Belarus border, 50 km"),
                                       N_ ("Within 50 km of the Ukraine–Belarus border, on both sides") },
};

const char *
dm_zone_preset_get_title (DmZonePreset preset)
{
  g_return_val_if_fail (preset < DM_ZONE_N_PRESETS, NULL);
  return _ (presets[preset].title);
}

const char *
dm_zone_preset_get_description (DmZonePreset preset)
{
  g_return_val_if_fail (preset < DM_ZONE_N_PRESETS, NULL);
  return _ (presets[preset].description);
}

static gboolean
check_distance (const char *name, double distance_m, GError **error)
{
  if (distance_m > 0.0 && distance_m <= DM_ZONE_MAX_DISTANCE_M)
    return TRUE;
  g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
               /* Translators: %s is a zone's name */
               _ ("The zone “%s” needs a distance above 0 and at most 1,000 km."), name);
  return FALSE;
}

DmZoneRule *
dm_zone_rule_new_border_band (DmBasemap *basemap,
                              const char *name,
                              DmZoneKind kind,
                              double distance_m,
                              const char *a,
                              const char *b,
                              const char *inside,
                              GError **error)
{
  g_autoptr (DmGeometry) border = NULL;
  g_autoptr (DmGeometry) area = NULL;
  g_autofree char *border_name = NULL;
  g_autofree char *both = NULL;
  DmZoneRule *rule;

  g_return_val_if_fail (basemap != NULL, NULL);
  g_return_val_if_fail (name != NULL && a != NULL && b != NULL, NULL);

  if (!check_distance (name, distance_m, error))
    return NULL;
  if ((border = dm_basemap_make_border (basemap, a, b, &border_name, error)) == NULL)
    return NULL;
  both = g_strdup_printf ("%s+%s", a, b);
  /* Both, written out (as an export's zone rules name it). */
  if (inside != NULL && g_ascii_strcasecmp (inside, both) == 0)
    inside = NULL;
  if (inside != NULL && g_ascii_strcasecmp (inside, a) != 0 && g_ascii_strcasecmp (inside, b) != 0)
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   /* Translators: the zone's name, the two sides of the border, what was given */
                   _ ("The zone “%s” lies along the border between %s and %s: it is kept inside one of them or "
                      "both, not inside “%s”."),
                   name, a, b, inside);
      return NULL;
    }
  if (inside == NULL)
    inside = both;
  if ((area = dm_basemap_make_area_near (basemap, inside, border, distance_m, NULL, error)) == NULL)
    return NULL;
  rule = dm_zone_rule_new_boundary_band (name, kind, border, distance_m, area);
  /* By the names it was made from: an export's reader makes it again. */
  rule->boundary_name = g_strdup_printf ("%s/%s", a, b);
  rule->region_name = g_strdup (inside);
  return rule;
}

/* The document's side that holds Ukraine, by its name; side A when
 * neither does. */
static DmSide
ukraine_side (DmDocument *document, DmBasemap *basemap)
{
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      DmRegionInfo info;
      const char *name = dm_document_get_side_name (document, side);

      if (name != NULL && dm_basemap_find_region_info (basemap, name, &info, NULL) && g_strcmp0 (info.code, "UA") == 0)
        return side;
    }
  return DM_SIDE_A;
}

gboolean
dm_zone_preset_make (DmZonePreset preset, DmDocument *document, DmBasemap *basemap, GPtrArray *rules, GError **error)
{
  g_return_val_if_fail (preset < DM_ZONE_N_PRESETS, FALSE);
  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  switch (preset)
    {
    case DM_ZONE_PRESET_DMZ_5MI:
      g_ptr_array_add (rules, dm_zone_rule_new_default_dmz ());
      return TRUE;
    case DM_ZONE_PRESET_MINSK_II:
      {
        /* Package of Measures, 12 February 2015, point 2. */
        const struct {
          const char *name;
          double km;
          const char *color; /* each its own, to tell the nested bands apart */
        } lines[] = {
          { N_ ("Artillery of 100 mm and more (Minsk II)"), 50, "#9141ac" },
          { N_ ("Multiple rocket launchers (Minsk II)"), 70, "#c64600" },
          { N_ ("Tornado-S, Uragan, Smerch, Tochka-U (Minsk II)"), 140, "#865e3c" },
        };

        for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
          {
            DmZoneRule *rule =
              dm_zone_rule_new_line_band (_ (lines[i].name), DM_ZONE_WITHDRAWAL, lines[i].km * 1e3, lines[i].km * 1e3);

            g_free (rule->color);
            rule->color = g_strdup (lines[i].color);
            g_ptr_array_add (rules, rule);
          }
        return TRUE;
      }
    case DM_ZONE_PRESET_DONETSK_BUFFER:
      {
        DmRegionInfo info;
        DmZoneRule *rule;

        g_return_val_if_fail (basemap != NULL, FALSE);
        if (!dm_basemap_find_region_info (basemap, "UA-14", &info, error))
          return FALSE;
        rule = dm_zone_rule_new_region_side (_ ("Donetsk buffer zone"), DM_ZONE_DEMILITARISED, info.geometry,
                                             ukraine_side (document, basemap));
        rule->region_name = g_strdup (info.code);
        /* Not the DMZ's colour, which it meets along the line. */
        g_free (rule->color);
        rule->color = g_strdup ("#26a269");
        g_ptr_array_add (rules, rule);
        return TRUE;
      }
    case DM_ZONE_PRESET_NATO_100MI:
    case DM_ZONE_PRESET_UKRAINE_BELARUS:
      {
        gboolean nato = preset == DM_ZONE_PRESET_NATO_100MI;
        DmZoneRule *rule;

        g_return_val_if_fail (basemap != NULL, FALSE);
        rule = dm_zone_rule_new_border_band (basemap, dm_zone_preset_get_title (preset), DM_ZONE_RESTRICTION,
                                             nato ? 100 * DM_METRES_PER_MILE : 50e3, nato ? "RU" : "UA",
                                             nato ? "NATO" : "BY", nato ? "RU" : NULL, error);
        if (rule == NULL)
          return FALSE;
        g_ptr_array_add (rules, rule);
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}
