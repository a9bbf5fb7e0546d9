/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the map window (issue 4): time to the first frame with the
 * sample's contact line and DMZ on screen, frame times while panning and
 * zooming (the sample alone, then with a 300,000-vertex reference layer at
 * zoom 6, 8 and 10), the document layer's own drawing time, and memory.
 * Prints a table and one "BENCH gui ..." line per figure set.
 *
 * Frame times come from the window's GdkFrameClock: a frame's CPU time is
 * from its "before-paint" phase to the end of "after-paint" (update, with
 * the view change, layout, then paint: snapshot and render).  The document
 * layer's snapshot is timed in the window by wrapping its class's snapshot
 * (it moves or scales its kept picture, redrawing it when the view has
 * moved past its margin or settled at a new zoom); what drawing the whole
 * document would cost each frame is timed apart, replaying each frame's
 * view into an image surface with dm_document_renderer_draw().  No source
 * of the application is changed.
 *
 * --quick runs a few frames of each and fails (exit 1) when nothing was
 * drawn or a figure is nonsense; without a display it skips (77).  Run
 * under Xvfb: meson test -C build --benchmark --suite gui -v. */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dm-basemap-renderer.h"
#include "dm-bench.h"
#include "dm-document-layer.h"
#include "dm-document.h"
#include "dm-engine.h"
#include "dm-tile-source.h"
#include "dm-window.h"

#define SKIP 77
/* The application's initial view (dm-application.c). */
#define APP_LAT  47.8
#define APP_LON  35.5
#define APP_ZOOM 7.0
/* Pan: the centre goes once round a circle of this radius (pixels). */
#define PAN_RADIUS_PX 250.0
/* Zoom: a sine of this amplitude (levels) round the base zoom. */
#define ZOOM_AMPLITUDE 1.0
/* A frame at 60 Hz. */
#define TARGET_MS 16.0

typedef enum {
  MOVE_PAN,
  MOVE_ZOOM,
} Move;

typedef struct {
  double total_ms;    /* before-paint → after-paint */
  double update_ms;   /* before-paint → end of layout */
  double paint_ms;    /* end of layout → end of paint (snapshot + render) */
  double snapshot_ms; /* the document layer's snapshot (cairo recording) */
  double interval_ms; /* since the previous frame ended */
  guint n_snapshots;
  guint vertices;
  DmViewport view;
} Frame;

/* What the offscreen draws show: everything, then each kind alone. */
enum {
  PASS_ALL,
  PASS_ZONES,
  PASS_LINE,
  PASS_REFS,
  PASS_OTHER,
  N_PASSES
};
static const DmDocumentLayers pass_layers[N_PASSES] = {
  DM_DOCUMENT_LAYER_ALL,
  DM_DOCUMENT_LAYER_ZONES,
  DM_DOCUMENT_LAYER_LINE,
  DM_DOCUMENT_LAYER_REFERENCES,
  DM_DOCUMENT_LAYER_SWAPS | DM_DOCUMENT_LAYER_ANNOTATIONS | DM_DOCUMENT_LAYER_WARNINGS,
};
static const char *pass_names[N_PASSES] = { "all", "zones", "line", "refs", "other" };

typedef struct {
  const char *name;
  Move move;
  double lat, lon, zoom;
  guint n_frames;
  GArray *frames;            /* Frame */
  GArray *draw_ms[N_PASSES]; /* double: offscreen dm_document_renderer_draw */
} Run;

static struct {
  gboolean quick;
  guint n_frames;
  guint n_ref_vertices;
  int width, height;

  gint64 t_main, t_gtk_init, t_window;
  double exec_to_main_ms;

  DmWindow *window;
  GtkWidget *map, *layer;
  GdkFrameClock *clock;

  /* The frame in progress. */
  gint64 t_begin, t_layout, t_paint, t_last_end;
  double frame_snapshot_ms;
  guint frame_snapshots;
  gboolean frame_drew_line;    /* the layer drew with a document */
  gboolean frame_drew_results; /* ... and with the engine's results */
  guint frames_seen;

  /* Start-up marks (µs, monotonic; 0 until seen). */
  gint64 t_first_frame, t_first_line, t_first_dmz;
  double first_dmz_frame_ms;

  /* After the reference layer is added: its first drawn frame. */
  gint64 t_ref_added, t_ref_first;
  double ref_first_frame_ms;
  guint ref_vertices_before;
  gboolean waiting_ref;

