/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-document.h"
#include "dm-results.h"

G_BEGIN_DECLS

#define DM_TYPE_ENGINE (dm_engine_get_type ())
G_DECLARE_FINAL_TYPE (DmEngine, dm_engine, DM, ENGINE, GObject)

/*
 * DmEngine: follows a document and keeps its results current, off the
 * main thread.  Each change is noted (which vertices of the contact line
 * moved); dm_engine_update() hands a job to the engine's worker thread,
 * which recomputes only what the noted changes touched.  Jobs queued
 * behind one supersede it, and a newer job cancels the slow part of an
 * older one.  DmEngine::results-changed is emitted on the main context
 * when fresh results are in, and DmEngine:results (a DmResults, the
 * latest) notifies then, for widgets that bind to it.  An engine that
 * follows its document (DmEngine:follows-document) asks for its own
 * updates.
 */
DmEngine *dm_engine_new (DmDocument *document);
DmDocument *dm_engine_get_document (DmEngine *self);
/* The latest results (NULL before the first); see DmResults.complete. */
DmResults *dm_engine_get_results (DmEngine *self);
/* Asks for results of the current revision, in the worker thread.  Zones
 * and the figures that follow them come first, as results that are not
 * yet complete; territory and warnings follow once no newer update has
 * come for DM_ENGINE_FOLLOW_MS when the territory can be carried by
 * difference (dm-territory-cache.h), else once none has for
 * DM_ENGINE_QUIET_MS, so a continuous drag keeps the zones live. */
#define DM_ENGINE_FOLLOW_MS 10
#define DM_ENGINE_QUIET_MS  60

void dm_engine_update (DmEngine *self);
/* When TRUE (DmEngine:follows-document), the engine updates itself: on
 * every change to the document, on every change of what it is asked to
 * compute (region, comparison, monitoring ratio), and at once when set.
 * The window's engines follow their documents; the CLI's compute when
 * asked (dm_engine_compute). */
void dm_engine_set_follows_document (DmEngine *self, gboolean follows);
gboolean dm_engine_get_follows_document (DmEngine *self);
/* Waits up to @timeout_ms for the quick results of the document's current
 * revision and publishes them at once (DmEngine::results-changed is
 * emitted before it returns).  For a frame that would rather show fresh
 * zones a few milliseconds late than stale ones on time.  TRUE when the
 * results are current. */
gboolean dm_engine_wait (DmEngine *self, guint timeout_ms);
/* Computes in the calling thread (CLI, tests, benchmarks). */
DmResults *dm_engine_compute (DmEngine *self, GCancellable *cancellable, GError **error);
gboolean dm_engine_is_busy (DmEngine *self);
/* The region whose split is reported as territory: a basemap name or code
 * ("UA", "Ukraine", "UA-14"); NULL (default): side A's name. */
void dm_engine_set_territory_region (DmEngine *self, const char *name_or_code);
/* Compare the active proposal with proposal @index (−1: none); a change
 * takes effect with the next update ("compare-proposal" is notified).  A
 * comparison with a proposal removed, or made the active one, ends (−1). */
void dm_engine_set_compare_proposal (DmEngine *self, int index);
int dm_engine_get_compare_proposal (DmEngine *self);
void dm_engine_set_monitoring_ratio (DmEngine *self, const DmMonitoringRatio *ratio);

G_END_DECLS
