/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-render"
#include "config.h"

#include "dm-print-layout.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dm-annex.h"
#include "dm-figures.h"
#include "dm-fingerprint.h"
#include "dm-style.h"
#include "dm-write.h"
#include "dm-basemap.h"
#include "dm-geodesy.h"
#include "dm-mercator.h"

#define TILE  256
#define MM_PT (72.0 / 25.4)
/* A point of paper in metres: 1/72 inch. */
#define PT_M                (0.0254 / 72.0)
#define DEFAULT_SHEET_SCALE 250000.0
#define MAX_SHEETS          500

/* clang-format off */
G_DEFINE_QUARK (dm-print-error-quark, dm_print_error)
/* clang-format on */

typedef enum {
  FRAME_LINE,
  FRAME_VIEW,
  FRAME_BOX,
} FrameKind;

/* A page of the annex: the introduction (first page), then rows
 * first…first + count − 1 of the points' or the markers' table under its
 * repeated header. */
typedef struct {
  gboolean intro;
  gboolean markers;
  guint first, count;
} AnnexPage;

typedef struct {
  double lon, lat, zoom;
  guint first, last; /* vertices of the line on the sheet (first > last:
                      * none, a stretch of one long segment) */
} Sheet;

/* Where things go on a page, in points; depends on the paper only, so
 * every page of a document has its map in the same place. */
typedef struct {
  double w, h, m;
  double font; /* the body text size */
  double header_h, footer_h;
  double grat; /* the band round the map for graticule labels */
  double map_x, map_y, map_w, map_h;
  double panel_x, panel_y, panel_w, panel_h;
  guint panel_cols;
  double col_gap;
} Geometry;

struct _DmPrintLayout {
  GObject parent_instance;

  DmDocument *document;
  DmResults *results;
  DmDocumentRenderer *renderer;
  DmBasemapRenderer *basemap;
  gboolean basemap_tried;
  char *attribution;
  gboolean attribution_default; /* not set: the basemap's (or its absence's) */

  DmPaper paper;
  gboolean landscape;
  double margin_mm;
  char *title;
  char *subtitle;
  char *marking;
  char *fingerprint;
  GDateTime *date;

  FrameKind frame;
  double view_lon, view_lat, view_zoom;
  double box[4];
  double scale;
  gboolean sheets;
  double overlap;
  DmLanguage language;
  DmLengthUnit units;

  /* Computed on demand, dropped by any change of options or document. */
  gboolean valid;
  guint64 revision;
  Geometry geometry;
  GArray *sheet_list; /* Sheet */

  /* The treaty annex: its points on the maps, its tables on pages after
   * them (computed with the rest, from the document's line). */
  gboolean annex_on;
  double annex_tolerance_m, annex_spacing_m;
  DmAnnex *annex;
  char *annex_fingerprint; /* short */
  GError *annex_error;
  GArray *annex_pages; /* AnnexPage */

  /* A monitoring plan of the document's observation posts (which the
   * map draws as features): its figures in the panel. */
  DmMonitoringPlan *plan;
  char *plan_zone;
};

G_DEFINE_FINAL_TYPE (DmPrintLayout, dm_print_layout, G_TYPE_OBJECT)

/* ---- Paper -------------------------------------------------------------- */

static const struct {
  const char *name;
  double w_mm, h_mm;
} papers[] = {
  [DM_PAPER_A4] = { "a4", 210, 297 },
  [DM_PAPER_A3] = { "a3", 297, 420 },
  [DM_PAPER_LETTER] = { "letter", 215.9, 279.4 },
  [DM_PAPER_TABLOID] = { "tabloid", 279.4, 431.8 },
};

gboolean
dm_paper_from_string (const char *str, DmPaper *paper)
{
  g_return_val_if_fail (paper != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (papers); i++)
    if (g_ascii_strcasecmp (str, papers[i].name) == 0)
      {
        *paper = (DmPaper) i;
        return TRUE;
      }
  return FALSE;
}

void
dm_paper_get_size_pt (DmPaper paper, gboolean landscape, double *width_pt, double *height_pt)
{
  double w, h;

  g_return_if_fail ((guint) paper < G_N_ELEMENTS (papers));
  w = papers[paper].w_mm * MM_PT;
  h = papers[paper].h_mm * MM_PT;
  *width_pt = landscape ? h : w;
  *height_pt = landscape ? w : h;
}

/* ---- Projection and scale ------------------------------------------------ */

/* Ground metres per world pixel at zoom 0 (tiles of TILE), east–west at
 * @lat, measured on the ellipsoid: Web Mercator's x is proportional to
 * longitude, so a short geodesic along the parallel gives the scale of a
 * horizontal line at that latitude exactly. */
static double
metres_per_pixel_z0 (double lon, double lat)
{
  const double d = 0.005; /* degrees each way: 2 × ~370 m at 48° N */
  double m = dm_geodesy_distance_m (lon - d, lat, lon + d, lat);

  return m / (2 * d / 360.0 * TILE);
}

/* The zoom at which one point of paper is @metres on the ground at
 * lon/lat. */
static double
zoom_for_metres_per_point (double lon, double lat, double metres)
{
  return log2 (metres_per_pixel_z0 (lon, lat) / metres);
}

/* 1, 2 or 5 × 10^k, the largest not above @x. */
static double
round_significant (double x, int digits)
{
  double p;

  if (x <= 0)
    return x;
  p = pow (10, floor (log10 (x)) - (digits - 1));
  return round (x / p) * p;
}

/* ---- Text ---------------------------------------------------------------- */

/* Text in points whatever the surface (72 per inch), unhinted, so that a
 * PDF, a PNG at any DPI and a printer lay out the same. */
static PangoLayout *
text_new (cairo_t *cr, double size, gboolean bold, const char *text, gboolean markup, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *desc = pango_font_description_new ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (desc, "Sans");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w != NULL)
    *w = (double) logical.width / PANGO_SCALE;
  if (h != NULL)
    *h = (double) logical.height / PANGO_SCALE;
}

static void
text_show (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Draws (when @cr draws) @text at x, y and returns its height. */
static double
text_block (cairo_t *cr, gboolean draw, double x, double y, double width, double size, gboolean bold, const char *text)
{
  g_autoptr (PangoLayout) layout = text_new (cr, size, bold, text, FALSE, width);
  double h;

  text_size (layout, NULL, &h);
  if (draw)
    text_show (cr, layout, x, y);
  return h;
}

/* One line of @text, ended with "…" where it does not fit @width (the
 * header has room for one line of title and one of subtitle).  Text far
 * longer than any line is cut first: laying out 100,000 characters that
 * will not show took seconds. */
static void
text_line (cairo_t *cr, double x, double y, double width, double size, gboolean bold, const char *text)
{
  g_autofree char *cut = g_utf8_strlen (text, -1) > 2000 ? g_utf8_substring (text, 0, 2000) : g_strdup (text);
  g_autoptr (PangoLayout) layout = text_new (cr, size, bold, cut, FALSE, 0);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  text_show (cr, layout, x, y);
}

/* ---- The object ---------------------------------------------------------- */

static void
invalidate (DmPrintLayout *self)
{
  self->valid = FALSE;
  /* “Basemap sources unknown” is worded in the page's language. */
  if (self->attribution_default)
    g_clear_pointer (&self->attribution, g_free);
}

static void
dm_print_layout_finalize (GObject *object)
{
  DmPrintLayout *self = DM_PRINT_LAYOUT (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->document);
  g_clear_pointer (&self->results, dm_results_unref);
  g_clear_pointer (&self->basemap, dm_basemap_renderer_unref);
  g_clear_pointer (&self->attribution, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->marking, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->sheet_list, g_array_unref);
  g_clear_pointer (&self->annex, dm_annex_free);
  g_clear_pointer (&self->annex_fingerprint, g_free);
  g_clear_error (&self->annex_error);
  g_clear_pointer (&self->annex_pages, g_array_unref);
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  g_clear_pointer (&self->plan_zone, g_free);
  G_OBJECT_CLASS (dm_print_layout_parent_class)->finalize (object);
}

static void
dm_print_layout_class_init (DmPrintLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dm_print_layout_finalize;
}

static void
dm_print_layout_init (DmPrintLayout *self)
{
  self->paper = DM_PAPER_A4;
  self->landscape = FALSE;
  self->margin_mm = 10;
  self->frame = FRAME_LINE;
  self->overlap = 0.1;
  self->units = DM_LENGTH_KM;
  self->language = dm_i18n_get_language ();
  self->sheet_list = g_array_new (FALSE, FALSE, sizeof (Sheet));
  self->annex_pages = g_array_new (FALSE, FALSE, sizeof (AnnexPage));
  self->renderer = dm_document_renderer_new ();
  /* Warnings are for the editor; paper keeps to what is proposed. */
  dm_document_renderer_set_layers (self->renderer, DM_DOCUMENT_LAYER_ALL & ~DM_DOCUMENT_LAYER_WARNINGS);
}

DmPrintLayout *
dm_print_layout_new (DmDocument *document, DmResults *results)
{
  DmPrintLayout *self;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);

  self = g_object_new (DM_TYPE_PRINT_LAYOUT, NULL);
  self->document = g_object_ref (document);
  self->results = results != NULL ? dm_results_ref (results) : NULL;
  dm_document_renderer_set_document (self->renderer, document);
  dm_document_renderer_set_results (self->renderer, results);
  return self;
}

void
dm_print_layout_set_basemap (DmPrintLayout *self, DmBasemapRenderer *basemap)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));

  if (basemap != NULL)
    dm_basemap_renderer_ref (basemap);
  g_clear_pointer (&self->basemap, dm_basemap_renderer_unref);
  self->basemap = basemap;
  self->basemap_tried = basemap != NULL;
}

static DmBasemapRenderer *
get_basemap (DmPrintLayout *self)
{
  g_assert (DM_IS_PRINT_LAYOUT (self));

  if (!self->basemap_tried)
    {
      g_autoptr (GError) error = NULL;

      self->basemap_tried = TRUE;
      self->basemap = dm_basemap_renderer_get_default (&error);
      if (self->basemap == NULL)
        g_warning ("No basemap on the printed map: %s", error->message);
    }
  return self->basemap;
}

