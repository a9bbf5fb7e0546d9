/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "dm-basemap-renderer.h"
#include "dm-document-renderer.h"
#include "dm-document.h"
#include "dm-monitoring.h"
#include "dm-results.h"
#include "dm-units.h"

G_BEGIN_DECLS

#define DM_PRINT_ERROR (dm_print_error_quark ())
GQuark dm_print_error_quark (void);

typedef enum {
  DM_PRINT_ERROR_FORMAT,  /* an output name that is not .pdf, .svg or .png */
  DM_PRINT_ERROR_WRITE,   /* the file could not be written */
  DM_PRINT_ERROR_INVALID, /* an option out of range (DPI, scale) */
} DmPrintError;

typedef enum {
  DM_PAPER_A4,
  DM_PAPER_A3,
  DM_PAPER_LETTER,
  DM_PAPER_TABLOID,
} DmPaper;

/* "a4", "A3", "letter", "tabloid" (case-insensitive). */
gboolean dm_paper_from_string (const char *str, DmPaper *paper);
/* In points (1/72 in): A4 is 595.28 × 841.89 portrait. */
void dm_paper_get_size_pt (DmPaper paper, gboolean landscape, double *width_pt, double *height_pt);

/* Where a map of one page, or of one sheet, lies and at what scale.  The
 * scale is the geodesic one at the map's centre, east–west: Web Mercator
 * stretches the ground by 1/cos(latitude), so it holds at the centre's
 * latitude only (the page says which). */
typedef struct {
  guint sheet;         /* 0: the single page or the index; 1…n: a sheet */
  double map_x, map_y; /* the map's frame on the page, points */
  double map_width, map_height;
  DmViewport viewport;     /* the map: size in points, fractional zoom */
  double metres_per_point; /* ground per point of paper at the centre */
  double scale;            /* N of 1:N at the centre */
  double bar_m;            /* the metric scale bar: ground length … */
  double bar_pt;           /* … and its length on paper */
  double bar_mi_m;         /* the miles bar: ground length (whole miles) … */
  double bar_mi_pt;        /* … and its length on paper */
  guint first_vertex;      /* sheets: the line's vertices they hold, */
  guint last_vertex;       /* first_vertex > last_vertex when a sheet
                            * shows part of one long segment only */
} DmPrintPageInfo;

#define DM_TYPE_PRINT_LAYOUT (dm_print_layout_get_type ())
G_DECLARE_FINAL_TYPE (DmPrintLayout, dm_print_layout, DM, PRINT_LAYOUT, GObject)

/*
 * DmPrintLayout: printed maps of a document and its results: one page, or
 * an index and consecutive map sheets along the contact line at a fixed
 * scale.  Each page has the title, the marking line (top and bottom), the
 * map with its graticule, a legend, the key figures (taken from
 * DmResults, never recomputed here), scale bars in km and mi, a north
 * arrow, annotations, the basemap's sources and the proposal's
 * fingerprint.  The map is drawn by the renderers that draw the screen,
 * as vectors, so PDF and SVG keep text selectable.
 *
 * A print dialog sets the options, asks for dm_print_layout_get_n_pages()
 * and calls dm_print_layout_draw_page() for each page on the cairo
 * context GtkPrintOperation gives it.  Main thread only.
 */
DmPrintLayout *dm_print_layout_new (DmDocument *document, DmResults *results);
/* @basemap: (nullable): the basemap to draw; NULL (default) loads the
 * default basemap on first use, or draws plain land colour without one. */
void dm_print_layout_set_basemap (DmPrintLayout *self, DmBasemapRenderer *basemap);
/* The basemap's sources, one a line (dm_basemap_get_attribution_full());
 * NULL: those of the default basemap. */
void dm_print_layout_set_attribution (DmPrintLayout *self, const char *attribution);

void dm_print_layout_set_paper (DmPrintLayout *self, DmPaper paper, gboolean landscape);
/* Margins round the page, in mm (default 10). */
void dm_print_layout_set_margin_mm (DmPrintLayout *self, double margin_mm);
/* The page size the layout is made for, in points. */
void dm_print_layout_get_page_size (DmPrintLayout *self, double *width_pt, double *height_pt);