  /* The run being recorded. */
  Run *run;
  guint index;
  gboolean recording;
  guint tick_id;
} B;

static void (*layer_snapshot_parent) (GtkWidget *, GtkSnapshot *);

static double
ms_since (gint64 t0, gint64 t1)
{
  return (t1 - t0) / 1000.0;
}

static DmEngine *
engine (void)
{
  return B.window != NULL ? (DmEngine *) dm_window_get_engine (B.window) : NULL;
}

static DmDocumentRenderer *
renderer (void)
{
  return dm_document_layer_get_renderer (DM_DOCUMENT_LAYER (B.layer));
}

/* Time from exec to now, from /proc/self/stat's start time (clock ticks
 * since boot, so to 10 ms or so); negative if unknown. */
static double
exec_to_now_ms (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  unsigned long long start_ticks = 0;
  struct timespec now;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return -1;
  /* Fields after the command name (which may hold spaces): state is
   * field 3, starttime field 22. */
  p = strrchr (stat, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                           &start_ticks) != 1)
    return -1;
  clock_gettime (CLOCK_BOOTTIME, &now);
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1000.0;
}

static void
read_memory (long *rss_kb, long *hwm_kb)
{
  g_autofree char *status = NULL;
  const char *p;

  *rss_kb = *hwm_kb = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((p = strstr (status, "VmRSS:")) != NULL)
    *rss_kb = strtol (p + 6, NULL, 10);
  if ((p = strstr (status, "VmHWM:")) != NULL)
    *hwm_kb = strtol (p + 6, NULL, 10);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile (q in 0..1) of @values. */
static double
percentile (GArray *values, double q)
{
  g_autoptr (GArray) sorted = NULL;
  guint rank;

  if (values == NULL || values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  rank = (guint) ceil (q * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

/* One field of every frame of @run, as doubles. */
static GArray *
frame_field (const Run *run, gsize offset, gboolean is_uint)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < run->frames->len; i++)
    {
      const guint8 *f = (const guint8 *) &g_array_index (run->frames, Frame, i);
      double v = is_uint ? *(const guint *) (f + offset) : *(const double *) (f + offset);

      g_array_append_val (values, v);
    }
  return values;
}

static double
frame_stat (const Run *run, gsize offset, double q)
{
  g_autoptr (GArray) values = frame_field (run, offset, FALSE);

  return percentile (values, q);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the main loop for @ms, sleeping when idle (a busy loop would take
 * a CPU from the tile workers). */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @done or @seconds pass. */
static gboolean
wait_until (gboolean (*done) (void), guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done ())
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

/* The document layer's snapshot, timed: its class's own, wrapped. */
static void
timed_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  gint64 t0 = g_get_monotonic_time ();
  DmEngine *e = engine ();

  layer_snapshot_parent (widget, snapshot);
  B.frame_snapshot_ms += ms_since (t0, g_get_monotonic_time ());
  B.frame_snapshots++;
  if (e != NULL && dm_document_renderer_get_last_vertex_count (renderer ()) > 0)
    {
      B.frame_drew_line = TRUE;
      if (dm_engine_get_results (e) != NULL)
        B.frame_drew_results = TRUE;
    }
}

static void
before_paint (GdkFrameClock *clock, gpointer data)
{
  B.t_begin = g_get_monotonic_time ();
  B.t_layout = B.t_paint = 0;
  B.frame_snapshot_ms = 0;
  B.frame_snapshots = 0;
  B.frame_drew_line = B.frame_drew_results = FALSE;
}

/* Connected after the window's own handlers, so these mark their end. */
static void
after_layout (GdkFrameClock *clock, gpointer data)
{
  B.t_layout = g_get_monotonic_time ();
}

static void
after_render (GdkFrameClock *clock, gpointer data)
{
  B.t_paint = g_get_monotonic_time ();
}

static void
after_paint (GdkFrameClock *clock, gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 begin = B.t_begin != 0 ? B.t_begin : now;
  double total = ms_since (begin, now);

  B.frames_seen++;
  if (B.t_first_frame == 0)
    B.t_first_frame = now;
  if (B.t_first_line == 0 && B.frame_drew_line)
    B.t_first_line = now;
  if (B.t_first_dmz == 0 && B.frame_drew_results)
    {
      B.t_first_dmz = now;
      B.first_dmz_frame_ms = total;
    }
  if (B.waiting_ref && B.frame_snapshots > 0 &&
      dm_document_renderer_get_last_vertex_count (renderer ()) > B.ref_vertices_before)
    {
      B.waiting_ref = FALSE;
      B.t_ref_first = now;
      B.ref_first_frame_ms = total;
    }

  if (B.recording && B.run != NULL && B.index < B.run->n_frames)
    {
      Frame f = { 0 };

      f.total_ms = total;
      f.update_ms = ms_since (begin, B.t_layout != 0 ? B.t_layout : begin);
      f.paint_ms = ms_since (B.t_layout != 0 ? B.t_layout : begin, B.t_paint != 0 ? B.t_paint : now);
      f.snapshot_ms = B.frame_snapshot_ms;
      f.n_snapshots = B.frame_snapshots;
      f.interval_ms = B.t_last_end != 0 ? ms_since (B.t_last_end, now) : NAN;
      f.vertices = dm_document_renderer_get_last_vertex_count (renderer ());
      dm_document_layer_get_view (DM_DOCUMENT_LAYER (B.layer), &f.view);
      g_array_append_val (B.run->frames, f);
      B.index++;
    }
  B.t_last_end = now;
  B.t_begin = 0;
}

/* The view of frame @i of @run. */
static void
run_view (const Run *run, guint i, double *lat, double *lon, double *zoom)
{
  double phase = 2 * G_PI * i / run->n_frames;

  *lat = run->lat;
  *lon = run->lon;
  *zoom = run->zoom;
  if (run->move == MOVE_PAN)
    {
      DmViewport vp = { run->lat, run->lon, run->zoom, 2, 2, 0, 256 };

      /* From the centre of a 2×2 view, so (1, 1) is the base centre. */
      dm_viewport_to_location (&vp, 1 + PAN_RADIUS_PX * sin (phase),
                               1 + PAN_RADIUS_PX * (1 - cos (phase)) - PAN_RADIUS_PX / 2, lon, lat);
    }
  else
    *zoom = run->zoom + ZOOM_AMPLITUDE * sin (phase);
}

static void
set_view (double lat, double lon, double zoom)
{
  ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (B.map));

  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (SHUMATE_MAP (B.map), lat, lon);
}

/* In the frame's update phase: the next view of the run. */
static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  double lat, lon, zoom;

  if (B.run == NULL || B.index >= B.run->n_frames)
    {
      B.recording = FALSE;
      B.tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  run_view (B.run, B.index, &lat, &lon, &zoom);
  set_view (lat, lon, zoom);
  B.recording = TRUE;
  return G_SOURCE_CONTINUE;
}

static gboolean
run_done (void)
{
  return B.run == NULL || B.index >= B.run->n_frames;
}

static gboolean
has_dmz_frame (void)
{
  return B.t_first_dmz != 0;
}

static gboolean
has_ref_frame (void)
{
  return !B.waiting_ref;
}

static gboolean
has_results (void)
{
  return engine () != NULL && dm_engine_get_results (engine ()) != NULL;
}

/* Each recorded view drawn again into an image surface the size of the
 * layer: what cairo spends rasterising the document, with the layers the
 * window shows, then each kind alone. */
static void
time_offscreen (Run *run)
{
  DmDocumentRenderer *r = renderer ();
  DmDocumentLayers layers = dm_document_renderer_get_layers (r);
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;

  for (int pass = 0; pass < N_PASSES; pass++)
    {
      GArray *out = run->draw_ms[pass];

      dm_document_renderer_set_layers (r, layers & pass_layers[pass]);
      for (guint i = 0; i < run->frames->len; i++)
        {
          const DmViewport *vp = &g_array_index (run->frames, Frame, i).view;
          gint64 t0;
          double ms;

          if (surface == NULL)
            {
              surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) vp->width, (int) vp->height);
              cr = cairo_create (surface);
            }
          cairo_save (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_restore (cr);
          t0 = g_get_monotonic_time ();
          dm_document_renderer_draw (r, cr, vp);
          cairo_surface_flush (surface);
          ms = ms_since (t0, g_get_monotonic_time ());
          g_array_append_val (out, ms);
        }
    }
  dm_document_renderer_set_layers (r, layers);
  g_clear_pointer (&cr, cairo_destroy);
  g_clear_pointer (&surface, cairo_surface_destroy);
}

