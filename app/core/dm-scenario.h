/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-document.h"

G_BEGIN_DECLS

/*
 * Plain geodata as a document.  A file holding one line makes that line the
 * contact line as digitised (side A on its left); features whose `role`
 * property says "contact_line", "land_swap" or "annotation" take that role;
 * everything else becomes a reference layer.  Side names and colours come
 * from `side_a`, `side_b`, `side_a_color`, `side_b_color` properties when
 * present.  A document made so starts with the zone rules a Demarcate
 * export wrote in the contact line's `zone_rules` attribute, else with the
 * default DMZ (2.5 mi each side), and an empty undo history.  Features
 * whose role is "zone" (an export's computed zones) are left out.  When
 * @layer_name is NULL and the layer read has roles, the file's other
 * layers are read too (a KML export keeps each role in a folder).
 */
DmDocument *dm_scenario_load_geodata (const char   *path,
                                      const char   *layer_name,
                                      GCancellable *cancellable,
                                      GError      **error);

/* A Demarcate project (dm_project_load), or else any geodata
 * (dm_scenario_load_geodata): what the CLI and "Open" accept. */
DmDocument *dm_scenario_load         (const char   *path,
                                      GCancellable *cancellable,
                                      GError      **error);

G_END_DECLS
