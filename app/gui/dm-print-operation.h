/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dm-print-layout.h"

G_BEGIN_DECLS

/* What the window knows that the printed map should follow. */
typedef struct {
  double lon, lat, zoom; /* the view on screen */
  DmLanguage language;   /* the pages' first, place names included */
  DmLengthUnit units;
  const char *fingerprint; /* nullable */
  /* The treaty annex's settings (dm_print_layout_set_annex()): the
   * dialog's Annex check box starts unticked. */
  double annex_tolerance_m;
  double annex_marker_spacing_m;
  /* The sidebar's monitoring plan and its zone's name (nullable; copied):
   * the Plan check box is offered when there is one. */
  const DmMonitoringPlan *plan;
  const char *plan_zone;
} DmPrintView;

/*
 * DmPrintOperation: printing (Ctrl+P) through GTK's print dialog, with a
 * "Map" tab for the title, the marking line, what the map frames (the
 * whole line or the view on screen), the scale, map sheets and the
 * treaty annex.  Each page
 * is drawn by render's DmPrintLayout, on the paper and orientation chosen
 * in the dialog, so the printed scale holds.  Print preview and "Print to
 * File" (PDF) come with the dialog.
 */
#define DM_TYPE_PRINT_OPERATION (dm_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (DmPrintOperation, dm_print_operation, DM, PRINT_OPERATION, GtkPrintOperation)

DmPrintOperation *dm_print_operation_new (DmDocument *document, DmResults *results, const DmPrintView *view);
/* The layout the pages are drawn from: set options before running (the
 * dialog's Map tab starts from them). */
DmPrintLayout *dm_print_operation_get_layout (DmPrintOperation *self);
/* Frame the view on screen instead of the whole line. */
void dm_print_operation_set_frame_view (DmPrintOperation *self, gboolean frame_view);
/* The Annex check box's first state. */
void dm_print_operation_set_annex (DmPrintOperation *self, gboolean annex);
/* The Plan check box's first state (the view's plan on the map). */
void dm_print_operation_set_plan (DmPrintOperation *self, gboolean plan);

G_END_DECLS