static Run *
run_new (const char *name, Move move, double lat, double lon, double zoom)
{
  Run *run = g_new0 (Run, 1);

  run->name = name;
  run->move = move;
  run->lat = lat;
  run->lon = lon;
  run->zoom = zoom;
  run->n_frames = B.n_frames;
  run->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  for (int pass = 0; pass < N_PASSES; pass++)
    run->draw_ms[pass] = g_array_new (FALSE, FALSE, sizeof (double));
  return run;
}

static void
run_free (Run *run)
{
  g_array_unref (run->frames);
  for (int pass = 0; pass < N_PASSES; pass++)
    g_array_unref (run->draw_ms[pass]);
  g_free (run);
}

/* Goes to the run's first view, lets tiles land, then records one frame
 * per view.  FALSE if the frames did not come. */
static gboolean
record (Run *run)
{
  double lat, lon, zoom;
  gboolean ok;

  run_view (run, 0, &lat, &lon, &zoom);
  set_view (lat, lon, zoom);
  spin (B.quick ? 300 : 2000);

  B.run = run;
  B.index = 0;
  B.recording = FALSE;
  B.tick_id = gtk_widget_add_tick_callback (B.map, tick, NULL, NULL);
  ok = wait_until (run_done, 30 + run->n_frames / 10);
  if (B.tick_id != 0)
    gtk_widget_remove_tick_callback (B.map, B.tick_id);
  B.tick_id = 0;
  B.recording = FALSE;
  B.run = NULL;
  time_offscreen (run);
  return ok && run->frames->len == run->n_frames;
}