/* NULL restores the default: the contact line's name. */
void dm_print_layout_set_title (DmPrintLayout *self, const char *title);
/* NULL restores the default: the active proposal's name and the date. */
void dm_print_layout_set_subtitle (DmPrintLayout *self, const char *subtitle);
/* The default marking, “DRAFT — FOR DISCUSSION”, in the thread's language. */
const char *dm_print_layout_default_marking (void);
/* NULL restores the default, “DRAFT — FOR DISCUSSION”; "" prints none. */
void dm_print_layout_set_marking (DmPrintLayout *self, const char *marking);
/* The active proposal's fingerprint (a short hash); NULL prints “—”. */
void dm_print_layout_set_fingerprint (DmPrintLayout *self, const char *fingerprint);
/* The date the subtitle names; NULL: now. */
void dm_print_layout_set_date (DmPrintLayout *self, GDateTime *date);

/* What the map shows: the whole contact line (default), a view as the
 * screen shows it (centre and Web Mercator zoom, a point on paper for a
 * pixel on screen), or a box (longitude/latitude) fitted to the frame. */
void dm_print_layout_frame_line (DmPrintLayout *self);
void dm_print_layout_frame_view (DmPrintLayout *self, double lon, double lat, double zoom);
void dm_print_layout_frame_box (DmPrintLayout *self, double min_lon, double min_lat, double max_lon, double max_lat);
/* 1:@denominator at the map's centre; 0 (default) fits the frame. */
void dm_print_layout_set_scale (DmPrintLayout *self, double denominator);
/* Map sheets: an index page, then the line cut into consecutive sheets at
 * the scale set (1:250,000 when none), each showing a margin of
 * @overlap / 2 of its size round its stretch of the line, so neighbours
 * overlap by about @overlap (0.1: 10 %). */
void dm_print_layout_set_sheets (DmPrintLayout *self, gboolean sheets, double overlap);
/* The language of everything the pages say, place names included
 * (default: the interface’s, dm_i18n_get_language()). */
void dm_print_layout_set_language (DmPrintLayout *self, DmLanguage language);
/* Figures in @unit first (km or mi), the other in brackets. */
void dm_print_layout_set_units (DmPrintLayout *self, DmLengthUnit unit);
/* The document layers on the map (default: all but warnings). */
void dm_print_layout_set_layers (DmPrintLayout *self, DmDocumentLayers layers);

/* The treaty annex (dm-annex.h) of the document's contact line: its
 * numbered turning points (and markers every @marker_spacing_m, 0 for
 * none) on the map and every sheet, and after the maps pages of tables,
 * the headings repeated on each and both fingerprints in every footer.
 * A tolerance or spacing out of range, or no line, makes
 * dm_print_layout_export() fail with the annex's message. */
void dm_print_layout_set_annex (DmPrintLayout *self, gboolean annex, double tolerance_m, double marker_spacing_m);

/* A monitoring plan of the zone @zone_name (dm-monitoring.h; copied;
 * NULL: none) for the document's observation posts: its figures in the
 * panel (the maps draw the posts and their ranges, as the screen does). */
void dm_print_layout_set_monitoring_plan (DmPrintLayout *self, const DmMonitoringPlan *plan, const char *zone_name);

/* Every page: the map (or the index and sheets), then the annex's. */
guint dm_print_layout_get_n_pages (DmPrintLayout *self);
/* Sheets only (0 without). */
guint dm_print_layout_get_n_sheets (DmPrintLayout *self);
/* FALSE for the annex's pages, which have no map. */
gboolean dm_print_layout_get_page_info (DmPrintLayout *self, guint page, DmPrintPageInfo *info);
/* Draws page @page (from 0) into (0, 0)–(@width_pt, @height_pt) of @cr, in
 * points.  A size other than the layout's paper scales the page to fit
 * (and the printed scale with it). */
void dm_print_layout_draw_page (DmPrintLayout *self, cairo_t *cr, guint page, double width_pt, double height_pt);
/* Writes every page by @path's extension: .pdf (one document, vector),
 * .svg or .png (@dpi: pixels per inch), one file a page, pages after the
 * first as NAME-2.svg, NAME-3.svg…  Each file is written beside and
 * renamed into place. */
gboolean dm_print_layout_export (DmPrintLayout *self, const char *path, double dpi, GError **error);

G_END_DECLS
