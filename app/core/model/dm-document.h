/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-feature.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-zone-rule.h"

G_BEGIN_DECLS

/* What a DmDocument::changed emission says changed. */
typedef struct {
  DmChangeKind kind;
  guint feature_id;   /* 0 when the change is not about one feature */
  guint first_vertex; /* for vertex changes */
  guint n_vertices;
} DmChange;

#define DM_TYPE_CHANGE (dm_change_get_type ())
GType dm_change_get_type (void) G_GNUC_CONST;

#define DM_TYPE_DOCUMENT (dm_document_get_type ())
G_DECLARE_FINAL_TYPE (DmDocument, dm_document, DM, DOCUMENT, GObject)

/*
 * DmDocument: the one model.  Contact lines and land swaps belong to
 * proposals (named versions; one is active); annotations and reference
 * layers are shared by all proposals.  Every change is a command on an
 * unlimited undo stack and emits DmDocument::changed once.
 */
DmDocument *dm_document_new (void);

/* The names Demarcate gives by itself, whatever language it speaks: the
 * sides of a file that names none, its first proposal and contact line,
 * the default DMZ and the presets' zones (dm-zone-presets.c), in every
 * language of the catalogues as the program was built.  @name in English when it is one of them,
 * in any language (the fingerprint: a file read in Ukrainian has the
 * fingerprint it has in English); else @name. */
const char *dm_document_default_name_in_english (const char *name);
/* @name as the thread's language says it (dm_i18n_get_language()) when
 * it is one of those names, in whichever language it was given (a page
 * printed in Ukrainian from an English window); else @name. */
const char *dm_document_default_name_localized (const char *name);

/* Sides */
const char *dm_document_get_side_name (DmDocument *self, DmSide side);
/* "#rrggbb" */
const char *dm_document_get_side_color (DmDocument *self, DmSide side);
void dm_document_set_side (DmDocument *self, DmSide side, const char *name, const char *color);

/* Features of the active proposal plus annotations (and, for
 * DM_ROLE_REFERENCE, every reference layer's features).  Pass -1 for all
 * roles but reference.  Returns new references. */
GPtrArray *dm_document_list_features (DmDocument *self, int role);
/* The contact line of the active proposal (one feature, of one part or
 * several), or NULL. */
DmFeature *dm_document_get_contact_line (DmDocument *self);
/* The lon/lat box of what the document shows: its contact line's, else
 * every feature's (unwrapped longitudes may pass ±180).  FALSE, @box
 * unset, when there is nothing. */
gboolean dm_document_get_extent (DmDocument *self, double box[4]);
/* @geometry (not yet in the document) moved by whole turns of longitude
 * beside what the document holds (dm_geometry_wrap_near() to the middle
 * of its extent); left alone when the document is empty. */
void dm_document_wrap_beside (DmDocument *self, DmGeometry *geometry);
DmFeature *dm_document_lookup_feature (DmDocument *self, guint id);
/* Adds to the active proposal (lines, swaps) or to the shared annotations;
 * returns the new id.  Reference features go through reference layers. */
guint dm_document_add_feature (DmDocument *self, DmFeature *feature);
void dm_document_remove_feature (DmDocument *self, guint id);

/* Editing geometry: vertex indices count over the feature's coordinates. */
void dm_document_move_vertex (DmDocument *self, guint id, guint index, double lon, double lat);
void
dm_document_move_vertices (DmDocument *self, guint id, const guint *indices, guint n_indices, double dlon, double dlat);
void dm_document_insert_vertex (DmDocument *self, guint id, guint index, double lon, double lat);
void dm_document_remove_vertex (DmDocument *self, guint id, guint index);
void dm_document_set_geometry (DmDocument *self, guint id, DmGeometry *geometry);
/* Swaps the sides of a contact line by reversing its direction. */
void dm_document_reverse_line (DmDocument *self, guint id);
void dm_document_set_feature_name (DmDocument *self, guint id, const char *name);
void dm_document_set_feature_text (DmDocument *self, guint id, const char *text);
void dm_document_set_swap_sides (DmDocument *self, guint id, DmSide from_side, DmSide to_side);

/* The contact line of a proposal is one feature of one part or several
 * (real front lines meet borders, have bridgeheads and islands): adding
 * another contact line to a proposal that has one adds its parts.
 * Editing its parts, each one undo step (dm-line-ops.h does the
 * geometry): splitting cuts the part holding the inner vertex @vertex
 * in two (@new_part_out: the second half's index); FALSE when @id is no
 * line or @vertex ends its part. */
