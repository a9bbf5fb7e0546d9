/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drag latency: from a pointer motion event during a vertex drag to the
 * first frame that shows the DMZ and figures recomputed for (at least)
 * that motion, with contact lines of 3,000 and 30,000 vertices.  A motion
 * comes at the start of every frame (the frame clock ticks at 60 Hz
 * through the drag), where GTK 4 delivers pointer motion: in the frame
 * clock's flush-events phase, before the frame is updated, laid out and
 * painted.  Newer motions supersede older ones' computations, so an
 * event's latency is the time until a frame shows results of its
 * revision or a later one.
 *
 *   bench-edit [--quick]
 *
 * Prints a table and one "BENCH drag-latency" line per size, with where
 * the time goes: the frame (layout and paint), motion → results on the
 * main thread, and the engine's own computation.  --quick
 * (the test suite's smoke run) drags a 3,000-vertex line for 1 s and
 * fails if no frame ever showed fresh results.  Skips (77) without a
 * display. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dm-bench.h"
#include "dm-document-layer.h"
#include "dm-edit-layer.h"
#include "dm-engine.h"
#include "dm-export.h"
#include "dm-tile-source.h"
#include "dm-window.h"

#define SKIP 77
/* Motions per second: one a frame at 60 Hz. */
#define MOTIONS_PER_S 60

typedef struct {
  gint64 time;      /* when the motion event was handled (µs) */
  guint64 revision; /* the document revision it produced */
  gint64 results;   /* when results covering it reached the main thread */
} Motion;

typedef struct {
  DmWindow *window;
  DmEditLayer *edit;
  DmEngine *engine;
  GArray *pending;   /* Motion: waiting for a frame */
  GArray *latencies; /* double, ms */
  double x0, y0;
  guint step, n_steps;
  gboolean dragging;
  guint frames;
  guint frames_fresh;
  gint64 layout_start;
  GArray *frame_ms; /* double: layout + paint of each frame, ms */
  GArray *paint_ms; /* double: paint (snapshot and render) of each frame, ms */
  gint64 layout_end;
  GArray *results_ms; /* double: motion → results on the main thread */
  GArray *compute_ms; /* double: DmResults.compute_ms of each quick result */
} Bench;

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted, double p)
{
  if (sorted->len == 0)
    return NAN;
  return g_array_index (sorted, double, MIN ((guint) floor (p * (sorted->len - 1) + 0.5), sorted->len - 1));
}

/* Each frame painted: every motion whose revision the drawn results
 * cover is now on screen. */
static void
after_paint (GdkFrameClock *clock, Bench *b)
{
  DmResults *r = dm_engine_get_results (b->engine);
  gint64 now = g_get_monotonic_time ();
  gboolean fresh = FALSE;

  b->frames++;
  if (b->layout_start > 0)
    {
      double ms = (now - b->layout_start) / 1000.0;

      g_array_append_val (b->frame_ms, ms);
      b->layout_start = 0;
    }
  if (r == NULL)
    return;
  for (guint i = 0; i < b->pending->len;)
    {
      Motion *m = &g_array_index (b->pending, Motion, i);

      if (m->revision <= r->revision)
        {
          if (m->results > 0)
            {
              double rms = (m->results - m->time) / 1000.0;

              g_array_append_val (b->results_ms, rms);
            }
          double ms = (now - m->time) / 1000.0;

          g_array_append_val (b->latencies, ms);
          g_array_remove_index (b->pending, i);
          fresh = TRUE;
        }
      else
        i++;
    }
  b->frames_fresh += fresh;
}

/* Results reached the main thread: the motions they cover have waited
 * this long for the computation. */
static void
results_changed (DmEngine *engine, Bench *b)
{
  DmResults *r = dm_engine_get_results (engine);
  gint64 now = g_get_monotonic_time ();

  if (r == NULL)
    return;
  if (!r->complete)
    g_array_append_val (b->compute_ms, r->compute_ms);
  for (guint i = 0; i < b->pending->len; i++)
    {
      Motion *m = &g_array_index (b->pending, Motion, i);

      if (m->revision <= r->revision && m->results == 0)
        m->results = now;
    }
}

/* Connected after GTK's own handlers: "layout" ends as layout does,
 * "paint" as painting (snapshot and render) does. */
