/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the engine alone: making results and sharing their slow figures. */

#include "dm-results.h"

G_BEGIN_DECLS

/* Territory and warnings: the slow figures, shared by the complete
 * results that made them and the quick ones that follow until the next
 * complete results. */
typedef struct {
  DmTerritory *territory;
  char *territory_error;
  GPtrArray *warnings; /* DmWarning */
  DmComparison *comparison;
  char *comparison_error;
  char *comparison_name;
  char *fingerprint;
} DmSlowFigures;

DmSlowFigures *dm_slow_figures_new (void);
void dm_slow_figures_unref (DmSlowFigures *slow);
DmResults *dm_results_new (void);
/* Points @r's territory, warnings and comparison at @slow (a new
 * reference), the figures of @revision. */
void dm_results_set_slow (DmResults *r, DmSlowFigures *slow, guint64 revision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSlowFigures, dm_slow_figures_unref)

G_END_DECLS
