/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dm-basemap.h"
#include "dm-cli.h"
#include "dm-zone-presets.h"

/* The options every command that makes zones takes: the DMZ's widths,
 * withdrawal bands, clipping, zones made of a region's side. */

/* "No forces=100mi:RU/NATO:RU": NAME=WIDTH:X/Y[:INSIDE] (both when no
 * INSIDE); widths in km unless they say otherwise. */
static DmZoneRule *
parse_border_band (DmBasemap *basemap, const char *spec, GError **error)
{
  g_auto (GStrv) name_rest = g_strsplit (spec, "=", 2);
  g_auto (GStrv) parts = NULL;
  g_auto (GStrv) pair = NULL;
  double distance;

  if (g_strv_length (name_rest) == 2)
    parts = g_strsplit (name_rest[1], ":", 3);
  if (parts != NULL && g_strv_length (parts) >= 2)
    pair = g_strsplit (parts[1], "/", 2);
  if (pair == NULL || g_strv_length (pair) != 2 || *g_strstrip (name_rest[0]) == '\0' ||
      *g_strstrip (pair[0]) == '\0' || *g_strstrip (pair[1]) == '\0' ||
      (parts[2] != NULL && *g_strstrip (parts[2]) == '\0'))
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _ ("“%s” is not a border band: write NAME=WIDTH:X/Y or NAME=WIDTH:X/Y:INSIDE, for example "
                      "“No forces=100mi:RU/NATO:RU”"),
                   spec);
      return NULL;
    }
  if (!dm_parse_distance (parts[0], DM_LENGTH_KM, &distance, error))
    return NULL;
  return dm_zone_rule_new_border_band (basemap, name_rest[0], DM_ZONE_RESTRICTION, distance, pair[0], pair[1], parts[2],
                                       error);
}

/* "Heavy artillery=50km" (both sides) or "MLRS=0,70km" (side A, side B). */
static gboolean
parse_band (const char *spec, DmZoneRule **rule, GError **error)
{
  g_auto (GStrv) name_widths = g_strsplit (spec, "=", 2);
  g_auto (GStrv) widths = NULL;
  double a, b;

  if (g_strv_length (name_widths) != 2 || *g_strstrip (name_widths[0]) == '\0')
    {
      g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                   _ ("“%s” is not a band: write NAME=WIDTH or NAME=WIDTH_A,WIDTH_B, for example “Artillery=50km”"),
                   spec);
      return FALSE;
    }
  widths = g_strsplit (name_widths[1], ",", 2);
  if (!dm_parse_distance (widths[0], DM_LENGTH_KM, &a, error))
    return FALSE;
  b = a;
  if (widths[1] != NULL && !dm_parse_distance (widths[1], DM_LENGTH_KM, &b, error))
    return FALSE;
  *rule = dm_zone_rule_new_line_band (name_widths[0], DM_ZONE_WITHDRAWAL, a, b);
  return TRUE;
}

void
dm_cli_zone_options_clear (DmCliZoneOptions *o)
{
  g_clear_pointer (&o->dmz, g_free);
  g_clear_pointer (&o->side_a, g_free);
  g_clear_pointer (&o->side_b, g_free);
  g_clear_pointer (&o->clip, g_free);
  g_clear_pointer (&o->bands, g_strfreev);
  g_clear_pointer (&o->region_zones, g_strfreev);
  g_clear_pointer (&o->border_bands, g_strfreev);
}

GOptionEntry *
dm_cli_zone_option_entries (DmCliZoneOptions *o)
{
  static GOptionEntry entries[8];
  const GOptionEntry model[] = {
    { "dmz", 0, 0, G_OPTION_ARG_STRING, &o->dmz, N_ ("Total DMZ width, spread equally on each side (default 5mi)"),
      N_ ("WIDTH") },
    { "side-a", 0, 0, G_OPTION_ARG_STRING, &o->side_a,
      N_ ("DMZ width on side A, left of the line (0 for a one-sided zone)"), N_ ("WIDTH") },
    { "side-b", 0, 0, G_OPTION_ARG_STRING, &o->side_b, N_ ("DMZ width on side B, right of the line"), N_ ("WIDTH") },
    { "band", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->bands,
      N_ (
        "A withdrawal band NAME=WIDTH or NAME=WIDTH_A,WIDTH_B; repeat for nested lines (Minsk II: 50km, 70km, 140km)"),
      N_ ("SPEC") },
    { "clip", 0, 0, G_OPTION_ARG_STRING, &o->clip, N_ ("Clip the DMZ and bands to a basemap region (e.g. UA)"),
      N_ ("REGION") },
    { "region-zone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->region_zones,
      N_ ("A demilitarised zone made of a region’s part on one side, REGION:A or REGION:B (e.g. “UA-14:A”, the "
          "28-point plan’s buffer zone)"),
      N_ ("SPEC") },
    { "border-band", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->border_bands,
      N_ ("A zone within WIDTH of the land border between X and Y (country codes or names, NATO, or several "
          "joined by +), inside INSIDE or both: NAME=WIDTH:X/Y[:INSIDE], e.g. “No forces=100mi:RU/NATO:RU”"),
      N_ ("SPEC") },
    { NULL }
  };

  memcpy (entries, model, sizeof model);
  return entries;
}