static const char *
get_attribution (DmPrintLayout *self)
{
  g_assert (DM_IS_PRINT_LAYOUT (self));

  if (self->attribution == NULL)
    {
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);

      self->attribution =
        g_strdup (basemap != NULL ? dm_basemap_get_attribution_full (basemap) : _ ("Basemap sources unknown"));
      self->attribution_default = TRUE;
    }
  return self->attribution;
}

void
dm_print_layout_set_attribution (DmPrintLayout *self, const char *attribution)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_free (self->attribution);
  self->attribution = g_strdup (attribution);
  self->attribution_default = FALSE;
}

void
dm_print_layout_set_paper (DmPrintLayout *self, DmPaper paper, gboolean landscape)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail ((guint) paper < G_N_ELEMENTS (papers));
  self->paper = paper;
  self->landscape = !!landscape;
  invalidate (self);
}

void
dm_print_layout_set_margin_mm (DmPrintLayout *self, double margin_mm)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (margin_mm >= 0 && margin_mm <= 50);
  self->margin_mm = margin_mm;
  invalidate (self);
}

void
dm_print_layout_get_page_size (DmPrintLayout *self, double *width_pt, double *height_pt)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  dm_paper_get_size_pt (self->paper, self->landscape, width_pt, height_pt);
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
dm_print_layout_set_title (DmPrintLayout *self, const char *title)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  set_string (&self->title, title);
}

void
dm_print_layout_set_subtitle (DmPrintLayout *self, const char *subtitle)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  set_string (&self->subtitle, subtitle);
}

void
dm_print_layout_set_marking (DmPrintLayout *self, const char *marking)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  set_string (&self->marking, marking);
}

void
dm_print_layout_set_fingerprint (DmPrintLayout *self, const char *fingerprint)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  set_string (&self->fingerprint, fingerprint);
}

void
dm_print_layout_set_date (DmPrintLayout *self, GDateTime *date)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  if (date != NULL)
    g_date_time_ref (date);
  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = date;
}

void
dm_print_layout_frame_line (DmPrintLayout *self)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  self->frame = FRAME_LINE;
  invalidate (self);
}

void
dm_print_layout_frame_view (DmPrintLayout *self, double lon, double lat, double zoom)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (zoom >= 0 && zoom <= 22);
  self->frame = FRAME_VIEW;
  self->view_lon = lon;
  self->view_lat = CLAMP (lat, -DM_MERCATOR_MAX_LAT, DM_MERCATOR_MAX_LAT);
  self->view_zoom = zoom;
  invalidate (self);
}

void
dm_print_layout_frame_box (DmPrintLayout *self, double min_lon, double min_lat, double max_lon, double max_lat)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (min_lon <= max_lon && min_lat <= max_lat);
  self->frame = FRAME_BOX;
  self->box[0] = min_lon;
  self->box[1] = min_lat;
  self->box[2] = max_lon;
  self->box[3] = max_lat;
  invalidate (self);
}

void
dm_print_layout_set_scale (DmPrintLayout *self, double denominator)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (denominator == 0 || (denominator >= 1000 && denominator <= 1e8));
  self->scale = denominator;
  invalidate (self);
}

void
dm_print_layout_set_sheets (DmPrintLayout *self, gboolean sheets, double overlap)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (overlap >= 0 && overlap < 0.5);
  self->sheets = !!sheets;
  self->overlap = overlap;
  invalidate (self);
}

void
dm_print_layout_set_language (DmPrintLayout *self, DmLanguage language)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (language < DM_N_LANGUAGES);
  if (self->language == language)
    return;
  self->language = language;
  invalidate (self);
}

/* What the page says is worded in its language (the interface's when its
 * locale is missing: dm_language_scope_begin() says why, and the command
 * line checks it before it prints). */
static DmLanguageScope *
speak (DmPrintLayout *self)
{
  g_autoptr (GError) error = NULL;
  DmLanguageScope *scope = dm_language_scope_begin (self->language, &error);

  if (scope == NULL)
    g_warning ("%s", error->message);
  return scope;
}

void
dm_print_layout_set_units (DmPrintLayout *self, DmLengthUnit unit)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  self->units = unit;
}

void
dm_print_layout_set_layers (DmPrintLayout *self, DmDocumentLayers layers)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  dm_document_renderer_set_layers (self->renderer, layers);
}

void
dm_print_layout_set_annex (DmPrintLayout *self, gboolean annex, double tolerance_m, double marker_spacing_m)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));

  self->annex_on = annex;
  self->annex_tolerance_m = tolerance_m;
  self->annex_spacing_m = marker_spacing_m;
  invalidate (self);
}

void
dm_print_layout_set_monitoring_plan (DmPrintLayout *self, const DmMonitoringPlan *plan, const char *zone_name)
{
  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));

  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  g_clear_pointer (&self->plan_zone, g_free);
  if (plan != NULL)
    {
      self->plan = dm_monitoring_plan_copy (plan);
      self->plan_zone = g_strdup (zone_name != NULL ? zone_name : "");
    }
  invalidate (self);
}

/* ---- Geometry of the page and sheets ------------------------------------- */

static const DmGeometry *
line_geometry (DmPrintLayout *self)
{
  DmFeature *line = dm_document_get_contact_line (self->document);

  return line != NULL ? dm_feature_get_geometry (line) : NULL;
}

/* The box of everything there is to print: the line, else every feature
 * (dm_document_get_extent()), else the basemap's region. */
static void
content_box (DmPrintLayout *self, double box[4])
{
  if (!dm_document_get_extent (self->document, box))
    {
      /* The offline basemap's region. */
      box[0] = 22;
      box[1] = 44;
      box[2] = 41;
      box[3] = 53;
    }
}

static double
measure_text_height (double size, gboolean bold)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double h = text_block (cr, FALSE, 0, 0, 0, size, bold, "Ág");

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return h;
}

static void
compute_geometry (DmPrintLayout *self, Geometry *g)
{
  double long_side;

  dm_paper_get_size_pt (self->paper, self->landscape, &g->w, &g->h);
  g->m = self->margin_mm * MM_PT;
  long_side = MAX (g->w, g->h);
  /* 8.5 pt on A4 and Letter, 9.5 pt on A3 and Tabloid. */
  g->font = long_side > 1000 ? 9.5 : 8.5;
  g->header_h = measure_text_height (g->font * 1.05, TRUE) + 4 + measure_text_height (g->font * 2.0, TRUE) +
                measure_text_height (g->font * 1.25, FALSE) + 6;
  g->footer_h = measure_text_height (g->font * 1.05, TRUE) + 4;
  g->grat = measure_text_height (g->font * 0.85, FALSE) + 3;
  g->col_gap = 12;

  if (g->w >= g->h)
    {
      /* Landscape: the map on the left, a column on the right. */
      g->panel_w = CLAMP (0.23 * g->w, 175, 275);
      g->panel_cols = 1;
      g->panel_x = g->w - g->m - g->panel_w;
      g->panel_y = g->m + g->header_h;
      g->panel_h = g->h - g->m - g->footer_h - g->panel_y;
      g->map_x = g->m + g->grat;
      g->map_y = g->m + g->header_h + g->grat;
      g->map_w = g->panel_x - g->col_gap - g->grat - g->map_x;
      g->map_h = g->h - g->m - g->footer_h - g->grat - g->map_y;
    }
  else
    {
      /* Portrait: the map above, the panel below in columns. */
      g->panel_cols = long_side > 1000 ? 3 : 2;
      g->panel_x = g->m;
      g->panel_w = g->w - 2 * g->m;
      g->panel_h = 0.32 * g->h;
      g->panel_y = g->h - g->m - g->footer_h - g->panel_h;
      g->map_x = g->m + g->grat;
      g->map_y = g->m + g->header_h + g->grat;
      g->map_w = g->w - g->m - g->grat - g->map_x;
      g->map_h = g->panel_y - g->col_gap - g->grat - g->map_y;
    }
}

static double
column_width (const Geometry *g)
{
  return (g->panel_w - (g->panel_cols - 1) * g->col_gap) / g->panel_cols;
}

/* The zoom that fits a lon/lat box in the map frame, with a margin. */
static double
fit_zoom (const Geometry *g, const double box[4])
{
  double x0, y0, x1, y1, dx, dy;

  dm_mercator_unit (box[0], box[3], &x0, &y0);
  dm_mercator_unit (box[2], box[1], &x1, &y1);
  dx = MAX (x1 - x0, 1e-9);
  dy = MAX (y1 - y0, 1e-9);
  return CLAMP (log2 (MIN (g->map_w / (dx * TILE), g->map_h / (dy * TILE)) * 0.94), 0, 20);
}

/* The lon/lat centre of a box, as the centre of its Mercator box. */
static void
box_centre (const double box[4], double *lon, double *lat)
{
  double x0, y0, x1, y1;

  dm_mercator_unit (box[0], box[3], &x0, &y0);
  dm_mercator_unit (box[2], box[1], &x1, &y1);
  dm_mercator_unit_inverse ((x0 + x1) / 2, (y0 + y1) / 2, lon, lat);
}

/* Cuts the line into sheets at 1:@scale.  Walking along the line (its
 * vertices, and points added on segments longer than a quarter of a
 * sheet), a sheet takes vertices while their box fits in the sheet's
 * inner part (1 − overlap of the frame, centred), then the next sheet
 * starts at the last vertex taken, so consecutive sheets share it and
 * every vertex lies on a sheet. */
