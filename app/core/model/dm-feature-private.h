/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-feature.h"

G_BEGIN_DECLS

/* Only DmDocument and its commands change features. */
void _dm_feature_set_id (DmFeature *self, guint id);
DmGeometry *_dm_feature_get_geometry_mut (DmFeature *self);
void _dm_feature_set_geometry (DmFeature *self, DmGeometry *geometry);
void _dm_feature_set_name (DmFeature *self, const char *name);
void _dm_feature_set_text (DmFeature *self, const char *text);
void _dm_feature_set_sides (DmFeature *self, DmSide from_side, DmSide to_side);
void _dm_feature_set_property (DmFeature *self, const char *key, const char *value);

G_END_DECLS
