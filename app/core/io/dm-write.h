/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"
#include "dm-gdal.h"
#include "dm-results.h"

#include <locale.h>
#include <cpl_vsi.h>

G_BEGIN_DECLS

/*
 * Writing files safely, for exports, projects and printed pages alike:
 * every file the application or the CLI writes is made whole in memory,
 * then written by dm_write_file(), so a failure (a full disk, a folder
 * that may not be written) never leaves a half file where a good one was.
 * Errors are DM_EXPORT_ERROR.
 */
#define DM_EXPORT_ERROR (dm_export_error_quark ())
GQuark dm_export_error_quark (void);

typedef enum {
  DM_EXPORT_ERROR_UNKNOWN_FORMAT,
  DM_EXPORT_ERROR_WRITE,
  DM_EXPORT_ERROR_GEOMETRY,
} DmExportError;

/* Writes @len bytes of @data to @path at once: into a new file beside it
 * (".NAME.XXXXXX"), every write checked, flushed to disk, then renamed
 * over it, keeping a replaced file's permissions.  On any failure the file
 * there before is as it was, the new one is removed, and @error names
 * @path and the cause ("No space left on device", "Permission denied"). */
gboolean dm_write_file (const char *path, const void *data, gsize len, GError **error);
/* FALSE, with DM_EXPORT_ERROR_WRITE naming both, when @target is the file
 * @source (the same path, or another name of the same file): a command
 * never writes its result over what it reads. */
gboolean dm_write_check_not_source (const char *source, const char *target, GError **error);
/* Where GDAL makes the file for @path, in memory (/vsimem), before
 * dm_write_finish() writes it there. */
/* For a KMZ: where GDAL writes one KML, doc.kml in a staging folder of
 * its own; dm_write_finish() zips it into the KMZ (one doc.kml with its
 * styles inline, as every KML reader opens it). */
char *dm_write_kmz_staging_path (const char *path);
char *dm_write_staging_path (const char *path);
/* The driver @driver_name for @path after checking its folder exists;
 * NULL with @error set. */
GDALDriverH dm_write_check_destination (const char *path, const char *driver_name, GError **error);
/* Creates @staging, to become @path; NULL with @error set (naming @path). */
DmGdalDataset *
dm_write_create (GDALDriverH driver, const char *staging, const char *path, char **options, GError **error);
/* Closes @ds and, when @ok, writes what it holds to @path with
 * dm_write_file(); the staged file is removed either way.  With @error
 * already set (by the caller) only cleans up. */
gboolean dm_write_finish (DmGdalDataset *ds, const char *staging, const char *path, gboolean ok, GError **error);
/* A text file made as it is written: into @path (a staged file,
 * /vsimem/…), through a buffer written out in pieces of
 * DM_WRITE_STREAM_CHUNK bytes, with numbers in the C locale (a point
 * whatever the user's locale) from open to close.  Writers append to
 * @buf and call dm_write_stream_maybe_flush() between records. */
typedef struct {
  VSILFILE *fp;
  GString *buf;
  gboolean failed;
  int saved_errno; /* of the failed write */
  locale_t c_numeric, previous;
} DmWriteStream;

#define DM_WRITE_STREAM_CHUNK (1 << 20)

/* FALSE with @error (naming @display, the user's file) when @path cannot
 * be made. */
gboolean dm_write_stream_open (DmWriteStream *s, const char *path, const char *display, GError **error);
void dm_write_stream_flush (DmWriteStream *s);
static inline void
dm_write_stream_maybe_flush (DmWriteStream *s)
{
  if (s->buf->len >= DM_WRITE_STREAM_CHUNK)
    dm_write_stream_flush (s);
}
/* Writes what is left, closes the file and restores the locale; FALSE
 * with @error naming @display when any write failed. */
gboolean dm_write_stream_close (DmWriteStream *s, const char *display, GError **error);

/* A WGS 84 longitude/latitude layer (no SRS for wkbNone). */
OGRLayerH dm_write_create_layer (DmGdalDataset *ds, const char *name, OGRwkbGeometryType type, char **options);
void dm_write_add_field (OGRLayerH layer, const char *name, OGRFieldType type);
/* One feature per zone and side with its figures (dm_export_zones). */
gboolean dm_write_zones (OGRLayerH layer, DmDocument *document, DmResults *results, GError **error);

G_END_DECLS
