/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-basemap.h"
#include "dm-document.h"
#include "dm-zone-rule.h"

G_BEGIN_DECLS

/*
 * Zones the agreements and plans name, made in one step, and the zone at a
 * distance from a border between countries (or groups such as NATO), as
 * the window's zones panel and the CLI's --border-band make them.
 */

/* The longest distance a zone may reach from its line or border. */
#define DM_ZONE_MAX_DISTANCE_M 1000e3

typedef enum {
  DM_ZONE_PRESET_DMZ_5MI,         /* the policy paper's DMZ: 2.5 mi each side */
  DM_ZONE_PRESET_MINSK_II,        /* 50, 70 and 140 km withdrawal lines, per side */
  DM_ZONE_PRESET_DONETSK_BUFFER,  /* the 28-point plan: Ukraine's part of Donetsk oblast */
  DM_ZONE_PRESET_NATO_100MI,      /* Russian forces 100 mi from NATO's land border */
  DM_ZONE_PRESET_UKRAINE_BELARUS, /* Ukraine–Belarus border: 50 km each side */
  DM_ZONE_N_PRESETS
} DmZonePreset;

/* Short, translated: “Minsk II withdrawal lines”. */
const char *dm_zone_preset_get_title (DmZonePreset preset);
/* One translated sentence saying what the preset makes. */
const char *dm_zone_preset_get_description (DmZonePreset preset);

/* The preset's rules for @document (the Donetsk buffer zone goes on the
 * side that holds Ukraine's name), added to @rules; FALSE with @error set
 * when the basemap lacks what it needs. */
gboolean
dm_zone_preset_make (DmZonePreset preset, DmDocument *document, DmBasemap *basemap, GPtrArray *rules, GError **error);

/* A band within @distance_m of the land border between @a and @b (codes,
 * names, "NATO", or several joined by "+"), kept inside @inside (NULL: in
 * both).  Refuses a distance that is not above 0 or is over
 * DM_ZONE_MAX_DISTANCE_M, and countries that share no border. */
DmZoneRule *dm_zone_rule_new_border_band (DmBasemap *basemap,
                                          const char *name,
                                          DmZoneKind kind,
                                          double distance_m,
                                          const char *a,
                                          const char *b,
                                          const char *inside,
                                          GError **error);

G_END_DECLS