static void
compute_sheets (DmPrintLayout *self, const Geometry *g, double scale)
{
  const DmGeometry *line = line_geometry (self);
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (double) * 3); /* mx, my, position */
  double inner = 1.0 - self->overlap;
  double step = G_MAXDOUBLE;
  const double *xy;
  guint n, i;

  g_array_set_size (self->sheet_list, 0);
  if (line == NULL || (n = dm_geometry_get_n_points (line)) == 0)
    return;
  xy = dm_geometry_get_coords (line);

  /* The smallest sheet in Mercator units is the one nearest the equator. */
  for (i = 0; i < n; i++)
    {
      double z = zoom_for_metres_per_point (xy[2 * i], xy[2 * i + 1], scale * PT_M);
      step = MIN (step, inner * MIN (g->map_w, g->map_h) / (TILE * exp2 (z)) / 4);
    }
  for (i = 0; i < n; i++)
    {
      double p[3];

      dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &p[0], &p[1]);
      p[2] = i;
      if (i > 0)
        {
          const double *q = &g_array_index (pts, double, 3 * (pts->len - 1));
          guint k = (guint) ceil (hypot (p[0] - q[0], p[1] - q[1]) / step);
          double q0 = q[0], q1 = q[1];

          for (guint j = 1; j < k; j++)
            {
              double t = (double) j / k;
              double r[3] = { q0 + t * (p[0] - q0), q1 + t * (p[1] - q1), i - 1 + t };

              g_array_append_vals (pts, r, 1);
            }
        }
      g_array_append_vals (pts, p, 1);
    }

  for (i = 0; i < pts->len && self->sheet_list->len < MAX_SHEETS;)
    {
      const double *p = &g_array_index (pts, double, 3 * i);
      double b[4] = { p[0], p[1], p[0], p[1] };
      Sheet sheet = { 0 };
      guint j = i + 1;
      double lon, lat;

      for (; j < pts->len; j++)
        {
          const double *q = &g_array_index (pts, double, 3 * j);
          double c[4] = { MIN (b[0], q[0]), MIN (b[1], q[1]), MAX (b[2], q[0]), MAX (b[3], q[1]) };
          double world;

          dm_mercator_unit_inverse ((c[0] + c[2]) / 2, (c[1] + c[3]) / 2, &lon, &lat);
          world = TILE * exp2 (zoom_for_metres_per_point (lon, lat, scale * PT_M));
          if ((c[2] - c[0]) * world > inner * g->map_w || (c[3] - c[1]) * world > inner * g->map_h)
            break;
          memcpy (b, c, sizeof b);
        }
      dm_mercator_unit_inverse ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, &sheet.lon, &sheet.lat);
      sheet.zoom = zoom_for_metres_per_point (sheet.lon, sheet.lat, scale * PT_M);
      /* Positions along the line: a vertex's index, or between two. */
      sheet.first = (guint) ceil (p[2]);
      sheet.last = (guint) floor (g_array_index (pts, double, 3 * (j - 1) + 2));
      g_array_append_val (self->sheet_list, sheet);
      /* The next sheet starts at the last point taken; a sheet that took
       * one point only (cannot happen with the densified line, kept as a
       * guard) moves on. */
      i = j >= pts->len ? j : (j - 1 > i ? j - 1 : j);
    }
}

/* ---- The treaty annex ------------------------------------------------------ */

typedef struct {
  double font;    /* the table's text */
  double row_h;   /* a row */
  double title_h; /* a table's title */
  double widths[9];
  double gap;
} AnnexTable;

static const char *
annex_column_title (guint c)
{
  switch (c)
    {
    /* Translators: column headings of the printed annex's table (short: nine columns on A4) */
    case 0:
      return C_ ("annex", "No.");
    case 1:
      return C_ ("annex", "Part");
    case 2:
      return C_ ("annex", "Latitude");
    case 3:
      return C_ ("annex", "Longitude");
    case 4:
      return C_ ("annex", "Latitude (DMS)");
    case 5:
      return C_ ("annex", "Longitude (DMS)");
    case 6:
      return C_ ("annex", "MGRS");
    case 7:
      return C_ ("annex", "To next (m)");
    default:
      return C_ ("annex", "Azimuth (°)");
    }
}

/* The nine cells of a row, as the CSV writes them. */
static void
annex_cells (const DmAnnexPoint *p, char *cells[9])
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *mgrs = dm_annex_point_mgrs (p);

  cells[0] = g_strdup_printf ("%u", p->number);
  cells[1] = g_strdup_printf ("%u", p->part);
  cells[2] = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.7f", p->lat));
  cells[3] = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.7f", p->lon));
  cells[4] = dm_annex_point_lat_dms (p);
  cells[5] = dm_annex_point_lon_dms (p);
  cells[6] = mgrs != NULL ? mgrs : g_strdup ("—");
  cells[7] = isfinite (p->distance_to_next_m)
               ? g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", p->distance_to_next_m))
               : g_strdup ("");
  cells[8] = isfinite (p->azimuth_to_next_deg)
               ? g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6f", p->azimuth_to_next_deg))
               : g_strdup ("");
}

static void
annex_cells_free (char *cells[9])
{
  for (guint c = 0; c < 9; c++)
    g_free (cells[c]);
}

static char *
annex_intro (DmPrintLayout *self)
{
  g_autofree char *described = dm_annex_describe (self->annex, self->units);
  const char *proposal_fp = self->fingerprint != NULL && *self->fingerprint ? self->fingerprint : "—";

  /* Translators: the printed annex's introduction: what it holds, how to read it, and its two fingerprints */
  return g_strdup_printf (_ ("%s\n\nConsecutive points of a part are joined by geodesics on the WGS 84 ellipsoid. "
                             "Latitudes and longitudes are WGS 84, in decimal degrees and in degrees, minutes and "
                             "seconds; MGRS references are to one metre. Distances to the next point are geodesic, "
                             "in metres; azimuths are clockwise from true north, in degrees.\n\nFingerprint of the "
                             "line through these points: %s. Fingerprint of the proposal: %s."),
                          described, self->annex_fingerprint, proposal_fp);
}

static double
annex_body_top (const Geometry *g)
{
  return g->m + g->header_h;
}

static double
annex_body_bottom (const Geometry *g)
{
  return g->h - g->m - g->footer_h - 4;
}

/* The table's font, row height and columns for this paper: as wide as
 * their widest cell, the font smaller until the nine fit the width. */
static void
annex_table (DmPrintLayout *self, cairo_t *cr, AnnexTable *t)
{
  const Geometry *g = &self->geometry;
  double body_w = g->w - 2 * g->m;

  for (t->font = g->font * 0.9;; t->font *= 0.95)
    {
      double total = 0;

      t->gap = t->font * 1.2;
      for (guint c = 0; c < 9; c++)
        {
          g_autoptr (PangoLayout) head = text_new (cr, t->font, TRUE, annex_column_title (c), FALSE, 0);
          text_size (head, &t->widths[c], NULL);
        }
      for (guint k = 0; k < 2; k++)
        {
          GArray *points = k == 0 ? self->annex->points : self->annex->markers;
          /* The longest text of a column by characters, then measured. */
          guint longest[9] = { 0 };
          char *widest[9] = { NULL };

          for (guint i = 0; i < points->len; i++)
            {
              char *cells[9];

              annex_cells (&g_array_index (points, DmAnnexPoint, i), cells);
              for (guint c = 0; c < 9; c++)
                if (strlen (cells[c]) > longest[c])
                  {
                    longest[c] = strlen (cells[c]);
                    g_free (widest[c]);
                    widest[c] = g_strdup (cells[c]);
                  }
              annex_cells_free (cells);
            }
          for (guint c = 0; c < 9; c++)
            if (widest[c] != NULL)
              {
                g_autoptr (PangoLayout) cell = text_new (cr, t->font, FALSE, widest[c], FALSE, 0);
                double w;

                text_size (cell, &w, NULL);
                t->widths[c] = MAX (t->widths[c], w);
                g_free (widest[c]);
              }
        }
      for (guint c = 0; c < 9; c++)
        total += t->widths[c] + (c > 0 ? t->gap : 0);
      if (total <= body_w || t->font < g->font * 0.55)
        break;
    }
  t->row_h = text_block (cr, FALSE, 0, 0, 0, t->font, FALSE, "Ág") + 2;
  t->title_h = text_block (cr, FALSE, 0, 0, 0, g->font * 1.3, TRUE, "Ág") + 6;
}

/* The annex for the document's line, cut into pages. */
static void
compute_annex (DmPrintLayout *self)
{
  const Geometry *g = &self->geometry;
  const DmGeometry *line;
  cairo_surface_t *surface;
  cairo_t *cr;
  AnnexTable t;
  double avail = annex_body_bottom (g) - annex_body_top (g), used;

  g_clear_pointer (&self->annex, dm_annex_free);
  g_clear_pointer (&self->annex_fingerprint, g_free);
  g_clear_error (&self->annex_error);
  g_array_set_size (self->annex_pages, 0);
  if (!self->annex_on)
    return;
  if ((line = line_geometry (self)) == NULL)
    {
      g_set_error (&self->annex_error, DM_PRINT_ERROR, DM_PRINT_ERROR_INVALID,
                   _ ("There is no contact line to describe in an annex: draw one, or open a file that has one."));
      return;
    }
  if ((self->annex = dm_annex_new (line, self->annex_tolerance_m, self->annex_spacing_m, &self->annex_error)) == NULL)
    return;
  {
    g_autofree char *full = dm_fingerprint_line (self->annex->line);

    self->annex_fingerprint = dm_fingerprint_short (full);
  }

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  annex_table (self, cr, &t);
  {
    g_autofree char *intro = annex_intro (self);

    used = t.title_h + text_block (cr, FALSE, 0, 0, g->w - 2 * g->m, g->font, FALSE, intro) + t.title_h / 2;
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* The points' table, then the markers' on a page of its own. */
  for (guint k = 0; k < 2; k++)
    {
      GArray *points = k == 0 ? self->annex->points : self->annex->markers;
      guint first = 0;

      while (first < points->len)
        {
          AnnexPage page = { self->annex_pages->len == 0, k == 1, first, 0 };
          double room = avail - (page.intro ? used : 0) - t.title_h - t.row_h;

          page.count = MIN ((guint) MAX (floor (room / t.row_h), 1), points->len - first);
          g_array_append_val (self->annex_pages, page);
          first += page.count;
        }
    }
}

/* The annex's numbered points on a map: every turning point a dot, the
 * markers a triangle, numbers where they do not crowd each other. */
static void
draw_annex_points (DmPrintLayout *self, cairo_t *cr, double ox, double oy, int z, double k, double w, double h)
{
  const Geometry *g = &self->geometry;
  double font = g->font * 0.75 / k;
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (double) * 2);

  for (guint m = 0; m < 2; m++)
    {
      GArray *points = m == 0 ? self->annex->points : self->annex->markers;

      for (guint i = 0; i < points->len; i++)
        {
          const DmAnnexPoint *p = &g_array_index (points, DmAnnexPoint, i);
          double x, y, r = (m == 0 ? 1.3 : 2.2) / k;
          gboolean crowded = FALSE;

          dm_web_mercator_project (p->lon, p->lat, z, TILE, &x, &y);
          x -= ox;
          y -= oy;
          if (x < -r || y < -r || x > w + r || y > h + r)
            continue;
          if (m == 0)
            cairo_arc (cr, x, y, r, 0, 2 * G_PI);
          else
            {
              cairo_move_to (cr, x, y - r);
              cairo_line_to (cr, x + r, y + r * 0.8);
              cairo_line_to (cr, x - r, y + r * 0.8);
              cairo_close_path (cr);
            }
          cairo_set_source_rgb (cr, m == 0 ? 0.05 : 0.55, 0.05, m == 0 ? 0.35 : 0.05);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, 0.4 / k);
          cairo_stroke (cr);

          for (guint j = 0; j < placed->len && !crowded; j++)
            {
              const double *q = &g_array_index (placed, double, 2 * j);

              crowded = fabs (q[0] - x) < font * 4 && fabs (q[1] - y) < font * 1.6;
            }
          if (!crowded)
            {
              /* Translators: a marker's label on the printed map, “M12” */
              g_autofree char *label = m == 0 ? g_strdup_printf ("%u", p->number)
                                              : g_strdup_printf (C_ ("annex", "M%u"), p->number);
              g_autoptr (PangoLayout) layout = text_new (cr, font, m == 1, label, FALSE, 0);
              double xy[2] = { x, y };

              cairo_set_source_rgb (cr, m == 0 ? 0.05 : 0.55, 0.05, m == 0 ? 0.35 : 0.05);
              text_show (cr, layout, x + r + 1 / k, y - font * 1.2);
              g_array_append_vals (placed, xy, 1);
            }
        }
    }
}