/* Replaces the document's zone rules by those the options ask for. */
gboolean
dm_cli_apply_zone_options (DmDocument *doc, DmCliZoneOptions *o, GError **error)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autoptr (DmBasemap) basemap = NULL;
  const DmGeometry *clip = NULL;
  const char *clip_name = NULL;

  if (o->clip != NULL || o->region_zones != NULL || o->border_bands != NULL)
    {
      if ((basemap = dm_basemap_get_default (error)) == NULL)
        return FALSE;
    }
  if (o->clip != NULL && (clip = dm_basemap_find_region (basemap, o->clip, &clip_name, error)) == NULL)
    return FALSE;

  if (o->dmz != NULL || o->side_a != NULL || o->side_b != NULL || o->clip != NULL)
    {
      g_autoptr (DmZoneRule) rule = dm_zone_rule_new_default_dmz ();

      if (o->dmz != NULL)
        {
          double total;

          if (!dm_parse_distance (o->dmz, DM_LENGTH_MI, &total, error))
            return FALSE;
          /* "Spread equally on each side of the line" (the policy paper). */
          rule->width_a_m = rule->width_b_m = total / 2;
        }
      if (o->side_a != NULL && !dm_parse_distance (o->side_a, DM_LENGTH_MI, &rule->width_a_m, error))
        return FALSE;
      if (o->side_b != NULL && !dm_parse_distance (o->side_b, DM_LENGTH_MI, &rule->width_b_m, error))
        return FALSE;
      g_ptr_array_add (rules, g_steal_pointer (&rule));
    }
  for (guint i = 0; o->bands != NULL && o->bands[i] != NULL; i++)
    {
      DmZoneRule *rule = NULL;

      if (!parse_band (o->bands[i], &rule, error))
        return FALSE;
      g_ptr_array_add (rules, rule);
    }
  for (guint i = 0; clip != NULL && i < rules->len; i++)
    {
      DmZoneRule *rule = g_ptr_array_index (rules, i);

      rule->region = dm_geometry_copy (clip);
      rule->region_name = g_strdup (clip_name);
    }
  for (guint i = 0; o->region_zones != NULL && o->region_zones[i] != NULL; i++)
    {
      const char *spec = o->region_zones[i];
      const char *colon = strrchr (spec, ':');
      g_autofree char *region_name = NULL;
      const DmGeometry *region;
      const char *display = NULL;
      DmRegionInfo info;
      DmSide side;
      DmZoneRule *rule;
      g_autofree char *name = NULL;

      if (colon == NULL || (g_ascii_strcasecmp (colon + 1, "A") != 0 && g_ascii_strcasecmp (colon + 1, "B") != 0))
        {
          g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID,
                       _ ("“%s” is not a region zone: write REGION:A or REGION:B, for example “UA-14:A”"), spec);
          return FALSE;
        }
      region_name = g_strndup (spec, colon - spec);
      side = g_ascii_strcasecmp (colon + 1, "A") == 0 ? DM_SIDE_A : DM_SIDE_B;
      if (!dm_basemap_find_region_info (basemap, region_name, &info, error))
        return FALSE;
      region = info.geometry;
      display = info.name;
      /* Translators: a zone made of the part of a region on one side, e.g. “Donetsk, side A” */
      name = g_strdup_printf (_ ("%s, side %s"), display, side == DM_SIDE_A ? "A" : "B");
      rule = dm_zone_rule_new_region_side (name, DM_ZONE_DEMILITARISED, region, side);
      /* The code, as the window keeps it: the same in every language. */
      rule->region_name = g_strdup (info.code != NULL ? info.code : display);
      g_ptr_array_add (rules, rule);
    }
  for (guint i = 0; o->border_bands != NULL && o->border_bands[i] != NULL; i++)
    {
      DmZoneRule *rule = parse_border_band (basemap, o->border_bands[i], error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (rules, rule);
    }
  if (rules->len == 0)
    return TRUE;

  while (dm_document_get_n_zone_rules (doc) > 0)
    dm_document_remove_zone_rule (doc, 0);
  for (guint i = 0; i < rules->len; i++)
    dm_document_add_zone_rule (doc, dm_zone_rule_copy (g_ptr_array_index (rules, i)));
  return TRUE;
}
