/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"

G_BEGIN_DECLS

/* Loading a project: adds @feature like dm_document_add_feature(), but a
 * feature given an id (_dm_feature_set_id) keeps it, so that ids survive
 * saving and opening; the id must not be in use.  Ids given later count
 * on from the largest.  Features of reference layers keep theirs the same
 * way when added through dm_document_add_reference_layer(). */
guint _dm_document_add_feature_keep_id (DmDocument *self, DmFeature *feature);

G_END_DECLS