gboolean dm_document_split_line (DmDocument *self, guint id, guint vertex, guint *new_part_out);
/* Joins two parts end to start when their ends lie within @max_gap_m
 * (see dm_line_join_parts()). */
gboolean
dm_document_join_parts (DmDocument *self, guint id, guint part_a, guint part_b, double max_gap_m, GError **error);
/* Deletes one part; the whole feature when it is the only one. */
void dm_document_remove_part (DmDocument *self, guint id, guint part);
/* Swaps one part's sides by reversing its direction. */
void dm_document_reverse_part (DmDocument *self, guint id, guint part);
/* Douglas–Peucker with @tolerance_m; returns how many vertices went (no
 * undo step when none did). */
guint dm_document_simplify_feature (DmDocument *self, guint id, double tolerance_m);

/* Proposals */
guint dm_document_get_n_proposals (DmDocument *self);
const char *dm_document_get_proposal_name (DmDocument *self, guint index);
guint dm_document_get_active_proposal (DmDocument *self);
void dm_document_set_active_proposal (DmDocument *self, guint index);
/* Features of any proposal (borrowed, do not modify). */
GPtrArray *dm_document_get_proposal_features (DmDocument *self, guint index);
/* A new proposal, a copy of the active one's lines and swaps when
 * @copy_active, else empty; it becomes active.  Returns its index. */
guint dm_document_add_proposal (DmDocument *self, const char *name, gboolean copy_active);
void dm_document_rename_proposal (DmDocument *self, guint index, const char *name);
void dm_document_remove_proposal (DmDocument *self, guint index);

/* Reference layers (imported, read-only) */
guint dm_document_get_n_reference_layers (DmDocument *self);
const char *dm_document_get_reference_layer_name (DmDocument *self, guint index);
const char *dm_document_get_reference_layer_source (DmDocument *self, guint index);
GPtrArray *dm_document_get_reference_layer_features (DmDocument *self, guint index);
/* @features: (transfer full) of DmFeature with role DM_ROLE_REFERENCE */
guint dm_document_add_reference_layer (DmDocument *self, const char *name, const char *source, GPtrArray *features);
void dm_document_remove_reference_layer (DmDocument *self, guint index);

/* Zone rules (shared by all proposals).  A change reports the rule's
 * index in DmChange.first_vertex. */
guint dm_document_get_n_zone_rules (DmDocument *self);
const DmZoneRule *dm_document_get_zone_rule (DmDocument *self, guint index);
/* @rule: (transfer full) */
guint dm_document_add_zone_rule (DmDocument *self, DmZoneRule *rule);
/* @rule: (transfer full); consecutive changes of one rule coalesce
 * (a width followed as a spin button turns is one undo step). */
void dm_document_set_zone_rule (DmDocument *self, guint index, DmZoneRule *rule);
void dm_document_remove_zone_rule (DmDocument *self, guint index);
/* The rule at @from put at @to (indices before the move), one undo step;
 * zones are drawn and listed in this order. */
void dm_document_move_zone_rule (DmDocument *self, guint from, guint to);

/* Undo and redo */
gboolean dm_document_can_undo (DmDocument *self);
gboolean dm_document_can_redo (DmDocument *self);
const char *dm_document_get_undo_label (DmDocument *self);
const char *dm_document_get_redo_label (DmDocument *self);
gboolean dm_document_undo (DmDocument *self);
gboolean dm_document_redo (DmDocument *self);
guint dm_document_get_undo_depth (DmDocument *self);
guint dm_document_get_redo_depth (DmDocument *self);
/* The label of the step @depth back in the undo (or redo) history, 0
 * being the next one; NULL past the end. */
const char *dm_document_get_history_label (DmDocument *self, gboolean redo, guint depth);
/* Ends coalescing: the next move of the same vertex starts a new step
 * (the GUI calls it when a drag ends). */
void dm_document_seal_undo (DmDocument *self);
/* Unsaved changes: any edit since the file was opened or last saved
 * that undo has not taken back ("modified" property). */
gboolean dm_document_is_modified (DmDocument *self);
/* The current state is what is on disk now. */
void dm_document_mark_saved (DmDocument *self);
/* The current state is not on disk (work recovered after a crash). */
void dm_document_mark_unsaved (DmDocument *self);
/* Forgets every undo and redo step (after loading a file). */
void dm_document_clear_history (DmDocument *self);
/* Several edits as one undo step. */
void dm_document_begin_group (DmDocument *self, const char *label);
void dm_document_end_group (DmDocument *self);
/* Grows by one on every change (and undo/redo): cheap staleness checks. */
guint64 dm_document_get_revision (DmDocument *self);

G_END_DECLS