/* An annex page: the introduction on the first, then a table with its
 * title and its column headings. */
static void
draw_annex_page (DmPrintLayout *self, cairo_t *cr, const AnnexPage *page)
{
  const Geometry *g = &self->geometry;
  GArray *points = page->markers ? self->annex->markers : self->annex->points;
  double y = annex_body_top (g), x;
  g_autofree char *title = NULL;
  AnnexTable t;

  annex_table (self, cr, &t);
  if (page->intro)
    {
      g_autofree char *intro = annex_intro (self);

      cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
      y += text_block (cr, TRUE, g->m, y, g->w - 2 * g->m, g->font * 1.3, TRUE,
                       _ ("Annex: the contact line by its turning points")) +
           6;
      y += text_block (cr, TRUE, g->m, y, g->w - 2 * g->m, g->font, FALSE, intro) + t.title_h / 2;
    }
  if (page->markers)
    {
      g_autofree char *spacing = dm_format_length_setting (self->annex->marker_spacing_m, DM_LENGTH_KM);

      /* Translators: the title of the printed table of markers, “Markers every 5 km” */
      title = g_strdup_printf (_ ("Markers every %s"), spacing);
    }
  else
    title = g_strdup (_ ("Turning points"));
  if (page->first > 0)
    {
      /* Translators: a table's title on the pages after its first */
      char *more = g_strdup_printf (_ ("%s (continued)"), title);

      g_free (title);
      title = more;
    }
  cairo_set_source_rgb (cr, 0.12, 0.16, 0.45);
  text_block (cr, TRUE, g->m, y, g->w - 2 * g->m, g->font * 1.3, TRUE, title);
  y += t.title_h;

  /* The headings, on a tint, then the rows, every fifth ruled. */
  cairo_set_source_rgb (cr, 0.9, 0.91, 0.95);
  cairo_rectangle (cr, g->m, y - 1, g->w - 2 * g->m, t.row_h);
  cairo_fill (cr);
  x = g->m;
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  for (guint c = 0; c < 9; c++)
    {
      text_block (cr, TRUE, x, y, 0, t.font, TRUE, annex_column_title (c));
      x += t.widths[c] + t.gap;
    }
  y += t.row_h;
  for (guint i = page->first; i < page->first + page->count; i++)
    {
      char *cells[9];

      annex_cells (&g_array_index (points, DmAnnexPoint, i), cells);
      x = g->m;
      cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
      for (guint c = 0; c < 9; c++)
        {
          g_autoptr (PangoLayout) cell = text_new (cr, t.font, FALSE, cells[c], FALSE, 0);
          double cw;

          /* Numbers right-aligned, text left. */
          text_size (cell, &cw, NULL);
          text_show (cr, cell, c == 4 || c == 5 || c == 6 ? x : x + t.widths[c] - cw, y);
          x += t.widths[c] + t.gap;
        }
      annex_cells_free (cells);
      y += t.row_h;
      if ((i + 1) % 5 == 0)
        {
          cairo_set_source_rgb (cr, 0.8, 0.8, 0.82);
          cairo_set_line_width (cr, 0.4);
          cairo_move_to (cr, g->m, y - 1);
          cairo_line_to (cr, g->w - g->m, y - 1);
          cairo_stroke (cr);
        }
    }
}

static void
ensure_valid (DmPrintLayout *self)
{
  guint64 revision = dm_document_get_revision (self->document);

  g_autoptr (DmLanguageScope) scope = NULL;

  if (self->valid && self->revision == revision)
    return;
  scope = speak (self);
  compute_geometry (self, &self->geometry);
  g_array_set_size (self->sheet_list, 0);
  if (self->sheets)
    compute_sheets (self, &self->geometry, self->scale > 0 ? self->scale : DEFAULT_SHEET_SCALE);
  compute_annex (self);
  self->revision = revision;
  self->valid = TRUE;
}

static guint
n_map_pages (DmPrintLayout *self)
{
  return 1 + self->sheet_list->len;
}

static guint
n_pages (DmPrintLayout *self)
{
  return n_map_pages (self) + self->annex_pages->len;
}

guint
dm_print_layout_get_n_sheets (DmPrintLayout *self)
{
  g_return_val_if_fail (DM_IS_PRINT_LAYOUT (self), 0);
  ensure_valid (self);
  return self->sheet_list->len;
}

guint
dm_print_layout_get_n_pages (DmPrintLayout *self)
{
  g_return_val_if_fail (DM_IS_PRINT_LAYOUT (self), 0);
  ensure_valid (self);
  /* Sheets: the index, then the sheets; the annex's pages after them. */
  return n_pages (self);
}

static void
fill_scale (DmPrintLayout *self, DmPrintPageInfo *info)
{
  const Geometry *g = &self->geometry;
  DmViewport *vp = &info->viewport;
  double lon0, lat0, lon1, lat1, bar_max;

  /* One point either side of the centre, on the centre's parallel. */
  dm_viewport_to_location (vp, vp->width / 2 - 0.5, vp->height / 2, &lon0, &lat0);
  dm_viewport_to_location (vp, vp->width / 2 + 0.5, vp->height / 2, &lon1, &lat1);
  info->metres_per_point = dm_geodesy_distance_m (lon0, lat0, lon1, lat1);
  info->scale = info->metres_per_point / PT_M;

  /* The bars take up to 70 % of the panel's column. */
  bar_max = 0.7 * column_width (g) * info->metres_per_point;
  info->bar_m = dm_nice_floor (bar_max);
  info->bar_pt = info->bar_m / info->metres_per_point;
  info->bar_mi_m = dm_nice_floor (bar_max / DM_METRES_PER_MILE) * DM_METRES_PER_MILE;
  info->bar_mi_pt = info->bar_mi_m / info->metres_per_point;
}

gboolean
dm_print_layout_get_page_info (DmPrintLayout *self, guint page, DmPrintPageInfo *info)
{
  const Geometry *g;
  double lon, lat, zoom;

  g_return_val_if_fail (DM_IS_PRINT_LAYOUT (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  ensure_valid (self);
  g = &self->geometry;
  if (page >= n_map_pages (self))
    return FALSE;

  memset (info, 0, sizeof *info);
  info->map_x = g->map_x;
  info->map_y = g->map_y;
  info->map_width = g->map_w;
  info->map_height = g->map_h;

  if (page > 0)
    {
      const Sheet *s = &g_array_index (self->sheet_list, Sheet, page - 1);

      info->sheet = page;
      info->first_vertex = s->first;
      info->last_vertex = s->last;
      lon = s->lon;
      lat = s->lat;
      zoom = s->zoom;
    }
  else if (self->frame == FRAME_VIEW)
    {
      lon = self->view_lon;
      lat = self->view_lat;
      zoom = self->scale > 0 && !self->sheets ? zoom_for_metres_per_point (lon, lat, self->scale * PT_M)
                                              : self->view_zoom;
    }
  else
    {
      double box[4];

      if (self->frame == FRAME_BOX)
        memcpy (box, self->box, sizeof box);
      else
        content_box (self, box);
      box_centre (box, &lon, &lat);
      /* The index of sheets always shows the whole line. */
      zoom = self->scale > 0 && !self->sheets ? zoom_for_metres_per_point (lon, lat, self->scale * PT_M)
                                              : fit_zoom (g, box);
    }
  info->viewport = (DmViewport){ lat, lon, zoom, g->map_w, g->map_h, 0, TILE };
  fill_scale (self, info);
  return TRUE;
}

/* ---- Drawing: the map ----------------------------------------------------- */

static void
draw_map (DmPrintLayout *self, cairo_t *cr, const DmPrintPageInfo *info)
{
  const DmViewport *vp = &info->viewport;
  DmBasemapRenderer *basemap = get_basemap (self);
  /* The basemap and the document are drawn with the styles of the nearest
   * whole zoom level, scaled to the fractional one. */
  int z = CLAMP ((int) lround (vp->zoom), 0, 20);
  double s = exp2 (vp->zoom - z), wx, wy;
  DmViewport styled = { vp->lat, vp->lon, z, vp->width / s, vp->height / s, 0, TILE };

  cairo_save (cr);
  cairo_translate (cr, info->map_x, info->map_y);
  cairo_rectangle (cr, 0, 0, info->map_width, info->map_height);
  cairo_clip (cr);
  cairo_scale (cr, s, s);
  dm_web_mercator_project (vp->lon, vp->lat, z, TILE, &wx, &wy);
  if (basemap != NULL)
    dm_basemap_renderer_draw_area (basemap, cr, wx - styled.width / 2, wy - styled.height / 2, styled.width,
                                   styled.height, z, TILE, self->language);
  else
    {
      cairo_set_source_rgb (cr, ((DM_BASEMAP_LAND_RGB >> 16) & 0xff) / 255.0,
                            ((DM_BASEMAP_LAND_RGB >> 8) & 0xff) / 255.0, (DM_BASEMAP_LAND_RGB & 0xff) / 255.0);
      cairo_paint (cr);
    }
  dm_document_renderer_draw (self->renderer, cr, &styled);
  if (self->annex != NULL)
    draw_annex_points (self, cr, wx - styled.width / 2, wy - styled.height / 2, z, s, styled.width, styled.height);
  cairo_restore (cr);
}

/* "48°N", "48°10′N", "37°30′E" */
static char *
format_angle (double value, gboolean is_lat, gboolean minutes)
{
  const char *hemi;
  double a;

  /* A map past the 180th meridian is labelled as an atlas is: 179°W. */
  if (!is_lat && fabs (value) > 180.0)
    value = remainder (value, 360.0);
  hemi = dm_hemisphere_letter (value, is_lat);
  a = fabs (value);
  int deg = (int) floor (a + 1e-9);
  int min = (int) lround ((a - deg) * 60);

  if (min == 60)
    {
      deg++;
      min = 0;
    }
  if (!minutes)
    return g_strdup_printf ("%d°%s", deg, hemi);
  return g_strdup_printf ("%d°%02d′%s", deg, min, hemi);
}

static double
graticule_interval (double lon_span, double lat_span)
{
  static const double steps[] = { 10, 5, 2, 1, 0.5, 1.0 / 3, 0.25, 1.0 / 6, 1.0 / 12, 1.0 / 20, 1.0 / 30, 1.0 / 60 };
  double span = MIN (lon_span, lat_span);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] >= 2.5)
      return steps[i];
  return steps[G_N_ELEMENTS (steps) - 1];
}