/* A run's figures are sane: every frame drawn the document and took a
 * positive, finite time. */
static gboolean
run_sane (const Run *run, GString *why)
{
  guint drawn = 0, with_vertices = 0;

  if (run->frames->len == 0 || run->frames->len != run->n_frames)
    {
      g_string_append_printf (why, "%s: %u of %u frames; ", run->name, run->frames->len, run->n_frames);
      return FALSE;
    }
  for (guint i = 0; i < run->frames->len; i++)
    {
      const Frame *f = &g_array_index (run->frames, Frame, i);

      if (!(f->total_ms > 0 && f->total_ms < 60000) || !(f->paint_ms >= 0))
        {
          g_string_append_printf (why, "%s: frame %u took %g ms; ", run->name, i, f->total_ms);
          return FALSE;
        }
      drawn += f->n_snapshots > 0;
      with_vertices += f->vertices > 0;
    }
  /* The layer redraws whenever the view moves. */
  if (drawn < run->frames->len * 9 / 10 || with_vertices < run->frames->len * 9 / 10)
    {
      g_string_append_printf (why, "%s: the layer drew in %u, with vertices in %u, of %u frames; ", run->name, drawn,
                              with_vertices, run->frames->len);
      return FALSE;
    }
  if (!(percentile (run->draw_ms[PASS_ALL], 0.5) > 0))
    {
      g_string_append_printf (why, "%s: offscreen draw took no time; ", run->name);
      return FALSE;
    }
  return TRUE;
}

static void
print_run_row (const Run *run)
{
  g_autoptr (GArray) vertices = frame_field (run, G_STRUCT_OFFSET (Frame, vertices), TRUE);
  double median = frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 0.5);

  g_print ("  %-16s %5.1f %6u %7.2f %7.2f %7.2f %8.2f %8.2f %8.2f %8.2f %9.0f %8.2f  %s\n", run->name, run->zoom,
           run->frames->len, median, frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 0.95),
           frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 1.0),
           frame_stat (run, G_STRUCT_OFFSET (Frame, paint_ms), 0.5),
           frame_stat (run, G_STRUCT_OFFSET (Frame, snapshot_ms), 0.5), percentile (run->draw_ms[PASS_ALL], 0.5),
           percentile (run->draw_ms[PASS_ALL], 0.95), percentile (vertices, 0.5),
           frame_stat (run, G_STRUCT_OFFSET (Frame, interval_ms), 0.5), median < TARGET_MS ? "yes" : "NO");
}

