/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * How the document looks: the one place that says it.  The screen and
 * print renderer (app/render) draws with these; KML exports and the
 * project file's QGIS styles carry the same colours and widths, so a
 * partner sees the map as drawn.  Widths are in pixels at full weight,
 * alphas from 0 (clear) to 1 (opaque).
 */
typedef struct {
  double r, g, b; /* 0 … 1 */
} DmRgb;

/* A side without a usable colour. */
#define DM_STYLE_FALLBACK_COLOR ((DmRgb){ 0.4, 0.4, 0.4 })

/* The contact line: a white casing, a fringe of each side's colour on
 * its side, then the line itself, dark, on top. */
#define DM_STYLE_LINE_CASING_WIDTH  6.5
#define DM_STYLE_LINE_CASING_ALPHA  0.85
#define DM_STYLE_LINE_FRINGE_OFFSET 1.9
#define DM_STYLE_LINE_FRINGE_WIDTH  2.2
#define DM_STYLE_LINE_COLOR         ((DmRgb){ 0.08, 0.08, 0.08 })
/* KML cannot offset a line on screen: each side's fringe is a line this
 * far from the contact line on the ground, in the side's colour. */
#define DM_STYLE_KML_FRINGE_OFFSET_M 250.0
#define DM_STYLE_LINE_WIDTH          1.3

/* Zones: filled in the rule's colour, hatched in the colour of the side
 * a piece lies on, edged in the fill darkened. */
#define DM_STYLE_ZONE_DEFAULT_COLOR ((DmRgb){ 0.96, 0.76, 0.07 })
#define DM_STYLE_ZONE_FILL_ALPHA    0.38
#define DM_STYLE_ZONE_HATCH_ALPHA   0.45
#define DM_STYLE_ZONE_HATCH_WIDTH   1.0
#define DM_STYLE_ZONE_HATCH_SPACING 7.0
#define DM_STYLE_ZONE_EDGE_DARKEN   0.6
#define DM_STYLE_ZONE_EDGE_ALPHA    0.9
#define DM_STYLE_ZONE_EDGE_WIDTH    1.2

/* The selected feature's glow on screen */
#define DM_STYLE_HIGHLIGHT_R     0.11
#define DM_STYLE_HIGHLIGHT_G     0.42
#define DM_STYLE_HIGHLIGHT_B     0.85
#define DM_STYLE_HIGHLIGHT_ALPHA 0.35
#define DM_STYLE_HIGHLIGHT_WIDTH 9.0

/* Land swaps: filled in the receiver's colour, edged (dashed) in the
 * giver's. */
#define DM_STYLE_SWAP_FILL_ALPHA 0.28
#define DM_STYLE_SWAP_EDGE_ALPHA 0.95
#define DM_STYLE_SWAP_EDGE_WIDTH 2.0
#define DM_STYLE_SWAP_DASH_ON    6.0
#define DM_STYLE_SWAP_DASH_OFF   3.0

/* Annotations: a dark dot with a white edge. */
#define DM_STYLE_ANNOTATION_COLOR      ((DmRgb){ 0.1, 0.1, 0.1 })
#define DM_STYLE_ANNOTATION_RADIUS     4.5
#define DM_STYLE_ANNOTATION_EDGE_WIDTH 1.5

/* Observation posts: a square in the side's colour with a white edge, the
 * sensor's range a faint disc edged in that colour. */
#define DM_STYLE_POST_SIZE             6.0
#define DM_STYLE_POST_EDGE_WIDTH       1.2
#define DM_STYLE_POST_RANGE_FILL_ALPHA 0.10
#define DM_STYLE_POST_RANGE_EDGE_ALPHA 0.45
#define DM_STYLE_POST_RANGE_EDGE_WIDTH 1.0
/* Vertices of a range circle as drawn. */
#define DM_STYLE_POST_RANGE_VERTICES 72

/* Reference layers: one muted violet for all. */
/* Each side's territory, tinted under everything, as front-line maps do. */
#define DM_STYLE_TERRITORY_ALPHA 0.12
/* Land changing hands between two proposals: hatched in the colour of the
 * side that receives it, across the other way to the zones' hatching. */
#define DM_STYLE_CHANGE_FILL_ALPHA    0.30
#define DM_STYLE_CHANGE_HATCH_ALPHA   0.85
#define DM_STYLE_CHANGE_HATCH_SPACING 5.0
#define DM_STYLE_CHANGE_EDGE_WIDTH    1.2
#define DM_STYLE_REFERENCE_COLOR      ((DmRgb){ 0.35, 0.2, 0.5 })
#define DM_STYLE_REFERENCE_FILL_ALPHA 0.10
#define DM_STYLE_REFERENCE_EDGE_ALPHA 0.8
#define DM_STYLE_REFERENCE_EDGE_WIDTH 1.2
#define DM_STYLE_REFERENCE_LINE_ALPHA 0.9
#define DM_STYLE_REFERENCE_LINE_WIDTH 1.4

/* "#rrggbb" → colour; @fallback when @spec is not one. */
DmRgb dm_style_parse_rgb (const char *spec, DmRgb fallback);
/* "#RRGGBBAA", as OGR style strings write colours. */
char *dm_style_to_hex_rgba (DmRgb color, double alpha);
/* "r,g,b,a" with 0–255 components, as QGIS's QML writes colours. */
char *dm_style_to_qml_rgba (DmRgb color, double alpha);
DmRgb dm_style_darken (DmRgb color, double factor);

G_END_DECLS