/* Meridians and parallels are straight in Web Mercator: vertical and
 * horizontal lines, labelled in the band round the frame. */
static void
draw_graticule (DmPrintLayout *self, cairo_t *cr, const DmPrintPageInfo *info)
{
  const Geometry *g = &self->geometry;
  const DmViewport *vp = &info->viewport;
  double west, north, east, south, step, lon_step, x, y, d, label_end = -G_MAXDOUBLE;
  double size = g->font * 0.85;
  gboolean minutes, lon_minutes;

  dm_viewport_to_location (vp, 0, 0, &west, &north);
  dm_viewport_to_location (vp, vp->width, vp->height, &east, &south);
  step = graticule_interval (east - west, north - south);
  minutes = step < 1;
  /* Far north or south a degree of longitude is short: meridians as far
   * apart on paper as parallels, not closer. */
  lon_step = step;
  {
    double x0, x1, y0, y1;

    dm_viewport_to_widget (vp, vp->lon, vp->lat, &x0, &y0);
    dm_viewport_to_widget (vp, vp->lon + step, vp->lat + step, &x1, &y1);
    for (guint k = 0; k < 3 && fabs (x1 - x0) * 1.5 < fabs (y1 - y0); k++)
      {
        lon_step = graticule_interval (lon_step * 2.5 * 2, lon_step * 2.5 * 2);
        dm_viewport_to_widget (vp, vp->lon + lon_step, vp->lat, &x1, &d);
      }
  }
  lon_minutes = lon_step < 1;

  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.25, 0.25, 0.35, 0.55);
  cairo_set_line_width (cr, 0.4);
  for (double lon = ceil (west / lon_step - 1e-9) * lon_step; lon <= east; lon += lon_step)
    for (int pass = 0; pass < 2; pass++)
      {
        g_autofree char *label = format_angle (lon, FALSE, lon_minutes);
        g_autoptr (PangoLayout) layout = text_new (cr, size, FALSE, label, FALSE, 0);
        double tw, th;

        dm_viewport_to_widget (vp, lon, vp->lat, &x, &d);
        x += info->map_x;
        if (pass == 0)
          {
            cairo_move_to (cr, x, info->map_y);
            cairo_line_to (cr, x, info->map_y + info->map_height);
            cairo_stroke (cr);
            continue;
          }
        text_size (layout, &tw, &th);
        cairo_save (cr);
        cairo_set_source_rgb (cr, 0.15, 0.15, 0.2);
        /* A label that would touch the one before it is left out. */
        if (x - tw / 2 > info->map_x - g->grat && x + tw / 2 < info->map_x + info->map_width + g->grat &&
            x - tw / 2 > label_end + size * 0.5)
          {
            text_show (cr, layout, x - tw / 2, info->map_y - th - 1.5);
            text_show (cr, layout, x - tw / 2, info->map_y + info->map_height + 1.5);
            label_end = x + tw / 2;
          }
        cairo_restore (cr);
      }
  for (double lat = ceil (south / step - 1e-9) * step; lat <= north; lat += step)
    {
      g_autofree char *label = format_angle (lat, TRUE, minutes);
      g_autoptr (PangoLayout) layout = text_new (cr, size, FALSE, label, FALSE, 0);
      double tw, th;

      dm_viewport_to_widget (vp, vp->lon, lat, &d, &y);
      y += info->map_y;
      cairo_move_to (cr, info->map_x, y);
      cairo_line_to (cr, info->map_x + info->map_width, y);
      cairo_stroke (cr);
      text_size (layout, &tw, &th);
      if (y - tw / 2 < info->map_y - 2 || y + tw / 2 > info->map_y + info->map_height + 2)
        continue;
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.2);
      /* Read from the left on the left edge and from the right on the
       * right edge, as on topographic maps. */
      cairo_save (cr);
      cairo_translate (cr, info->map_x - th - 1.5, y + tw / 2);
      cairo_rotate (cr, -G_PI / 2);
      text_show (cr, layout, 0, 0);
      cairo_restore (cr);
      cairo_translate (cr, info->map_x + info->map_width + th + 1.5, y - tw / 2);
      cairo_rotate (cr, G_PI / 2);
      text_show (cr, layout, 0, 0);
      cairo_restore (cr);
    }
  cairo_restore (cr);

  /* The frame. */
  cairo_save (cr);
  cairo_rectangle (cr, info->map_x, info->map_y, info->map_width, info->map_height);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 0.9);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The index page: each sheet's frame over the whole line, numbered. */
static void
draw_sheet_frames (DmPrintLayout *self, cairo_t *cr, const DmPrintPageInfo *info)
{
  const Geometry *g = &self->geometry;

  cairo_save (cr);
  cairo_rectangle (cr, info->map_x, info->map_y, info->map_width, info->map_height);
  cairo_clip (cr);
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < self->sheet_list->len; k++)
      {
        DmPrintPageInfo sheet;
        double corners[4][2], cx = 0, cy = 0;

        dm_print_layout_get_page_info (self, k + 1, &sheet);
        for (guint c = 0; c < 4; c++)
          {
            double lon, lat;

            dm_viewport_to_location (&sheet.viewport, (c == 1 || c == 2) ? sheet.map_width : 0,
                                     c >= 2 ? sheet.map_height : 0, &lon, &lat);
            dm_viewport_to_widget (&info->viewport, lon, lat, &corners[c][0], &corners[c][1]);
            corners[c][0] += info->map_x;
            corners[c][1] += info->map_y;
            cx += corners[c][0] / 4;
            cy += corners[c][1] / 4;
          }
        if (pass == 0)
          {
            cairo_move_to (cr, corners[0][0], corners[0][1]);
            for (guint c = 1; c < 4; c++)
              cairo_line_to (cr, corners[c][0], corners[c][1]);
            cairo_close_path (cr);
            cairo_set_source_rgba (cr, 0.12, 0.16, 0.45, 0.06);
            cairo_fill_preserve (cr);
            cairo_set_source_rgba (cr, 0.12, 0.16, 0.45, 0.85);
            cairo_set_line_width (cr, 0.9);
            cairo_stroke (cr);
          }
        else
          {
            g_autofree char *label = g_strdup_printf ("%u", k + 1);
            g_autoptr (PangoLayout) layout = text_new (cr, g->font * 1.1, TRUE, label, FALSE, 0);
            double tw, th;

            text_size (layout, &tw, &th);
            cairo_rectangle (cr, cx - tw / 2 - 2.5, cy - th / 2 - 0.5, tw + 5, th + 1);
            cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
            cairo_fill_preserve (cr);
            cairo_set_source_rgb (cr, 0.12, 0.16, 0.45);
            cairo_set_line_width (cr, 0.6);
            cairo_stroke (cr);
            text_show (cr, layout, cx - tw / 2, cy - th / 2);
          }
      }
  cairo_restore (cr);
}

/* ---- Drawing: the panel ---------------------------------------------------- */

typedef struct {
  DmPrintLayout *self;
  cairo_t *cr;
  gboolean draw; /* FALSE: measure only */
  double k;      /* text scale, < 1 when the panel is full */
  const DmPrintPageInfo *info;
  guint page;
} Panel;

static double
panel_font (const Panel *p, double factor)
{
  return p->self->geometry.font * factor * p->k;
}

static double
heading (Panel *p, double x, double y, double w, const char *text)
{
  double h = text_block (p->cr, p->draw, x, y, w, panel_font (p, 1.15), TRUE, text);

  if (p->draw)
    {
      cairo_save (p->cr);
      cairo_set_source_rgb (p->cr, 0.55, 0.55, 0.6);
      cairo_set_line_width (p->cr, 0.5);
      cairo_move_to (p->cr, x, y + h + 1);
      cairo_line_to (p->cr, x + w, y + h + 1);
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
    }
  return h + 4;
}

static double
legend_row (Panel *p, double x, double y, double w, DmLegendSymbol symbol, guint index, const char *text)
{
  double sw = panel_font (p, 3.0), sh = panel_font (p, 1.5);
  double th = text_block (p->cr, FALSE, 0, 0, w - sw - 6, panel_font (p, 1.0), FALSE, text);
  double h = MAX (th, sh);

  if (p->draw)
    {
      cairo_save (p->cr);
      cairo_translate (p->cr, x, y + (h - sh) / 2);
      dm_document_renderer_draw_legend_symbol (p->self->renderer, p->cr, symbol, index, sw, sh);
      cairo_restore (p->cr);
      cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      text_block (p->cr, TRUE, x + sw + 6, y + (h - th) / 2, w - sw - 6, panel_font (p, 1.0), FALSE, text);
    }
  return h + 3;
}

