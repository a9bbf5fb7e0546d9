/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-derive.h"
#include "dm-document.h"
#include "dm-import.h"

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
DmDocument *
dm_scenario_load_geodata (const char *path, const char *layer_name, GCancellable *cancellable, GError **error);

/* The same, saying how the document came about (see
 * dm_scenario_load_full()). */
DmDocument *dm_scenario_load_geodata_full (const char *path,
                                           const char *layer_name,
                                           const DmDeriveOptions *derive_options,
                                           DmDeriveReport **derived,
                                           GCancellable *cancellable,
                                           GError **error);

/* A Demarcate project (dm_project_load), or else any geodata
 * (dm_scenario_load_geodata): what the CLI and "Open" accept. */
DmDocument *dm_scenario_load (const char *path, GCancellable *cancellable, GError **error);

/*
 * The same, saying how the document came about.  A file that holds only
 * polygons (a tracker's control-of-territory snapshot) is a polygon of
 * held territory: its contact line is derived (dm-derive.h, with
 * @derive_options, NULL for the defaults), side A is named after its
 * country and side B after the neighbour its territory adjoins, and the
 * polygon stays as a reference layer; the proposal takes the file's
 * name.  @derived: (out) (optional) what deriving made of it, NULL when
 * the file held its line.  @is_project: (out) (optional) whether it was
 * a Demarcate project; @problems: (out) (optional) what is wrong with a
 * project that opened anyway (dm_project_load), NULL when nothing is.
 */
DmDocument *dm_scenario_load_full (const char *path,
                                   const DmDeriveOptions *derive_options,
                                   DmDeriveReport **derived,
                                   gboolean *is_project,
                                   GStrv *problems,
                                   GCancellable *cancellable,
                                   GError **error);

/* A document's contact line as a polygon of held territory gives it:
 * @held derived against the basemap, named after @source_name (a file
 * name).  What the window's Import and dm_scenario_load_full() share. */
DmFeature *dm_scenario_derive_line (const DmGeometry *held,
                                    const char *source_name,
                                    const DmDeriveOptions *derive_options,
                                    DmDeriveReport **report,
                                    GError **error);

/* A layer's contact line as a document made from it has it (its
 * features whose role says so, or the lines of a layer of lines alone, as
 * the parts of one line), else its longest line: what "Import Contact
 * Line" takes.  NULL: the layer holds no line. */
DmGeometry *dm_scenario_pick_line (DmImportLayer *layer);

/* The file's name without its folder and extension, as a proposal made
 * from it is named: “occupied-2025-11-01” for “…/occupied-2025-11-01.geojson”. */
char *dm_scenario_source_stem (const char *path);

/* Why @doc has no contact line, for a message that says what the file
 * at @path holds and what to do; NULL when it has one. */
char *dm_scenario_explain_no_line (DmDocument *doc, const char *path);

G_END_DECLS
