/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-document.h"
#include "dm-results.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * The project file: a GeoPackage that QGIS opens as it is.
 *
 *   contact_lines, land_swaps   every proposal's lines and swaps, with a
 *                               `proposal` column (its name) and a
 *                               `proposal_index`, so QGIS can filter
 *   annotations                 notes shared by all proposals
 *   zones                       the computed zones of the active proposal,
 *                               one feature per zone and side with its
 *                               figures (only when results are given)
 *   reference_N                 a copy of each reference layer; its name
 *                               and source in gpkg_contents (identifier,
 *                               description) and in the metadata
 *   zone_rules                  table: every zone rule, geometries as WKB
 *   demarcate_metadata          table of key/value: format version, sides,
 *                               proposals, the active one, units, view
 *   layer_styles                QGIS's table of styles: each layer drawn
 *                               as on the screen (dm-style.h)
 *
 * Features keep their ids (the GeoPackage fid) and their order;
 * coordinates are stored as doubles, so a saved and opened document is
 * the same to the bit.  Saving writes beside the file and renames it into
 * place: a failure leaves the old file as it was.
 */

#define DM_PROJECT_ERROR (dm_project_error_quark ())
GQuark dm_project_error_quark (void);

typedef enum {
  DM_PROJECT_ERROR_NOT_FOUND,
  /* Readable geodata, but not a Demarcate project: import it instead
   * (dm_scenario_load_geodata). */
  DM_PROJECT_ERROR_NOT_PROJECT,
  /* Not a readable GeoPackage, or a project whose tables are broken. */
  DM_PROJECT_ERROR_CORRUPT,
  /* Written by a newer Demarcate, in a format this one does not know. */
  DM_PROJECT_ERROR_TOO_NEW,
} DmProjectError;

/* The version this Demarcate writes and the newest it reads. */
#define DM_PROJECT_FORMAT_VERSION 1

/* What the window showed, saved with the project for the GUI. */
typedef struct {
  gboolean has_view; /* FALSE: none saved; the fields are unset */
  double center_lon;
  double center_lat;
  double zoom;        /* libshumate's zoom level */
  DmLengthUnit units; /* the units figures are shown in */
} DmProjectView;

/* @results: (nullable) the active proposal's figures, saved as the zones
 * layer; @view: (nullable).  Errors are DM_EXPORT_ERROR (the file or its
 * folder cannot be written). */
gboolean
dm_project_save (DmDocument *document, DmResults *results, const DmProjectView *view, const char *path, GError **error);
/* As dm_project_save(), with proposal @active as the project's active
 * one (the export of one proposal as a project); @results, when given,
 * must be @active's figures. */
gboolean dm_project_save_proposal (DmDocument *document,
                                   DmResults *results,
                                   const DmProjectView *view,
                                   guint active,
                                   const char *path,
                                   GError **error);
/* A document with an empty undo history; @view_out: (optional).
 * DM_PROJECT_ERROR_NOT_PROJECT for other geodata (GeoJSON, a GeoPackage
 * without the metadata table, ...): the caller imports it instead.
 * A project that opens but is not whole (a required table missing, a row
 * repeated, contents that no longer give the fingerprint saved with them)
 * opens with what is readable; @problems_out: (optional) (out) then holds
 * one sentence for each thing wrong, to tell the user (NULL when none). */
DmDocument *dm_project_load (const char *path,
                             DmProjectView *view_out,
                             GStrv *problems_out,
                             GCancellable *cancellable,
                             GError **error);

/* "Changed on disk since opened": take a stamp when opening or saving,
 * compare with a fresh one before saving over the file. */
typedef struct {
  gboolean exists;
  gint64 mtime_us;
  goffset size;
} DmFileStamp;

/* FALSE with @error set only when the file exists but cannot be looked
 * at; a missing file gives exists = FALSE. */
gboolean dm_file_stamp_get (const char *path, DmFileStamp *stamp, GError **error);
gboolean dm_file_stamp_equal (const DmFileStamp *a, const DmFileStamp *b);

G_END_DECLS