static double
block_legend (Panel *p, double x, double y, double w)
{
  DmPrintLayout *self = p->self;
  DmDocument *doc = self->document;
  const char *a = dm_document_default_name_localized (dm_document_get_side_name (doc, DM_SIDE_A));
  const char *b = dm_document_default_name_localized (dm_document_get_side_name (doc, DM_SIDE_B));
  DmDocumentLayers layers = dm_document_renderer_get_layers (self->renderer);
  double y0 = y;

  y += heading (p, x, y, w, _ ("Legend"));
  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *text = g_strdup_printf (s == 0 ? _ ("%s (side A, left of the line’s direction)")
                                                      : _ ("%s (side B, right of the line’s direction)"),
                                               s == 0 ? a : b);
      y += legend_row (p, x, y, w, DM_LEGEND_SIDE, s == 0 ? DM_SIDE_A : DM_SIDE_B, text);
    }
  if ((layers & DM_DOCUMENT_LAYER_LINE) && line_geometry (self) != NULL)
    {
      const char *proposal =
        dm_document_default_name_localized (dm_document_get_proposal_name (doc, dm_document_get_active_proposal (doc)));
      g_autofree char *text = g_strdup_printf (_ ("Contact line, %s; each side’s colour on its side"), proposal);

      y += legend_row (p, x, y, w, DM_LEGEND_CONTACT_LINE, 0, text);
    }
  for (guint i = 0; (layers & DM_DOCUMENT_LAYER_ZONES) && i < dm_document_get_n_zone_rules (doc); i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (doc, i);
      g_autofree char *text = NULL;

      /* Not drawn, so not in the legend. */
      if (rule->hidden)
        continue;
      {
        /* Worded once, in core: the zones panel says the same, in one unit. */
        g_autofree char *what = dm_zone_rule_describe (rule, self->units, TRUE, a, b);

        /* Translators: a zone in the legend: its name, then what it is */
        text = g_strdup_printf (_ ("%s: %s"), dm_document_default_name_localized (rule->name), what);
      }
      y += legend_row (p, x, y, w, DM_LEGEND_ZONE, i, text);
    }
  if ((layers & DM_DOCUMENT_LAYER_COMPARISON) && self->results != NULL && self->results->comparison != NULL)
    for (guint k = 0; k < 2; k++)
      {
        /* Translators: “Land from Ukraine to Russia since Proposal 1” */
        g_autofree char *text = g_strdup_printf (_ ("Land from %s to %s since %s"), k == 0 ? a : b, k == 0 ? b : a,
                                                 self->results->comparison_name);

        y += legend_row (p, x, y, w, DM_LEGEND_CHANGE, k, text);
      }
  if (layers & DM_DOCUMENT_LAYER_SWAPS)
    {
      g_autoptr (GPtrArray) swaps = dm_document_list_features (doc, DM_ROLE_LAND_SWAP);

      if (swaps->len > 0)
        y += legend_row (p, x, y, w, DM_LEGEND_LAND_SWAP, 0,
                         _ ("Land swap: filled in the receiving side’s colour, edged in the giving side’s"));
    }
  if (layers & DM_DOCUMENT_LAYER_POSTS)
    {
      g_autoptr (GArray) posts = dm_monitoring_document_posts (doc);
      guint n[2] = { 0, 0 };

      for (guint i = 0; i < posts->len; i++)
        n[g_array_index (posts, DmPost, i).side == DM_SIDE_B ? 1 : 0]++;
      for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
        if (n[side == DM_SIDE_A ? 0 : 1] > 0)
          {
            /* Translators: a legend row, “Observation post on Ukraine’s side and its sensor’s range” */
            g_autofree char *label =
              g_strdup_printf (_ ("Observation post on %s’s side and its sensor’s range"),
                               dm_document_default_name_localized (dm_document_get_side_name (doc, side)));

            y += legend_row (p, x, y, w, DM_LEGEND_POST, side, label);
          }
    }
  if (layers & DM_DOCUMENT_LAYER_ANNOTATIONS)
    {
      g_autoptr (GPtrArray) notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);

      if (notes->len > 0)
        y += legend_row (p, x, y, w, DM_LEGEND_ANNOTATION, 0, _ ("Annotation (see Notes)"));
    }
  if (p->page == 0 && self->sheet_list->len > 0)
    {
      double sw = panel_font (p, 3.0), sh = panel_font (p, 1.5);
      double th =
        text_block (p->cr, FALSE, 0, 0, w - sw - 6, panel_font (p, 1.0), FALSE, _ ("Map sheet and its number"));

      if (p->draw)
        {
          cairo_rectangle (p->cr, x + 0.5, y + 0.5, sw - 1, sh - 1);
          cairo_set_source_rgba (p->cr, 0.12, 0.16, 0.45, 0.85);
          cairo_set_line_width (p->cr, 0.9);
          cairo_stroke (p->cr);
          cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
          text_block (p->cr, TRUE, x + sw + 6, y + (MAX (th, sh) - th) / 2, w - sw - 6, panel_font (p, 1.0), FALSE,
                      _ ("Map sheet and its number"));
        }
      y += MAX (th, sh) + 3;
    }
  return y - y0;
}

/* A row of the figures table: a label, its value right-aligned beside it
 * or, when both do not fit on a line, below it. */
static double
figure_row (Panel *p, double x, double y, double w, const char *label, const char *value, gboolean indent)
{
  double size = panel_font (p, 1.0), gap = 6, lw, lh, vw, vh;
  double ix = indent ? size : 0;
  g_autoptr (PangoLayout) vl = text_new (p->cr, size, TRUE, value, FALSE, 0);
  g_autoptr (PangoLayout) ll = NULL;

  text_size (vl, &vw, &vh);
  ll = text_new (p->cr, size, FALSE, label, FALSE, 0);
  text_size (ll, &lw, &lh);
  if (ix + lw + gap + vw <= w)
    {
      if (p->draw)
        {
          cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
          text_show (p->cr, ll, x + ix, y);
          text_show (p->cr, vl, x + w - vw, y);
        }
      return MAX (lh, vh) + 1.5;
    }
  /* Too long for one line: the label wraps, the value goes below. */
  g_object_unref (ll);
  ll = text_new (p->cr, size, FALSE, label, FALSE, w - ix);
  text_size (ll, NULL, &lh);
  g_object_unref (vl);
  vl = text_new (p->cr, size, TRUE, value, FALSE, w - ix);
  pango_layout_set_alignment (vl, PANGO_ALIGN_RIGHT);
  text_size (vl, NULL, &vh);
  if (p->draw)
    {
      cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      text_show (p->cr, ll, x + ix, y);
      text_show (p->cr, vl, x + ix, y + lh);
    }
  return lh + vh + 1.5;
}

/* A section's title among the figures: bold, a little space above. */
static double
figure_heading (Panel *p, double x, double y, double w, const char *label)
{
  double size = panel_font (p, 1.0), h, top = size * 0.4;
  g_autoptr (PangoLayout) l = text_new (p->cr, size, TRUE, label, FALSE, w);

  text_size (l, NULL, &h);
  if (p->draw)
    {
      cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      text_show (p->cr, l, x, y + top);
    }
  return top + h + 1.5;
}

/* The key figures as the window shows them (dm-figures.h). */
static double
block_figures (Panel *p, double x, double y, double w)
{
  DmPrintLayout *self = p->self;
  DmFiguresStyle style = { self->units == DM_LENGTH_MI ? DM_LENGTH_MI : DM_LENGTH_KM, TRUE, TRUE };
  g_autoptr (GPtrArray) figures = NULL;
  guint compared_regions = 0;
  double y0 = y;

  y += heading (p, x, y, w, _ ("Key figures"));
  if (self->results == NULL)
    return y - y0 +
           text_block (p->cr, p->draw, x, y, w, panel_font (p, 1.0), FALSE,
                       _ ("Not computed: print again when the figures are ready."));
  figures = dm_figures_build (self->document, self->results, &style);
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (!(f->uses & DM_FIGURE_PANEL))
        continue;
      /* A page has room for the six oblasts where most changed hands. */
      if (g_str_has_prefix (f->id, "comparison.region.") && ++compared_regions > 6)
        continue;
      if (f->kind == DM_FIGURE_HEADING)
        y += figure_heading (p, x, y, w, f->label);
      else
        y += figure_row (p, x, y, w, f->label, f->kind == DM_FIGURE_ROW ? f->value : "", TRUE);
    }
  return y - y0;
}

/* A monitoring plan's figures, as monitoring and the window word them. */
static double
block_plan (Panel *p, double x, double y, double w)
{
  DmPrintLayout *self = p->self;
  DmFiguresStyle style = { self->units == DM_LENGTH_MI ? DM_LENGTH_MI : DM_LENGTH_KM, FALSE, FALSE };
  g_autoptr (GPtrArray) figures = NULL;
  double y0 = y;

  if (self->plan == NULL)
    return 0;
  figures = dm_figures_build_monitoring_plan (self->document, self->plan_zone, self->plan, &style);
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (!(f->uses & DM_FIGURE_PANEL))
        continue;
      if (f->kind == DM_FIGURE_HEADING)
        y += heading (p, x, y, w, f->label);
      else if (f->kind == DM_FIGURE_ROW)
        y += figure_row (p, x, y, w, f->label, f->value, FALSE);
      else
        y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 0.85), FALSE, f->label) + 2;
    }
  return y - y0;
}

static void
draw_bar (cairo_t *cr, double x, double y, double length, double height, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle (cr, x + length * i / n, y, length / n, height);
      if (i % 2 == 0)
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, x, y, length, height);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
}

static guint
bar_divisions (double value)
{
  double lead = value / pow (10, floor (log10 (value)));

  return lead >= 4.99 ? 5 : lead >= 1.99 ? 4 : 5;
}

static char *
format_bar_value (double value)
{
  return dm_format_number (value, fabs (value - round (value)) < 1e-9 ? 0 : 1);
}

/* A bar of @ground metres, @length points long, in @unit: labelled at 0,
 * at the middle when it falls on a division, and at the end. */
