/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "dm-document.h"
#include "dm-results.h"
#include "dm-mercator.h"

G_BEGIN_DECLS

/*
 * A view of the map: its centre, a (fractional) Web Mercator zoom level,
 * its size in cairo user units (logical pixels) and its rotation.
 */
typedef struct {
  double lat;
  double lon;
  double zoom;
  double width;
  double height;
  double rotation; /* radians, clockwise, as ShumateViewport's */
  int tile_size;   /* pixels of a tile at an integer zoom (256) */
} DmViewport;

/* Widget coordinates of a point of @viewport (the inverse is
 * dm_viewport_to_location). */
void dm_viewport_to_widget (const DmViewport *viewport, double lon, double lat, double *x, double *y);
void dm_viewport_to_location (const DmViewport *viewport, double x, double y, double *lon, double *lat);

/* The affine map from normalised Mercator to widget coordinates of
 * @viewport: projecting many points costs a multiply-add each. */
void dm_viewport_get_mercator_matrix (const DmViewport *viewport, cairo_matrix_t *matrix);

/* What the document renderer draws; each can be hidden. */
typedef enum {
  DM_DOCUMENT_LAYER_ZONES = 1 << 0,
  DM_DOCUMENT_LAYER_LINE = 1 << 1,
  DM_DOCUMENT_LAYER_SWAPS = 1 << 2,
  DM_DOCUMENT_LAYER_ANNOTATIONS = 1 << 3,
  DM_DOCUMENT_LAYER_REFERENCES = 1 << 4,
  DM_DOCUMENT_LAYER_WARNINGS = 1 << 5,
  DM_DOCUMENT_LAYER_POSTS = 1 << 6,      /* observation posts and their sensors' ranges */
  DM_DOCUMENT_LAYER_TERRITORY = 1 << 7,  /* each side's land tinted in its colour */
  DM_DOCUMENT_LAYER_COMPARISON = 1 << 8, /* land changing hands, hatched */
  DM_DOCUMENT_LAYER_ALL = (1 << 9) - 1,
} DmDocumentLayers;

/*
 * DmDocumentRenderer: draws a document and its results (zones, swaps,
 * warnings) for a viewport with cairo: the screen overlay, print and
 * export all use it.  Keeps every feature projected to Web Mercator, in
 * chunks with bounding boxes, so a frame touches only what is in view,
 * and drops vertices less than a pixel apart (level of detail).  Follows
 * the document's changes; main thread only.
 */
#define DM_TYPE_DOCUMENT_RENDERER (dm_document_renderer_get_type ())
G_DECLARE_FINAL_TYPE (DmDocumentRenderer, dm_document_renderer, DM, DOCUMENT_RENDERER, GObject)

DmDocumentRenderer *dm_document_renderer_new (void);
void dm_document_renderer_set_document (DmDocumentRenderer *self, DmDocument *document);
DmDocument *dm_document_renderer_get_document (DmDocumentRenderer *self);
/* @results: (nullable): the engine's latest results (zones, swaps'
 * givers and receivers, warnings). */
void dm_document_renderer_set_results (DmDocumentRenderer *self, DmResults *results);
void dm_document_renderer_set_layers (DmDocumentRenderer *self, DmDocumentLayers layers);
DmDocumentLayers dm_document_renderer_get_layers (DmDocumentRenderer *self);
void dm_document_renderer_draw (DmDocumentRenderer *self, cairo_t *cr, const DmViewport *viewport);
/* The feature drawn highlighted (the selection): a wide translucent
 * stroke along it; 0 for none. */
void dm_document_renderer_set_highlight (DmDocumentRenderer *self, guint feature_id);
guint dm_document_renderer_get_highlight (DmDocumentRenderer *self);
/* Of a highlighted line of several parts, only part @part glows
 * (G_MAXUINT: the whole line). */
void dm_document_renderer_set_highlight_part (DmDocumentRenderer *self, guint part);

/* Draws only what falls in widget pixels @x,@y–@x+@width,@y+@height of
 * @viewport (clipped there), exactly as dm_document_renderer_draw()
 * draws those pixels: for redrawing part of a cached picture. */
void dm_document_renderer_draw_area (DmDocumentRenderer *self,
                                     cairo_t *cr,
                                     const DmViewport *viewport,
                                     double x,
                                     double y,
                                     double width,
                                     double height);

/* Where the drawing changed: a box of longitude and latitude, and the
 * pixels round it that strokes, signs and labels reach. */
typedef struct {
  double west, south, east, north;
  double margin;
} DmDamageBox;

/* The widget pixels of @viewport that @box damages: its corners' box
 * with its margin, rounded out to whole pixels and cut to the viewport.
 * FALSE when that is empty. */
gboolean dm_damage_box_to_rect (const DmDamageBox *box, const DmViewport *viewport, cairo_rectangle_int_t *rect);

/* What changed in the drawing since the last call (edits, results,
 * layers shown): TRUE when only the boxes it appends to @boxes (an array
 * of DmDamageBox) changed, none for nothing; FALSE when everything may
 * have.  An edit of the contact line damages its touched stretch at once,
 * and the reach of its zones again when results of that revision are
 * set. */
gboolean dm_document_renderer_take_damage (DmDocumentRenderer *self, GArray *boxes);

/* The legend's symbols, drawn as the map draws what they stand for. */
typedef enum {
  DM_LEGEND_SIDE,         /* @index: DM_SIDE_A or DM_SIDE_B */
  DM_LEGEND_CONTACT_LINE, /* side A's fringe above, B's below */
  DM_LEGEND_ZONE,         /* @index: the zone rule's index */
  DM_LEGEND_LAND_SWAP,    /* A gives, B receives */
  DM_LEGEND_ANNOTATION,
  DM_LEGEND_CHANGE, /* @index 0: land from A to B, 1: from B to A */
  DM_LEGEND_POST,   /* @index: DM_SIDE_A or DM_SIDE_B; the post in its sensor's range */
} DmLegendSymbol;

/* Draws a legend symbol into (0, 0)–(@width, @height) of @cr, with the
 * document's colours and the map's styles. */
void dm_document_renderer_draw_legend_symbol (DmDocumentRenderer *self,
                                              cairo_t *cr,
                                              DmLegendSymbol symbol,
                                              guint index,
                                              double width,
                                              double height);
/* Vertices sent to cairo by the last draw (after culling and level of
 * detail), for benchmarks and tests. */
guint dm_document_renderer_get_last_vertex_count (DmDocumentRenderer *self);

G_END_DECLS
