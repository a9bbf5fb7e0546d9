/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dm-analytics.h"
#include "dm-compare.h"
#include "dm-warnings.h"
#include "dm-zones.h"

G_BEGIN_DECLS

/* One zone rule's figures. */
typedef struct {
  DmZoneRule *rule;
  DmZoneResult *zone; /* NULL when it could not be made: see error */
  char *error;
  DmSettlements *settlements; /* places inside (NULL without a basemap) */
  GArray *countries;          /* DmRegionArea: a border band's area in each
                               * country it lies in, when it may lie in
                               * more than one; else NULL */
} DmZoneFigures;

/*
 * DmResults: every figure the engine computes for one revision of a
 * document.  Immutable and reference counted: the worker makes it, the
 * GUI, the CLI, exports and print read it.
 */
typedef struct {
  guint64 revision; /* the document revision it belongs to */
  gboolean has_line;
  double line_length_m;
  GArray *part_lengths_m; /* double: each part of the contact line, in order */
  guint line_vertices;
  GPtrArray *zones; /* DmZoneFigures, one per zone rule in order */
  GPtrArray *swaps; /* DmSwapFigures, in document order */
  DmSwapBalance balance;
  DmTerritory *territory; /* NULL: see territory_error */
  char *territory_error;
  GPtrArray *warnings; /* DmWarning: where to look and why */
  /* Against another proposal (dm_engine_set_compare_proposal): what
   * changes hands from it to this one.  NULL: none asked, or see
   * comparison_error. */
  DmComparison *comparison;
  char *comparison_error;
  char *comparison_name; /* the proposal compared with */
  /* The proposal's fingerprint (dm-fingerprint.h), of slow_revision like
   * the territory: 64 hex digits. */
  char *fingerprint;
  DmMonitoringRatio monitoring_ratio; /* the reference the estimate scales */
  double observers;                   /* monitoring estimate */
  double patrols_per_day;
  double compute_ms;      /* wall time of the computation */
  guint tiles_recomputed; /* zone tiles recomputed for this revision */
  /* FALSE while edits come fast (a drag): zones, settlements in them,
   * length, swaps and monitoring are of this revision; territory and
   * warnings are still those of slow_revision. */
  gboolean complete;
  guint64 slow_revision;
  gpointer slow; /* private: owns territory and warnings */
} DmResults;

/* The figures of the land swap that is feature @feature_id, or NULL. */
const DmSwapFigures *dm_results_find_swap (DmResults *results, guint feature_id);

#define DM_TYPE_RESULTS (dm_results_get_type ())
GType dm_results_get_type (void) G_GNUC_CONST;
DmResults *dm_results_ref (DmResults *results);
void dm_results_unref (DmResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmResults, dm_results_unref)

G_END_DECLS