static double
scale_bar (Panel *p, double x, double y, double length, double ground, DmLengthUnit unit)
{
  double size = panel_font (p, 0.9), bar_h = 4, th;
  double value = dm_length_from_m (ground, unit);
  guint n = bar_divisions (value);

  th = text_block (p->cr, FALSE, 0, 0, 0, size, FALSE, "0");
  if (p->draw)
    {
      g_autofree char *num = format_bar_value (value);
      g_autofree char *end = g_strdup_printf ("%s %s", num, dm_length_unit_symbol (unit));
      g_autoptr (PangoLayout) zero = text_new (p->cr, size, FALSE, "0", FALSE, 0);
      g_autoptr (PangoLayout) last = text_new (p->cr, size, FALSE, end, FALSE, 0);
      double w0, wn;

      draw_bar (p->cr, x, y + th + 1, length, bar_h, n);
      text_size (zero, &w0, NULL);
      cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      text_show (p->cr, zero, x - w0 / 2, y);
      /* The end's number centred on the bar's end, its unit after it. */
      {
        g_autoptr (PangoLayout) nl = text_new (p->cr, size, FALSE, num, FALSE, 0);

        text_size (nl, &wn, NULL);
        text_show (p->cr, last, x + length - wn / 2, y);
      }
      if (n % 2 == 0)
        {
          g_autofree char *half = format_bar_value (value / 2);
          g_autoptr (PangoLayout) ml = text_new (p->cr, size, FALSE, half, FALSE, 0);
          double wm;

          text_size (ml, &wm, NULL);
          text_show (p->cr, ml, x + length / 2 - wm / 2, y);
        }
    }
  return th + 1 + bar_h + 4;
}

static void
north_arrow (cairo_t *cr, double cx, double top, double h, double font)
{
  g_autoptr (PangoLayout) n = text_new (cr, font, TRUE, dm_hemisphere_letter (1, TRUE), FALSE, 0);
  double tw, th, w = h * 0.38;

  text_size (n, &tw, &th);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  text_show (cr, n, cx - tw / 2, top);
  top += th;
  h -= th;
  /* Half black, half white: the usual arrow. */
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + w / 2, top + h);
  cairo_line_to (cr, cx, top + h * 0.72);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx - w / 2, top + h);
  cairo_line_to (cr, cx, top + h * 0.72);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 0.7);
  cairo_stroke (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + w / 2, top + h);
  cairo_line_to (cr, cx, top + h * 0.72);
  cairo_close_path (cr);
  cairo_stroke (cr);
}

static double
block_scale (Panel *p, double x, double y, double w)
{
  const DmPrintPageInfo *info = p->info;
  double y0 = y, arrow_w = panel_font (p, 3.2);
  g_autofree char *n = dm_format_number (round_significant (info->scale, 3), 0);
  g_autofree char *lat = NULL;
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  double bars_top;

  lat = format_angle (info->viewport.lat, TRUE, TRUE);
  title = g_strdup_printf (_ ("Scale 1:%s"), n);
  y += heading (p, x, y, w, title);
  bars_top = y;
  y += scale_bar (p, x + 4, y, info->bar_pt, info->bar_m, info->bar_m >= 1000 ? DM_LENGTH_KM : DM_LENGTH_M);
  y += scale_bar (p, x + 4, y, info->bar_mi_pt, info->bar_mi_m, DM_LENGTH_MI);
  if (p->draw)
    north_arrow (p->cr, x + w - arrow_w / 2, bars_top, y - bars_top, panel_font (p, 1.0));
  /* Translators: %s is a latitude such as 48°12′N */
  note = g_strdup_printf (_ ("True at the map’s centre (%s); Web Mercator, north is up everywhere."), lat);
  if (p->draw)
    cairo_set_source_rgb (p->cr, 0.3, 0.3, 0.3);
  y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 0.85), FALSE, note);
  return y - y0;
}

static const char *
compass (double azimuth)
{
  static const char *names[] = { N_ ("north"), N_ ("north-east"), N_ ("east"), N_ ("south-east"),
                                 N_ ("south"), N_ ("south-west"), N_ ("west"), N_ ("north-west") };
  int i = (int) lround (fmod (azimuth + 360.0, 360.0) / 45.0) % 8;

  return _ (names[i]);
}

static double
block_sheet (Panel *p, double x, double y, double w)
{
  DmPrintLayout *self = p->self;
  guint n = self->sheet_list->len;
  double y0 = y;

  if (p->page == 0)
    {
      g_autofree char *scale =
        dm_format_number (round_significant (self->scale > 0 ? self->scale : DEFAULT_SHEET_SCALE, 3), 0);
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Index: the line on %u sheet at 1:%s, the pages after this one.",
                                      "Index: the line on %u sheets at 1:%s, the pages after this one.", n),
                         n, scale);
      y += heading (p, x, y, w, _ ("Map sheets"));
      if (p->draw)
        cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 1.0), FALSE, text);
      return y - y0;
    }
  {
    const Sheet *s = &g_array_index (self->sheet_list, Sheet, p->page - 1);
    g_autoptr (GString) text = g_string_new (NULL);
    g_autofree char *head = g_strdup_printf (_ ("Sheet %u of %u"), p->page, n);

    y += heading (p, x, y, w, head);
    for (int d = -1; d <= 1; d += 2)
      {
        guint other = p->page + d; /* 1-based */
        double dist, az1, az2;
        const Sheet *o;

        if (other < 1 || other > n)
          continue;
        o = &g_array_index (self->sheet_list, Sheet, other - 1);
        dm_geodesy_inverse (s->lon, s->lat, o->lon, o->lat, &dist, &az1, &az2);
        if (text->len > 0)
          g_string_append (text, "\n");
        g_string_append_printf (text, d < 0 ? _ ("Previous: sheet %u, to the %s") : _ ("Next: sheet %u, to the %s"),
                                other, compass (az1));
      }
    if (p->draw)
      cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
    y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 1.0), FALSE, text->str);
  }
  return y - y0;
}

static double
block_notes (Panel *p, double x, double y, double w)
{
  g_autoptr (GPtrArray) notes = dm_document_list_features (p->self->document, DM_ROLE_ANNOTATION);
  double y0 = y;

  if (notes->len == 0 || !(dm_document_renderer_get_layers (p->self->renderer) & DM_DOCUMENT_LAYER_ANNOTATIONS))
    return 0;
  y += heading (p, x, y, w, _ ("Notes"));
  for (guint i = 0; i < notes->len; i++)
    {
      DmFeature *f = g_ptr_array_index (notes, i);
      const char *text = dm_feature_get_text (f);
      g_autofree char *line = NULL;

      if (text == NULL || *text == '\0')
        text = dm_feature_get_name (f);
      if (text == NULL || *text == '\0')
        continue;
      line = g_strdup_printf ("• %s", text);
      if (p->draw)
        cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
      y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 0.95), FALSE, line) + 1;
    }
  return y - y0;
}

static double
block_sources (Panel *p, double x, double y, double w)
{
  DmPrintLayout *self = p->self;
  double y0 = y;
  g_autofree char *fp = g_strdup_printf (_ ("Fingerprint of the proposal: %s"),
                                         self->fingerprint != NULL && *self->fingerprint ? self->fingerprint : "—");

  y += heading (p, x, y, w, _ ("Sources"));
  if (p->draw)
    cairo_set_source_rgb (p->cr, 0.3, 0.3, 0.3);
  y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 0.8), FALSE, get_attribution (self)) + 3;
  if (p->draw)
    cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
  y += text_block (p->cr, p->draw, x, y, w, panel_font (p, 0.95), TRUE, fp);
  return y - y0;
}

typedef double (*BlockFunc) (Panel *p, double x, double y, double w);

/* Flows the blocks into the panel's columns; FALSE when some do not fit
 * (they are left out). */
static gboolean
flow_panel (Panel *p, gboolean draw)
{
  const Geometry *g = &p->self->geometry;
  BlockFunc blocks[7];
  guint n_blocks = 0, col = 0;
  gboolean fits = TRUE;
  double cw = column_width (g), gap = panel_font (p, 1.4), col_y[8];

  if (p->self->sheet_list->len > 0)
    blocks[n_blocks++] = block_sheet;
  blocks[n_blocks++] = block_legend;
  blocks[n_blocks++] = block_figures;
  blocks[n_blocks++] = block_plan;
  blocks[n_blocks++] = block_scale;
  blocks[n_blocks++] = block_notes;
  blocks[n_blocks++] = block_sources;

  for (guint c = 0; c < G_N_ELEMENTS (col_y); c++)
    col_y[c] = g->panel_y;
  for (guint i = 0; i < n_blocks; i++)
    {
      double h;
      guint c;

      p->draw = FALSE;
      h = blocks[i](p, 0, 0, cw);
      if (h <= 0)
        continue;
      /* In the current column, else the next one, else the first one
       * with room left (the scale under a short legend); a block with
       * no room anywhere is left out and the smaller ones after it
       * still go where they fit. */
      for (c = col; c < MIN (g->panel_cols, G_N_ELEMENTS (col_y)); c++)
        if (col_y[c] + h <= g->panel_y + g->panel_h)
          break;
      if (c >= MIN (g->panel_cols, G_N_ELEMENTS (col_y)))
        for (c = 0; c < col; c++)
          if (col_y[c] + h <= g->panel_y + g->panel_h)
            break;
      if (c >= MIN (g->panel_cols, G_N_ELEMENTS (col_y)) || col_y[c] + h > g->panel_y + g->panel_h)
        {
          fits = FALSE;
          continue;
        }
      col = MAX (col, c);
      if (draw)
        {
          p->draw = TRUE;
          cairo_save (p->cr);
          blocks[i](p, g->panel_x + c * (cw + g->col_gap), col_y[c], cw);
          cairo_restore (p->cr);
        }
      col_y[c] += h + gap;
    }
  return fits;
}

static void
draw_panel (DmPrintLayout *self, cairo_t *cr, guint page, const DmPrintPageInfo *info)
{
  Panel p = { self, cr, FALSE, 1.0, info, page };

  /* Smaller text until everything fits, down to 70 %. */
  while (p.k > 0.7 && !flow_panel (&p, FALSE))
    p.k -= 0.05;
  flow_panel (&p, TRUE);
}

/* ---- Drawing: header and footer ------------------------------------------- */