static void
layout_done (GdkFrameClock *clock, Bench *b)
{
  b->layout_end = g_get_monotonic_time ();
}

static void
paint_done (GdkFrameClock *clock, Bench *b)
{
  if (b->layout_end > 0)
    {
      double ms = (g_get_monotonic_time () - b->layout_end) / 1000.0;

      g_array_append_val (b->paint_ms, ms);
      b->layout_end = 0;
    }
}

/* The start of a frame: a pointer motion, as GTK delivers it. */
static void
frame_start (GdkFrameClock *clock, Bench *b)
{
  DmDocument *doc = dm_engine_get_document (b->engine);
  Motion m;
  double t = (double) b->step / 20.0;

  b->layout_start = g_get_monotonic_time ();
  if (!b->dragging)
    return;
  if (b->step >= b->n_steps)
    {
      dm_edit_layer_drag_end (b->edit, b->x0, b->y0);
      b->dragging = FALSE;
      gdk_frame_clock_end_updating (clock);
      return;
    }
  /* A small circle around the vertex's start: each motion moves it. */
  m.time = g_get_monotonic_time ();
  m.results = 0;
  dm_edit_layer_drag_update (b->edit, b->x0 + 25 * sin (t), b->y0 + 25 * (1 - cos (t)));
  m.revision = dm_document_get_revision (doc);
  g_array_append_val (b->pending, m);
  b->step++;
}

static gboolean
wait_results (DmEngine *engine, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      DmResults *r = dm_engine_get_results (engine);

      g_main_context_iteration (NULL, FALSE);
      if (r != NULL && r->revision == dm_document_get_revision (dm_engine_get_document (engine)))
        return TRUE;
    }
  return FALSE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* One size: a window on a generated line, a vertex near the middle
 * dragged in a circle for @seconds. */
