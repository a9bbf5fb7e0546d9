/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-results-private.h"

static void
zone_figures_free (gpointer data)
{
  DmZoneFigures *z = data;

  dm_zone_rule_free (z->rule);
  g_clear_pointer (&z->zone, dm_zone_result_unref);
  g_clear_pointer (&z->settlements, dm_settlements_free);
  g_clear_pointer (&z->countries, g_array_unref);
  g_free (z->error);
  g_free (z);
}

static void
slow_figures_clear (gpointer data)
{
  DmSlowFigures *slow = data;

  g_clear_pointer (&slow->territory, dm_territory_free);
  g_free (slow->territory_error);
  g_clear_pointer (&slow->comparison, dm_comparison_free);
  g_free (slow->comparison_error);
  g_free (slow->comparison_name);
  g_free (slow->fingerprint);
  g_ptr_array_unref (slow->warnings);
}

void
dm_slow_figures_unref (DmSlowFigures *slow)
{
  g_atomic_rc_box_release_full (slow, slow_figures_clear);
}

DmSlowFigures *
dm_slow_figures_new (void)
{
  DmSlowFigures *slow = g_atomic_rc_box_new0 (DmSlowFigures);

  slow->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_warning_free);
  return slow;
}

void
dm_results_set_slow (DmResults *r, DmSlowFigures *slow, guint64 revision)
{
  g_clear_pointer ((DmSlowFigures **) &r->slow, dm_slow_figures_unref);
  r->slow = g_atomic_rc_box_acquire (slow);
  r->territory = slow->territory;
  r->territory_error = slow->territory_error;
  r->warnings = slow->warnings;
  r->comparison = slow->comparison;
  r->comparison_error = slow->comparison_error;
  r->comparison_name = slow->comparison_name;
  r->fingerprint = slow->fingerprint;
  r->slow_revision = revision;
}

DmResults *
dm_results_new (void)
{
  DmResults *r = g_atomic_rc_box_new0 (DmResults);

  r->zones = g_ptr_array_new_with_free_func (zone_figures_free);
  r->part_lengths_m = g_array_new (FALSE, FALSE, sizeof (double));
  r->swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  return r;
}

static void
results_clear (gpointer data)
{
  DmResults *r = data;

  g_ptr_array_unref (r->zones);
  g_array_unref (r->part_lengths_m);
  g_ptr_array_unref (r->swaps);
  g_clear_pointer ((DmSlowFigures **) &r->slow, dm_slow_figures_unref);
}

DmResults *
dm_results_ref (DmResults *results)
{
  g_return_val_if_fail (results != NULL, NULL);
  return g_atomic_rc_box_acquire (results);
}

void
dm_results_unref (DmResults *results)
{
  if (results != NULL)
    g_atomic_rc_box_release_full (results, results_clear);
}

G_DEFINE_BOXED_TYPE (DmResults, dm_results, dm_results_ref, dm_results_unref)

const DmSwapFigures *
dm_results_find_swap (DmResults *results, guint feature_id)
{
  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; results->swaps != NULL && i < results->swaps->len; i++)
    {
      const DmSwapFigures *sf = g_ptr_array_index (results->swaps, i);

      if (sf->feature_id == feature_id)
        return sf;
    }
  return NULL;
}