static char *
default_title (DmPrintLayout *self)
{
  DmFeature *line = dm_document_get_contact_line (self->document);
  const char *name = line != NULL ? dm_feature_get_name (line) : NULL;

  return g_strdup (name != NULL && *name ? dm_document_default_name_localized (name) : _ ("Contact line"));
}

static char *
default_subtitle (DmPrintLayout *self)
{
  DmDocument *doc = self->document;
  const char *proposal =
    dm_document_default_name_localized (dm_document_get_proposal_name (doc, dm_document_get_active_proposal (doc)));
  g_autoptr (GDateTime) now = self->date != NULL ? g_date_time_ref (self->date) : g_date_time_new_now_local ();
  g_autofree char *date = dm_format_date (now, FALSE);

  /* Translators: proposal name and a date */
  return g_strdup_printf (_ ("%s — %s"), proposal, date);
}

const char *
dm_print_layout_default_marking (void)
{
  return _ ("DRAFT — FOR DISCUSSION");
}

static const char *
marking_text (DmPrintLayout *self)
{
  return self->marking != NULL ? self->marking : dm_print_layout_default_marking ();
}

static void
draw_marking (DmPrintLayout *self, cairo_t *cr, double y)
{
  const Geometry *g = &self->geometry;
  const char *text = marking_text (self);
  g_autoptr (PangoLayout) layout = NULL;
  double tw;

  if (*text == '\0')
    return;
  layout = text_new (cr, g->font * 1.05, TRUE, text, FALSE, 0);
  text_size (layout, &tw, NULL);
  cairo_set_source_rgb (cr, 0.62, 0.08, 0.08);
  text_show (cr, layout, (g->w - tw) / 2, y);
}

static void
draw_header (DmPrintLayout *self, cairo_t *cr, guint page)
{
  const Geometry *g = &self->geometry;
  g_autofree char *title = self->title != NULL ? g_strdup (self->title) : default_title (self);
  g_autofree char *subtitle = self->subtitle != NULL ? g_strdup (self->subtitle) : default_subtitle (self);
  double y = g->m, right_w = 0;

  draw_marking (self, cr, y);
  y += measure_text_height (g->font * 1.05, TRUE) + 4;

  if (self->sheet_list->len > 0 || page >= n_map_pages (self))
    {
      g_autofree char *text =
        page >= n_map_pages (self)
          /* Translators: the header of the printed annex's pages, “Annex, page 2 of 14” */
          ? g_strdup_printf (_ ("Annex, page %u of %u"), page - n_map_pages (self) + 1, self->annex_pages->len)
          : page == 0 ? g_strdup (_ ("Index of sheets"))
                      : g_strdup_printf (_ ("Sheet %u of %u"), page, self->sheet_list->len);
      g_autoptr (PangoLayout) layout = text_new (cr, g->font * 1.6, TRUE, text, FALSE, 0);
      double th;

      text_size (layout, &right_w, &th);
      cairo_set_source_rgb (cr, 0.12, 0.16, 0.45);
      text_show (cr, layout, g->w - g->m - right_w, y + 2);
      right_w += 20;
    }
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  text_line (cr, g->m, y, g->w - 2 * g->m - right_w, g->font * 2.0, TRUE, title);
  y += measure_text_height (g->font * 2.0, TRUE);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  text_line (cr, g->m, y, g->w - 2 * g->m - right_w, g->font * 1.25, FALSE, subtitle);
}

static void
draw_footer (DmPrintLayout *self, cairo_t *cr, guint page)
{
  const Geometry *g = &self->geometry;
  double y = g->h - g->m - g->footer_h + 4;
  guint total = n_pages (self);
  g_autofree char *made = total > 1
                            ? g_strdup_printf (_ ("Demarcate %s · page %u of %u"), PACKAGE_VERSION, page + 1, total)
                            : g_strdup_printf (_ ("Demarcate %s"), PACKAGE_VERSION);
  g_autoptr (PangoLayout) layout = text_new (cr, g->font * 0.8, FALSE, made, FALSE, 0);
  double tw;

  draw_marking (self, cr, y);
  text_size (layout, &tw, NULL);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  text_show (cr, layout, g->w - g->m - tw, y + 1);
  /* The annex's pages say on each which proposal and line they belong to. */
  if (page >= n_map_pages (self))
    {
      g_autofree char *fp =
        /* Translators: the footer of the printed annex's pages: the two fingerprints */
        g_strdup_printf (_ ("Proposal %s · line %s"),
                         self->fingerprint != NULL && *self->fingerprint ? self->fingerprint : "—",
                         self->annex_fingerprint);
      g_autoptr (PangoLayout) left = text_new (cr, g->font * 0.8, FALSE, fp, FALSE, 0);

      text_show (cr, left, g->m, y + 1);
    }
}

void
dm_print_layout_draw_page (DmPrintLayout *self, cairo_t *cr, guint page, double width_pt, double height_pt)
{
  g_autoptr (DmLanguageScope) scope = NULL;
  DmPrintPageInfo info;
  const Geometry *g;
  double k;

  g_return_if_fail (DM_IS_PRINT_LAYOUT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width_pt > 0 && height_pt > 0);

  ensure_valid (self);
  scope = speak (self);
  if (page >= n_map_pages (self) && page < n_pages (self))
    {
      g = &self->geometry;
      cairo_save (cr);
      k = MIN (width_pt / g->w, height_pt / g->h);
      cairo_translate (cr, (width_pt - g->w * k) / 2, (height_pt - g->h * k) / 2);
      cairo_scale (cr, k, k);
      cairo_rectangle (cr, 0, 0, g->w, g->h);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      draw_header (self, cr, page);
      draw_annex_page (self, cr, &g_array_index (self->annex_pages, AnnexPage, page - n_map_pages (self)));
      draw_footer (self, cr, page);
      cairo_restore (cr);
      return;
    }
  if (!dm_print_layout_get_page_info (self, page, &info))
    {
      g_critical ("%s: no page %u (the layout has %u)", G_STRFUNC, page, dm_print_layout_get_n_pages (self));
      return;
    }
  g = &self->geometry;

  cairo_save (cr);
  /* Another page size: the whole page scaled to fit, centred. */
  k = MIN (width_pt / g->w, height_pt / g->h);
  cairo_translate (cr, (width_pt - g->w * k) / 2, (height_pt - g->h * k) / 2);
  cairo_scale (cr, k, k);
  cairo_rectangle (cr, 0, 0, g->w, g->h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  draw_map (self, cr, &info);
  if (page == 0 && self->sheet_list->len > 0)
    draw_sheet_frames (self, cr, &info);
  draw_graticule (self, cr, &info);
  draw_header (self, cr, page);
  draw_panel (self, cr, page, &info);
  draw_footer (self, cr, page);
  cairo_restore (cr);
}

/* ---- Export ------------------------------------------------------------------ */

typedef enum {
  FORMAT_PDF,
  FORMAT_SVG,
  FORMAT_PNG,
} Format;

static char *
page_path (const char *path, guint page)
{
  const char *dot = strrchr (path, '.');

  if (page == 0 || dot == NULL)
    return g_strdup (path);
  return g_strdup_printf ("%.*s-%u%s", (int) (dot - path), path, page + 1, dot);
}

static gboolean
check_status (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_WRITE, _ ("Could not write “%s”: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Ends @surface, then writes what it made (@bytes) to @path at once
 * (dm_write_file): a failure leaves the file there before untouched. */
static gboolean
finish (cairo_surface_t *surface, GByteArray *bytes, const char *path, GError **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error) && dm_write_file (path, bytes->data, bytes->len, error);
}

gboolean
dm_print_layout_export (DmPrintLayout *self, const char *path, double dpi, GError **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *dir = NULL;
  double w, h;
  guint n_pages;
  Format format;

  g_return_val_if_fail (DM_IS_PRINT_LAYOUT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".pdf"))
    format = FORMAT_PDF;
  else if (g_str_has_suffix (lower, ".svg"))
    format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".png"))
    format = FORMAT_PNG;
  else
    {
      g_set_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_FORMAT,
                   _ ("Cannot print to “%s”: name a .pdf, .svg or .png file"), path);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_WRITE,
                   _ ("Could not write “%s”: the folder “%s” does not exist"), path, dir);
      return FALSE;
    }
  dm_print_layout_get_page_size (self, &w, &h);
  if (format == FORMAT_PNG && (dpi < 10 || dpi > 1200 || w * dpi / 72 > 30000 || h * dpi / 72 > 30000))
    {
      g_set_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_INVALID,
                   _ ("Cannot print at %g DPI: use 10 to 1200, and at most 30,000 pixels a side"), dpi);
      return FALSE;
    }
  n_pages = dm_print_layout_get_n_pages (self);
  if (self->annex_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->annex_error));
      return FALSE;
    }

  if (format == FORMAT_PDF)
    {
      g_autoptr (GByteArray) bytes = g_byte_array_new ();
      g_autoptr (DmLanguageScope) scope = speak (self);
      g_autofree char *title = self->title != NULL ? g_strdup (self->title) : default_title (self);
      cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, w, h);
      cairo_t *cr;

      if (!check_status (cairo_surface_status (surface), path, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Demarcate " PACKAGE_VERSION);
      cr = cairo_create (surface);
      for (guint page = 0; page < n_pages; page++)
        {
          dm_print_layout_draw_page (self, cr, page, w, h);
          cairo_show_page (cr);
        }
      cairo_destroy (cr);
      return finish (surface, bytes, path, error);
    }

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *out = page_path (path, page);
      g_autoptr (GByteArray) bytes = g_byte_array_new ();
      cairo_surface_t *surface;
      cairo_t *cr;

      if (format == FORMAT_SVG)
        {
          surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, w, h);
          cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
        }
      else
        surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (w * dpi / 72), (int) ceil (h * dpi / 72));
      if (!check_status (cairo_surface_status (surface), out, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      cr = cairo_create (surface);
      if (format == FORMAT_PNG)
        cairo_scale (cr, dpi / 72, dpi / 72);
      dm_print_layout_draw_page (self, cr, page, w, h);
      if (!check_status (cairo_status (cr), out, error))
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          return FALSE;
        }
      cairo_destroy (cr);
      if (format == FORMAT_PNG &&
          !check_status (cairo_surface_write_to_png_stream (surface, append_bytes, bytes), out, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      if (!finish (surface, bytes, out, error))
        return FALSE;
    }
  return TRUE;
}