static void
print_run_bench (const Run *run, const char *renderer_name)
{
  g_autoptr (GArray) vertices = frame_field (run, G_STRUCT_OFFSET (Frame, vertices), TRUE);
  g_autoptr (GArray) intervals = frame_field (run, G_STRUCT_OFFSET (Frame, interval_ms), FALSE);
  double median = frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 0.5);

  /* The first frame has no interval. */
  if (intervals->len > 0)
    g_array_remove_index (intervals, 0);
  g_print ("BENCH gui frames run=%s renderer=%s zoom=%.1f frames=%u "
           "frame_median_ms=%.3f frame_p95_ms=%.3f frame_max_ms=%.3f "
           "update_layout_median_ms=%.3f paint_median_ms=%.3f paint_p95_ms=%.3f "
           "layer_snapshot_median_ms=%.3f layer_snapshot_p95_ms=%.3f "
           "doc_draw_median_ms=%.3f doc_draw_p95_ms=%.3f doc_draw_max_ms=%.3f "
           "zones_draw_median_ms=%.3f line_draw_median_ms=%.3f refs_draw_median_ms=%.3f "
           "other_draw_median_ms=%.3f vertices_median=%.0f vertices_max=%.0f "
           "interval_median_ms=%.3f interval_p95_ms=%.3f median_under_16ms=%s\n",
           run->name, renderer_name, run->zoom, run->frames->len, median,
           frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 0.95),
           frame_stat (run, G_STRUCT_OFFSET (Frame, total_ms), 1.0),
           frame_stat (run, G_STRUCT_OFFSET (Frame, update_ms), 0.5),
           frame_stat (run, G_STRUCT_OFFSET (Frame, paint_ms), 0.5),
           frame_stat (run, G_STRUCT_OFFSET (Frame, paint_ms), 0.95),
           frame_stat (run, G_STRUCT_OFFSET (Frame, snapshot_ms), 0.5),
           frame_stat (run, G_STRUCT_OFFSET (Frame, snapshot_ms), 0.95), percentile (run->draw_ms[PASS_ALL], 0.5),
           percentile (run->draw_ms[PASS_ALL], 0.95), percentile (run->draw_ms[PASS_ALL], 1.0),
           percentile (run->draw_ms[PASS_ZONES], 0.5), percentile (run->draw_ms[PASS_LINE], 0.5),
           percentile (run->draw_ms[PASS_REFS], 0.5), percentile (run->draw_ms[PASS_OTHER], 0.5),
           percentile (vertices, 0.5), percentile (vertices, 1.0), percentile (intervals, 0.5),
           percentile (intervals, 0.95), median < TARGET_MS ? "yes" : "no");
}

