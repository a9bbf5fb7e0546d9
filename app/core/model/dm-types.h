/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Side A lies to the left of the contact line's direction, side B to its right. */
typedef enum {
  DM_SIDE_NONE,
  DM_SIDE_A,
  DM_SIDE_B,
} DmSide;

typedef enum {
  DM_ROLE_CONTACT_LINE,
  DM_ROLE_LAND_SWAP,
  DM_ROLE_ANNOTATION,
  DM_ROLE_REFERENCE,
  DM_ROLE_OBSERVATION_POST, /* of a monitoring plan: a point, its side and sensor range */
} DmRole;

/* What a DmDocument::changed emission is about. */
typedef enum {
  DM_CHANGE_VERTICES_MOVED,  /* feature, first_vertex, n_vertices */
  DM_CHANGE_VERTEX_INSERTED, /* feature, first_vertex: the new vertex */
  DM_CHANGE_VERTEX_REMOVED,  /* feature, first_vertex: where it was */
  DM_CHANGE_GEOMETRY,        /* feature: the whole geometry changed */
  DM_CHANGE_FEATURE_ADDED,
  DM_CHANGE_FEATURE_REMOVED,
  DM_CHANGE_FEATURE_PROPERTIES,
  DM_CHANGE_SIDES,
  DM_CHANGE_PROPOSALS,       /* one added, removed or renamed */
  DM_CHANGE_ACTIVE_PROPOSAL, /* another is active: every feature shown changed */
  DM_CHANGE_REFERENCE_LAYERS,
  DM_CHANGE_ZONE_RULES,
} DmChangeKind;

DmSide dm_side_opposite (DmSide side);
/* "A", "B", or NULL for DM_SIDE_NONE: how files write a side. */
const char *dm_side_to_letter (DmSide side);
/* The inverse; DM_SIDE_NONE for anything else (NULL too). */
DmSide dm_side_from_letter (const char *letter);
const char *dm_role_to_string (DmRole role);
gboolean dm_role_from_string (const char *str, DmRole *role);

G_END_DECLS