static gboolean
run (guint n_vertices,
     double seconds,
     double *median,
     double *p95,
     guint *n_events,
     guint *n_frames,
     guint *n_fresh,
     double *frame_median,
     double *results_median,
     double *compute_median,
     double *paint_median)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (n_vertices, 7, 0);
  g_autoptr (GHashTable) props = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dm-bench-edit-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  Bench b = { 0 };
  double lon, lat, x, y;
  guint index = n_vertices / 2;
  GdkFrameClock *clock;
  gulong handler, layout_handler, paint_handler, start_handler, results_handler;

  if (dir == NULL)
    {
      g_printerr ("bench-edit: %s\n", error->message);
      return FALSE;
    }
  path = g_build_filename (dir, "line.geojson", NULL);
  g_hash_table_insert (props, (char *) "role", (char *) "contact_line");
  if (!dm_export_geometry (line, props, "contact_line", path, &error))
    {
      g_printerr ("bench-edit: %s\n", error->message);
      return FALSE;
    }

  dm_geometry_get_point (line, index, &lon, &lat);
  b.window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1300, 850);
  dm_window_go_to (b.window, lat, lon, 11);
  file = g_file_new_for_path (path);
  dm_window_open (b.window, file);
  gtk_window_present (GTK_WINDOW (b.window));
  while (dm_window_get_engine (b.window) == NULL || dm_window_is_loading (b.window))
    g_main_context_iteration (NULL, TRUE);
  b.engine = (DmEngine *) dm_window_get_engine (b.window);
  if (!wait_results (b.engine, 120))
    {
      g_printerr ("bench-edit: no results for the %u-vertex line\n", n_vertices);
      return FALSE;
    }
  spin (500);
  b.edit = DM_EDIT_LAYER (dm_window_get_edit_layer (b.window));
  {
    DmFeature *feature = dm_document_get_contact_line (dm_engine_get_document (b.engine));
    ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (b.edit));

    dm_edit_layer_select (b.edit, dm_feature_get_id (feature), NULL, 0);
    dm_geometry_get_point (dm_feature_get_geometry (feature), index, &lon, &lat);
    shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (b.edit), lat, lon, &x, &y);
  }
  b.x0 = x;
  b.y0 = y;
  b.pending = g_array_new (FALSE, FALSE, sizeof (Motion));
  b.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  b.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.results_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.compute_ms = g_array_new (FALSE, FALSE, sizeof (double));
  results_handler = g_signal_connect (b.engine, "results-changed", G_CALLBACK (results_changed), &b);
  b.n_steps = (guint) (seconds * MOTIONS_PER_S);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &b);
  layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (layout_done), &b);
  paint_handler = g_signal_connect (clock, "paint", G_CALLBACK (paint_done), &b);
  start_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_start), &b);
  if (!dm_edit_layer_drag_begin (b.edit, x, y, 0))
    {
      g_printerr ("bench-edit: the drag did not take the vertex at %.0f,%.0f\n", x, y);
      return FALSE;
    }
  b.dragging = TRUE;
  gdk_frame_clock_begin_updating (clock);
  while (b.dragging)
    g_main_context_iteration (NULL, TRUE);
  /* The last motions' results. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (b.pending->len > 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (clock, layout_handler);
  g_signal_handler_disconnect (clock, paint_handler);
  g_signal_handler_disconnect (clock, start_handler);
  g_signal_handler_disconnect (b.engine, results_handler);
  {
    DmDocumentLayerStats st;

    dm_document_layer_get_stats (DM_DOCUMENT_LAYER (dm_window_get_layer (b.window)), &st);
    g_print ("  document layer: %u frames, %u whole and %u partial redraws of its picture (the last %.1f ms)\n",
             st.frames, st.full_redraws, st.partial_redraws, st.last_redraw_ms);
  }
  g_array_sort (b.frame_ms, compare_double);
  *frame_median = percentile (b.frame_ms, 0.5);
  g_array_unref (b.frame_ms);
  g_array_sort (b.paint_ms, compare_double);
  *paint_median = percentile (b.paint_ms, 0.5);
  g_array_unref (b.paint_ms);
  g_array_sort (b.results_ms, compare_double);
  g_array_sort (b.compute_ms, compare_double);
  *results_median = percentile (b.results_ms, 0.5);
  *compute_median = percentile (b.compute_ms, 0.5);
  g_array_unref (b.results_ms);
  g_array_unref (b.compute_ms);

  g_array_sort (b.latencies, compare_double);
  *median = percentile (b.latencies, 0.5);
  *p95 = percentile (b.latencies, 0.95);
  *n_events = b.latencies->len;
  *n_frames = b.frames;
  *n_fresh = b.frames_fresh;
  g_array_unref (b.pending);
  g_array_unref (b.latencies);
  gtk_window_destroy (GTK_WINDOW (b.window));
  spin (100);
  g_unlink (path);
  g_rmdir (dir);
  return *n_events > 0;
}

int
main (int argc, char **argv)
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  const guint sizes[] = { 3000, 30000 };
  gboolean ok = TRUE;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("no display (run under xvfb-run): skipped\n");
      return SKIP;
    }
  if (!gtk_init_check ())
    return SKIP;
  adw_init ();

  g_print ("Drag latency: motion event → frame showing the recomputed DMZ and figures\n");
  g_print ("%-10s %8s %10s %10s %8s %14s %14s\n", "vertices", "events", "median", "p95", "frames", "fresh frames",
           "frame (median)");
  for (guint i = 0; i < (quick ? 1 : G_N_ELEMENTS (sizes)); i++)
    {
      double median = NAN, p95 = NAN, frame = NAN, results = NAN, compute = NAN, paint = NAN;
      guint n_events = 0, n_frames = 0, n_fresh = 0;

      if (!run (sizes[i], quick ? 1.0 : 6.0, &median, &p95, &n_events, &n_frames, &n_fresh, &frame, &results, &compute,
                &paint))
        {
          ok = FALSE;
          continue;
        }
      g_print ("%-10u %8u %8.1f ms %8.1f ms %8u %14u %11.1f ms\n", sizes[i], n_events, median, p95, n_frames, n_fresh,
               frame);
      g_print ("BENCH drag-latency vertices=%u median_ms=%.2f p95_ms=%.2f events=%u frames=%u fresh_frames=%u "
               "frame_median_ms=%.2f paint_median_ms=%.2f results_median_ms=%.2f compute_median_ms=%.2f\n",
               sizes[i], median, p95, n_events, n_frames, n_fresh, frame, paint, results, compute);
      ok &= n_fresh > 0 && isfinite (median);
    }
  dm_tile_source_finish_renders (2000);
  return ok ? 0 : 1;
}
