/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-analytics.h"
#include "dm-compare.h"
#include "dm-document.h"
#include "dm-warnings.h"
#include "dm-zones.h"

G_BEGIN_DECLS

/* One zone rule's figures. */
typedef struct {
  DmZoneRule *rule;
  DmZoneResult *zone;   /* NULL when it could not be made: see error */
  char *error;
  DmSettlements *settlements;   /* places inside (NULL without a basemap) */
} DmZoneFigures;

/*
 * DmResults: every figure the engine computes for one revision of a
 * document.  Immutable and reference counted: the worker makes it, the
 * GUI, the CLI, exports and print read it.
 */
typedef struct {
  guint64 revision;          /* the document revision it belongs to */
  gboolean has_line;
  double line_length_m;
  guint line_vertices;
  GPtrArray *zones;          /* DmZoneFigures, one per zone rule in order */
  GPtrArray *swaps;          /* DmSwapFigures, in document order */
  DmSwapBalance balance;
  DmTerritory *territory;    /* NULL: see territory_error */
  char *territory_error;
  GPtrArray *warnings;       /* DmWarning: where to look and why */
  /* Against another proposal (dm_engine_set_compare_proposal): what
   * changes hands from it to this one.  NULL: none asked, or see
   * comparison_error. */
  DmComparison *comparison;
  char *comparison_error;
  char *comparison_name;     /* the proposal compared with */
  DmMonitoringRatio monitoring_ratio;  /* the reference the estimate scales */
  double observers;          /* monitoring estimate */
  double patrols_per_day;
  double compute_ms;         /* wall time of the computation */
  guint tiles_recomputed;    /* zone tiles recomputed for this revision */
  /* FALSE while edits come fast (a drag): zones, settlements in them,
   * length, swaps and monitoring are of this revision; territory and
   * warnings are still those of slow_revision. */
  gboolean complete;
  guint64 slow_revision;
  gpointer slow;             /* private: owns territory and warnings */
} DmResults;

#define DM_TYPE_RESULTS (dm_results_get_type ())
GType       dm_results_get_type (void) G_GNUC_CONST;
DmResults  *dm_results_ref      (DmResults *results);
void        dm_results_unref    (DmResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmResults, dm_results_unref)

#define DM_TYPE_ENGINE (dm_engine_get_type ())
G_DECLARE_FINAL_TYPE (DmEngine, dm_engine, DM, ENGINE, GObject)

/*
 * DmEngine: follows a document and keeps its results current, off the
 * main thread.  Each change is noted (which vertices of the contact line
 * moved); dm_engine_update() hands a job to the engine's worker thread,
 * which recomputes only what the noted changes touched.  Jobs queued
 * behind one supersede it, and a newer job cancels the slow part of an
 * older one.  DmEngine::results-changed is emitted on the main context
 * when fresh results are in.
 */
DmEngine   *dm_engine_new              (DmDocument    *document);
DmDocument *dm_engine_get_document     (DmEngine      *self);
/* The latest results (NULL before the first); see DmResults.complete. */
DmResults  *dm_engine_get_results      (DmEngine      *self);
/* Asks for results of the current revision, in the worker thread.  Zones
 * and the figures that follow them come first, as results that are not
 * yet complete; territory and warnings follow once no newer update has
 * come for DM_ENGINE_QUIET_MS, so a continuous drag keeps the zones live. */
#define DM_ENGINE_QUIET_MS 60

void        dm_engine_update           (DmEngine      *self);
/* Waits up to @timeout_ms for the quick results of the document's current
 * revision and publishes them at once (DmEngine::results-changed is
 * emitted before it returns).  For a frame that would rather show fresh
 * zones a few milliseconds late than stale ones on time.  TRUE when the
 * results are current. */
gboolean    dm_engine_wait             (DmEngine      *self,
                                        guint          timeout_ms);
/* Computes in the calling thread (CLI, tests, benchmarks). */
DmResults  *dm_engine_compute          (DmEngine      *self,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean    dm_engine_is_busy          (DmEngine      *self);
/* The region whose split is reported as territory: a basemap name or code
 * ("UA", "Ukraine", "UA-14"); NULL (default): side A's name. */
void        dm_engine_set_territory_region (DmEngine  *self,
                                        const char    *name_or_code);
/* Compare the active proposal with proposal @index (−1: none); a change
 * takes effect with the next update. */
void        dm_engine_set_compare_proposal (DmEngine  *self,
                                        int            index);
int         dm_engine_get_compare_proposal (DmEngine  *self);
void        dm_engine_set_monitoring_ratio (DmEngine  *self,
                                        const DmMonitoringRatio *ratio);

G_END_DECLS
