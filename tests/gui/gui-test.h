/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dm-engine.h"
#include "dm-tile-source.h"
#include "dm-window.h"
#include "gui-test-find.h"

/* What every GUI test does: TAP lines, the main loop spun, the engine's
 * figures awaited, and an orderly end. */

#define SKIP 77 /* meson's exit status for a skipped test: no display */

static int n_tests;
static int n_failed;

static inline void
check (gboolean ok, const char *name)
{
  n_tests++;
  if (!ok)
    n_failed++;
  g_print ("%s %d %s\n", ok ? "ok" : "not ok", n_tests, name);
}

/* The main loop, for @ms. */
static inline void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Complete results (territory and warnings too) of the document as it is
 * now, within @seconds; NULL if they do not come. */
static inline DmResults *
settled_results (DmWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      DmEngine *engine;
      DmResults *r;

      g_main_context_iteration (NULL, FALSE);
      engine = (DmEngine *) dm_window_get_engine (window);
      if (engine == NULL || dm_window_is_loading (window) || dm_engine_is_busy (engine))
        continue;
      r = dm_engine_get_results (engine);
      if (r != NULL && r->complete && r->revision == dm_document_get_revision (dm_engine_get_document (engine)))
        return r;
    }
  return NULL;
}

/* The plan line, once no tile is being drawn; the exit status. */
static inline int
gui_test_finish (void)
{
  dm_tile_source_finish_renders (2000);
  g_print ("1..%d\n", n_tests);
  return n_failed > 0 ? 1 : 0;
}
