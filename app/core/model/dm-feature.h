/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dm-geometry.h"
#include "dm-types.h"

G_BEGIN_DECLS

#define DM_TYPE_FEATURE (dm_feature_get_type ())
G_DECLARE_FINAL_TYPE (DmFeature, dm_feature, DM, FEATURE, GObject)

/*
 * A feature of a document: a contact line, a land swap, an annotation or a
 * feature of a reference layer.  Features are changed only through
 * DmDocument, so that every change is a command on the undo stack; the
 * accessors here only read.
 */
DmFeature *dm_feature_new (DmRole role, const char *name, DmGeometry *geometry);
guint dm_feature_get_id (DmFeature *self);
DmRole dm_feature_get_role (DmFeature *self);
const char *dm_feature_get_name (DmFeature *self);
/* The text of an annotation, the description of other features. */
const char *dm_feature_get_text (DmFeature *self);
const DmGeometry *dm_feature_get_geometry (DmFeature *self);
/* Land swaps: the side that gives the land and the side that receives it;
 * DM_SIDE_NONE means "inferred from where the swap lies". */
DmSide dm_feature_get_from_side (DmFeature *self);
DmSide dm_feature_get_to_side (DmFeature *self);
/* Attributes carried over from imported data (utf8 → utf8). */
const char *dm_feature_get_property (DmFeature *self, const char *key);
GHashTable *dm_feature_get_properties (DmFeature *self);
/* A deep copy with no id, for new proposals. */
DmFeature *dm_feature_duplicate (DmFeature *self);
gboolean dm_feature_equal (DmFeature *a, DmFeature *b);

G_END_DECLS

G_BEGIN_DECLS
DmFeature *dm_feature_new_annotation (double lon, double lat, const char *text);
DmFeature *dm_feature_new_land_swap (const char *name, DmGeometry *geometry, DmSide from_side, DmSide to_side);
/* An observation post of a monitoring plan on @side (DM_SIDE_NONE: the
 * side it stands on) with a sensor of @range_m (0: the plan's).  Both are
 * kept as its "side" and "range_m" attributes, so files carry them. */
DmFeature *dm_feature_new_observation_post (double lon, double lat, DmSide side, double range_m);
DmSide dm_feature_get_post_side (DmFeature *self);
/* 0 when it has none (or not a number above 0). */
double dm_feature_get_post_range_m (DmFeature *self);
/* Imported attributes may be attached before the feature joins a document. */
void dm_feature_take_properties (DmFeature *self, GHashTable *properties);
G_END_DECLS
