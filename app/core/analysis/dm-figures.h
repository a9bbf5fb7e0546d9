/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"
#include "dm-monitoring.h"
#include "dm-results.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * The figures of a proposal as rows, worded once: the sidebar's figures
 * panel, the printed page, the CLI's text and the CSV export all show
 * these, so a figure reads the same everywhere and is translated once.
 *
 * The rows come in sections (a heading, then its rows and notes).  Each
 * says where it belongs (DmFigureUse): the panel and the page show the
 * key figures, the text adds details (widths, vertices, gives and gets),
 * the table (CSV) takes every figure with a number, under a name that
 * stands alone.
 */

typedef enum {
  DM_FIGURE_HEADING, /* a section: “Contact line”, “Demilitarised zone” */
  DM_FIGURE_ROW,     /* a label and its value */
  DM_FIGURE_NOTE,    /* a sentence in the section */
} DmFigureKind;

typedef enum {
  DM_FIGURE_PANEL = 1 << 0, /* the window's figures and the printed page */
  DM_FIGURE_TEXT = 1 << 1,  /* demarcate-cli analyse */
  DM_FIGURE_TABLE = 1 << 2, /* the CSV: rows with a number */
  DM_FIGURE_ALL = DM_FIGURE_PANEL | DM_FIGURE_TEXT | DM_FIGURE_TABLE,
} DmFigureUse;

/* What a row's number measures. */
typedef enum {
  DM_QUANTITY_NONE,   /* no number: a heading, a note, a sentence */
  DM_QUANTITY_LENGTH, /* metres */
  DM_QUANTITY_AREA,   /* square metres */
  DM_QUANTITY_COUNT,  /* things */
  DM_QUANTITY_PEOPLE, /* people */
  DM_QUANTITY_TEXT,   /* not a number: the value is the figure */
} DmQuantity;

typedef struct {
  DmFigureKind kind;
  DmFigureUse uses;
  char *id;     /* stable: "zone.1.area.A", "territory.region.UA-14.B" */
  char *label;  /* in its section: “On Ukraine’s side” */
  char *name;   /* standing alone (the CSV): “Demilitarised zone: area on Ukraine’s side” */
  char *value;  /* formatted in the units asked for */
  char *color;  /* a swatch: a zone's or a side's colour, or NULL */
  char *detail; /* more, for a tooltip or the text: NULL */
  DmQuantity quantity;
  double number;    /* in the quantity's unit (m, m², count); NAN without */
  double share;     /* of the whole, 0–1, for an area; NAN without */
  char *share_name; /* the share's own name in the table */
} DmFigure;

typedef struct {
  DmLengthUnit units;    /* lengths, and areas in their square */
  gboolean lengths_both; /* “1,087 km (675 mi)” */
  gboolean totals_both;  /* a zone's whole area in both units */
} DmFiguresStyle;

#define DM_FIGURES_STYLE_INIT  \
  {                            \
    DM_LENGTH_KM, FALSE, FALSE \
  }

void dm_figure_free (DmFigure *figure);
/* (transfer full) DmFigure, in order.  @results: the proposal's complete
 * figures; @document gives the sides' names and colours. */
GPtrArray *dm_figures_build (DmDocument *document, DmResults *results, const DmFiguresStyle *style);

/* (transfer full) The figures of a monitoring plan of the zone
 * @zone_name, worded as above (the CLI's monitoring command, the panel,
 * the page). */
GPtrArray *dm_figures_build_monitoring_plan (DmDocument *document,
                                             const char *zone_name,
                                             const DmMonitoringPlan *plan,
                                             const DmFiguresStyle *style);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmFigure, dm_figure_free)

G_END_DECLS