static gboolean
parse_size (const char *name, const char *value, gpointer data, GError **error)
{
  if (sscanf (value, "%dx%d", &B.width, &B.height) != 2 || B.width < 200 || B.height < 200)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--size wants WIDTHxHEIGHT, at least 200x200, not “%s”", value);
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  int frames = 0, ref_vertices = 300000;
  const GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &B.quick, "A few frames of each run, and check the figures are sane (a test)",
      NULL },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames per run (default 200; 12 with --quick)", "N" },
    { "ref-vertices", 0, 0, G_OPTION_ARG_INT, &ref_vertices, "Vertices of the reference layer (default 300000)", "N" },
    { "size", 0, 0, G_OPTION_ARG_CALLBACK, parse_size, "Window size (default 1300x850)", "WxH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) why = g_string_new (NULL);
  g_autofree char *sample = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  GtkWidgetClass *layer_class;
  const char *renderer_name;
  const char *env_renderer = g_getenv ("GSK_RENDERER");
  long rss_sample, hwm_sample, rss_ref = -1, hwm_ref = -1;
  double ref_add_ms = 0, mid_lat = 0, mid_lon = 0;
  guint n_sample_runs;
  gboolean ok = TRUE;

  B.t_main = g_get_monotonic_time ();
  B.exec_to_main_ms = exec_to_now_ms ();
  B.width = 1300;
  B.height = 850;

  context = g_option_context_new ("— the map window's benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  B.n_frames = frames > 0 ? (guint) frames : (B.quick ? 12 : 200);
  B.n_ref_vertices = (guint) MAX (ref_vertices, 2);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  /* No g_test_init(): it would make GTK's warning about a missing session
   * bus (usual under Xvfb) fatal.  Criticals stay fatal (G_DEBUG). */
  /* As the application starts (dm_application_startup()): the basemap's
   * map is made in a worker while GTK starts. */
  dm_basemap_renderer_get_default_async (NULL, NULL, NULL);
  B.t_gtk_init = g_get_monotonic_time ();
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  layer_class = g_type_class_ref (DM_TYPE_DOCUMENT_LAYER);
  layer_snapshot_parent = layer_class->snapshot;
  layer_class->snapshot = timed_layer_snapshot;

  /* As the application starts (dm-application.c): a window at the
   * sample's region, presented, then the sample opened. */
  B.t_window = g_get_monotonic_time ();
  B.window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (B.window), B.width, B.height);
  dm_window_go_to (B.window, APP_LAT, APP_LON, APP_ZOOM);
  gtk_window_present (GTK_WINDOW (B.window));
  sample = g_build_filename (g_getenv ("DM_DATADIR") != NULL ? g_getenv ("DM_DATADIR") : DM_SOURCE_DATADIR, "samples",
                             "contact-line.geojson", NULL);
  file = g_file_new_for_path (sample);
  dm_window_open (B.window, file);

  B.map = dm_window_get_map (B.window);
  B.layer = dm_window_get_layer (B.window);
  B.clock = gtk_widget_get_frame_clock (GTK_WIDGET (B.window));
  if (B.clock == NULL)
    {
      g_print ("not ok - the window has no frame clock\n");
      return 1;
    }
  g_signal_connect (B.clock, "before-paint", G_CALLBACK (before_paint), NULL);
  g_signal_connect (B.clock, "layout", G_CALLBACK (after_layout), NULL);
  g_signal_connect (B.clock, "paint", G_CALLBACK (after_render), NULL);
  g_signal_connect (B.clock, "after-paint", G_CALLBACK (after_paint), NULL);
  renderer_name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (B.window)));

  if (!wait_until (has_dmz_frame, 120))
    {
      g_print ("not ok - no frame with the sample's line and DMZ within 120 s "
               "(frames %u, engine %s, results %s)\n",
               B.frames_seen, engine () != NULL ? "yes" : "no", has_results () ? "yes" : "no");
      return 1;
    }
  {
    DmResults *results = dm_engine_get_results (engine ());

    if (results->zones == NULL || results->zones->len == 0 ||
        ((DmZoneFigures *) g_ptr_array_index (results->zones, 0))->zone == NULL)
      {
        g_print ("not ok - the sample's results have no DMZ\n");
        return 1;
      }
  }
  /* Tiles and late frames land; then memory with the sample on screen. */
  spin (B.quick ? 500 : 2500);
  read_memory (&rss_sample, &hwm_sample);

  /* The sample at the application's view: pan, then zoom. */
  g_ptr_array_add (runs, run_new ("sample-pan", MOVE_PAN, APP_LAT, APP_LON, APP_ZOOM));
  g_ptr_array_add (runs, run_new ("sample-zoom", MOVE_ZOOM, APP_LAT, APP_LON, APP_ZOOM));
  n_sample_runs = runs->len;
  for (guint i = 0; i < runs->len; i++)
    ok &= record (g_ptr_array_index (runs, i));

  /* A 300,000-vertex front line as a reference layer, drawn at the
   * contact line's region (it runs from 46.5° N 32.5° E to 50.2° N 38° E). */
  {
    DmGeometry *line = dm_bench_make_front_line (B.n_ref_vertices, 20251101, 0);
    GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);
    gint64 t0;

    dm_geometry_get_point (line, B.n_ref_vertices / 2, &mid_lon, &mid_lat);
    g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, "Benchmark front line", line));
    set_view (mid_lat, mid_lon, 8);
    spin (B.quick ? 300 : 1500);
    B.ref_vertices_before = dm_document_renderer_get_last_vertex_count (renderer ());
    B.waiting_ref = TRUE;
    t0 = B.t_ref_added = g_get_monotonic_time ();
    dm_document_add_reference_layer (dm_engine_get_document (engine ()), "Benchmark", "generated", features);
    ref_add_ms = ms_since (t0, g_get_monotonic_time ());
    if (!wait_until (has_ref_frame, 60))
      {
        g_print ("not ok - the reference layer was never drawn\n");
        return 1;
      }
    spin (B.quick ? 300 : 1500);
    read_memory (&rss_ref, &hwm_ref);
  }
  {
    static const double zooms[] = { 6, 8, 10 };
    static const char *names[][2] = {
      { "ref300k-pan-z6", "ref300k-zoom-z6" },
      { "ref300k-pan-z8", "ref300k-zoom-z8" },
      { "ref300k-pan-z10", "ref300k-zoom-z10" },
    };

    for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
      {
        Run *pan = run_new (names[z][0], MOVE_PAN, mid_lat, mid_lon, zooms[z]);
        Run *zoom = run_new (names[z][1], MOVE_ZOOM, mid_lat, mid_lon, zooms[z]);

        g_ptr_array_add (runs, pan);
        g_ptr_array_add (runs, zoom);
        ok &= record (pan);
        ok &= record (zoom);
      }
  }
  /* Figures */
  g_print ("\nDemarcate map window benchmark (issue 4)\n");
  g_print ("GSK renderer %s (GSK_RENDERER=%s), map %d×%d px in a %d×%d window, %u frames a run%s\n", renderer_name,
           env_renderer != NULL ? env_renderer : "(unset)", gtk_widget_get_width (B.map), gtk_widget_get_height (B.map),
           B.width, B.height, B.n_frames, B.quick ? " (quick: figures only for sanity)" : "");
  {
    g_autofree char *loadavg = NULL;

    /* Other work on the machine shows in the figures: say how busy it was. */
    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      g_print ("%u CPUs, load average at the end %s", g_get_num_processors (), loadavg);
  }
  g_print ("\nStart-up, to the first frame with the sample's contact line and DMZ drawn\n");
  g_print ("  exec → main()                         %8.1f ms  (from /proc/self/stat, ±10 ms)\n", B.exec_to_main_ms);
  g_print ("  exec → line + DMZ on screen           %8.1f ms\n",
           B.exec_to_main_ms + ms_since (B.t_main, B.t_first_dmz));
  g_print ("  main() → line + DMZ on screen         %8.1f ms\n", ms_since (B.t_main, B.t_first_dmz));
  g_print ("  gtk_init → line + DMZ on screen       %8.1f ms\n", ms_since (B.t_gtk_init, B.t_first_dmz));
  g_print ("  window creation → line + DMZ          %8.1f ms\n", ms_since (B.t_window, B.t_first_dmz));
  g_print ("  main() → gtk_init done (+ adw_init)   %8.1f ms\n", ms_since (B.t_main, B.t_window));
  g_print ("  main() → first frame (empty map)      %8.1f ms\n", ms_since (B.t_main, B.t_first_frame));
  g_print ("  main() → first frame with the line    %8.1f ms\n", ms_since (B.t_main, B.t_first_line));
  g_print ("  engine: DMZ computed in               %8.1f ms  (worker, DmResults.compute_ms)\n",
           dm_engine_get_results (engine ())->compute_ms);
  g_print ("  the first line + DMZ frame itself     %8.2f ms\n", B.first_dmz_frame_ms);
  g_print ("BENCH gui startup renderer=%s exec_to_main_ms=%.1f main_to_first_frame_ms=%.1f "
           "main_to_line_ms=%.1f main_to_line_dmz_ms=%.1f gtk_init_to_line_dmz_ms=%.1f "
           "window_to_line_dmz_ms=%.1f exec_to_line_dmz_ms=%.1f gtk_init_ms=%.1f "
           "engine_compute_ms=%.1f first_dmz_frame_ms=%.2f\n",
           renderer_name, B.exec_to_main_ms, ms_since (B.t_main, B.t_first_frame), ms_since (B.t_main, B.t_first_line),
           ms_since (B.t_main, B.t_first_dmz), ms_since (B.t_gtk_init, B.t_first_dmz),
           ms_since (B.t_window, B.t_first_dmz), B.exec_to_main_ms + ms_since (B.t_main, B.t_first_dmz),
           ms_since (B.t_gtk_init, B.t_window), dm_engine_get_results (engine ())->compute_ms, B.first_dmz_frame_ms);

  g_print ("\nFrames (ms; frame = before-paint → after-paint, CPU of the main thread's frame;\n"
           "paint = snapshot + render; layer = the document layer's snapshot in the window\n"
           "(its kept picture moved or scaled, redrawn past its margin or once settled);\n"
           "doc draw = what dm_document_renderer_draw takes for the same views into an\n"
           "image surface, what every frame cost before the picture was kept;\n"
           "interval = frame end to frame end)\n");
  g_print ("  %-16s %5s %6s %7s %7s %7s %8s %8s %8s %8s %9s %8s  %s\n", "run", "zoom", "frames", "median", "p95", "max",
           "paint", "layer", "doc draw", "doc draw", "vertices", "interval", "median");
  g_print ("  %-16s %5s %6s %7s %7s %7s %8s %8s %8s %8s %9s %8s  %s\n", "", "", "", "frame", "frame", "frame", "median",
           "median", "median", "p95", "median", "median", "<16 ms");
  for (guint i = 0; i < runs->len; i++)
    {
      if (i == n_sample_runs)
        g_print ("  with a %u-vertex reference layer:\n", B.n_ref_vertices);
      print_run_row (g_ptr_array_index (runs, i));
    }
  g_print ("\nThe document drawn offscreen, by kind (median ms over the same views)\n");
  g_print ("  %-16s", "run");
  for (int pass = 0; pass < N_PASSES; pass++)
    g_print (" %8s", pass_names[pass]);
  g_print ("\n");
  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = g_ptr_array_index (runs, i);

      g_print ("  %-16s", run->name);
      for (int pass = 0; pass < N_PASSES; pass++)
        g_print (" %8.2f", percentile (run->draw_ms[pass], 0.5));
      g_print ("\n");
    }
  for (guint i = 0; i < runs->len; i++)
    print_run_bench (g_ptr_array_index (runs, i), renderer_name);

  g_print ("\nThe reference layer (%u vertices): added in %.1f ms; its first frame %.2f ms "
           "(projects it), on screen %.1f ms after adding\n",
           B.n_ref_vertices, ref_add_ms, B.ref_first_frame_ms, ms_since (B.t_ref_added, B.t_ref_first));
  g_print ("BENCH gui reference-layer vertices=%u add_ms=%.2f first_frame_ms=%.2f add_to_screen_ms=%.1f\n",
           B.n_ref_vertices, ref_add_ms, B.ref_first_frame_ms, ms_since (B.t_ref_added, B.t_ref_first));

  {
    DmDocumentLayerStats st;

    dm_document_layer_get_stats (DM_DOCUMENT_LAYER (dm_window_get_layer (B.window)), &st);
    g_print ("\nThe document layer's kept picture: %u frames painted it, %u whole and %u partial "
             "redraws (the last %.1f ms)\n",
             st.frames, st.full_redraws, st.partial_redraws, st.last_redraw_ms);
    g_print ("BENCH gui picture frames=%u full_redraws=%u partial_redraws=%u\n", st.frames, st.full_redraws,
             st.partial_redraws);
  }

  {
    long rss_end, hwm_end;

    read_memory (&rss_end, &hwm_end);
    g_print ("\nMemory (/proc/self/status)             VmRSS      VmHWM\n");
    g_print ("  sample on screen                   %7.1f MB %7.1f MB\n", rss_sample / 1024.0, hwm_sample / 1024.0);
    g_print ("  + %u-vertex layer drawn        %7.1f MB %7.1f MB\n", B.n_ref_vertices, rss_ref / 1024.0,
             hwm_ref / 1024.0);
    g_print ("  after every run                    %7.1f MB %7.1f MB\n", rss_end / 1024.0, hwm_end / 1024.0);
    g_print ("BENCH gui memory stage=sample vmrss_kb=%ld vmhwm_kb=%ld\n", rss_sample, hwm_sample);
    g_print ("BENCH gui memory stage=ref%u vmrss_kb=%ld vmhwm_kb=%ld\n", B.n_ref_vertices, rss_ref, hwm_ref);
    g_print ("BENCH gui memory stage=end vmrss_kb=%ld vmhwm_kb=%ld\n", rss_end, hwm_end);
  }

  {
    gboolean all_under = TRUE;

    for (guint i = n_sample_runs; i < runs->len; i++)
      all_under &= frame_stat (g_ptr_array_index (runs, i), G_STRUCT_OFFSET (Frame, total_ms), 0.5) < TARGET_MS;
    g_print ("\nTarget, median frame under %.0f ms with the %u-vertex layer at zoom 6, 8, 10: %s\n", TARGET_MS,
             B.n_ref_vertices, all_under ? "met" : "NOT met");
  }

  /* Sanity, for --quick as a test and for the benchmark alike. */
  if (!(B.t_first_frame > 0 && B.t_first_dmz >= B.t_first_frame && B.exec_to_main_ms < 60000))
    {
      g_string_append (why, "start-up marks out of order; ");
      ok = FALSE;
    }
  if (!(rss_sample > 0 && hwm_sample >= rss_sample && rss_ref > 0))
    {
      g_string_append (why, "memory figures missing; ");
      ok = FALSE;
    }
  for (guint i = 0; i < runs->len; i++)
    ok &= run_sane (g_ptr_array_index (runs, i), why);

  gtk_window_destroy (GTK_WINDOW (B.window));
  spin (100);
  layer_class->snapshot = layer_snapshot_parent;
  g_type_class_unref (layer_class);
  dm_tile_source_finish_renders (2000);
  if (!ok)
    {
      g_print ("not ok - %s\n", why->len > 0 ? why->str : "frames did not come");
      return 1;
    }
  g_print ("ok - figures sane\n");
  return 0;
}
