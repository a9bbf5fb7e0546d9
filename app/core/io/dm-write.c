/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-write"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cpl_vsi.h>

#include "dm-units.h"
#include "dm-write.h"

/* clang-format off */
G_DEFINE_QUARK (dm-export-error-quark, dm_export_error)
/* clang-format on */

void
dm_write_add_field (OGRLayerH layer, const char *name, OGRFieldType type)
{
  OGRFieldDefnH def = OGR_Fld_Create (name, type);

  OGR_L_CreateField (layer, def, TRUE);
  OGR_Fld_Destroy (def);
}

/* The error for @path that could not be written because of @saved_errno. */
static void
set_write_error (GError **error, const char *path, int saved_errno)
{
  /* Translators: a file's path, then why it could not be written
   * ("No space left on device", "Permission denied") */
  g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
               _ ("Cannot write “%s”: %s. Any file there before is unchanged."), path, g_strerror (saved_errno));
}

gboolean
dm_write_file (const char *path, const void *data, gsize len, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  const char *p = data;
  gsize left = len;
  GStatBuf st;
  int fd, dir_fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666)) < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  /* A file replaced keeps who may read it. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    fchmod (fd, st.st_mode & 07777);
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      fchmod (fd, 0666 & ~mask);
    }
  while (left > 0)
    {
      gssize n = write (fd, p, MIN (left, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      p += n;
      left -= (gsize) n;
    }
  /* On disk before it takes the old file's place: a crash leaves one or
   * the other, never a mix. */
  if (fsync (fd) != 0 && errno != EINVAL)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto failed;
  if ((dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  saved = errno != 0 ? errno : EIO;
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  set_write_error (error, path, saved);
  return FALSE;
}

char *
dm_write_staging_path (const char *path)
{
  static gint serial;
  g_autofree char *base = g_path_get_basename (path);

  return g_strdup_printf ("/vsimem/demarcate-write-%d-%d/%s", (int) getpid (), g_atomic_int_add (&serial, 1), base);
}

/* Removes what was staged for one file (a GeoPackage leaves a journal
 * beside it). */
static void
staging_remove (const char *staging)
{
  g_autofree char *folder = g_path_get_dirname (staging);

  VSIRmdirRecursive (folder);
}

char *
dm_write_kmz_staging_path (const char *path)
{
  g_autofree char *staged = dm_write_staging_path (path);
  g_autofree char *folder = g_path_get_dirname (staged);

  return g_build_filename (folder, "doc.kml", NULL);
}

gboolean
dm_write_finish (DmGdalDataset *ds, const char *staging, const char *path, gboolean ok, GError **error)
{
  GByte *data;
  vsi_l_offset len = 0;

  if (!ok)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), path,
                     CPLGetLastErrorMsg ());
      dm_gdal_dataset_close (ds);
      staging_remove (staging);
      return FALSE;
    }
  CPLErrorReset ();
  dm_gdal_dataset_close (ds);
  if (CPLGetLastErrorType () >= CE_Failure)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), path,
                   CPLGetLastErrorMsg ());
      staging_remove (staging);
      return FALSE;
    }
  /* A KMZ: the KML staged as doc.kml, zipped (dm_write_kmz_staging_path). */
  if (g_str_has_suffix (staging, "/doc.kml"))
    {
      g_autofree char *folder = g_path_get_dirname (staging);
      g_autofree char *zip = g_build_filename (folder, "out.kmz", NULL);
      g_autofree char *inside = g_strdup_printf ("/vsizip/{%s}/doc.kml", zip);
      GByte *kml = VSIGetMemFileBuffer (staging, &len, FALSE);
      VSILFILE *f = kml != NULL ? VSIFOpenL (inside, "wb") : NULL;
      gboolean zipped = f != NULL && VSIFWriteL (kml, 1, (size_t) len, f) == (size_t) len;

      if (f != NULL)
        zipped &= VSIFCloseL (f) == 0;
      if (!zipped || (data = VSIGetMemFileBuffer (zip, &len, FALSE)) == NULL)
        {
          g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), path,
                       *CPLGetLastErrorMsg () != '\0' ? CPLGetLastErrorMsg () : _ ("it could not be zipped"));
          staging_remove (staging);
          return FALSE;
        }
      ok = dm_write_file (path, data, (gsize) len, error);
      staging_remove (staging);
      return ok;
    }
  data = VSIGetMemFileBuffer (staging, &len, FALSE);
  if (data == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), path,
                   *CPLGetLastErrorMsg () != '\0' ? CPLGetLastErrorMsg () : _ ("nothing was written"));
      staging_remove (staging);
      return FALSE;
    }
  ok = dm_write_file (path, data, (gsize) len, error);
  staging_remove (staging);
  return ok;
}

GDALDriverH
dm_write_check_destination (const char *path, const char *driver_name, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  GDALDriverH driver;

  dm_gdal_init ();
  if (driver_name == NULL || (driver = GDALGetDriverByName (driver_name)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot tell which format to write “%s” in: end the name with .geojson, .kml, .kmz or .gpkg"),
                   base);
      return NULL;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _ ("Cannot write “%s”: the folder “%s” does not exist"), path, dir);
      return NULL;
    }
  /* Said before the work, not after it. */
  if (g_access (dir, W_OK) != 0)
    {
      set_write_error (error, path, errno);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Cannot write “%s”: it is a folder"), path);
      return NULL;
    }
  return driver;
}

DmGdalDataset *
dm_write_create (GDALDriverH driver, const char *staging, const char *path, char **options, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (staging);
  DmGdalDataset *ds;

  /* The CSV driver writes into a folder that exists. */
  VSIMkdirRecursive (folder, 0755);
  CPLErrorReset ();
  if ((ds = GDALCreate (driver, staging, 0, 0, 0, GDT_Unknown, options)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _ ("Cannot write “%s”: %s. Choose a folder you can write to."), path,
                   *CPLGetLastErrorMsg () != '\0' ? CPLGetLastErrorMsg () : g_strerror (errno));
      return NULL;
    }
  return ds;
}

OGRLayerH
dm_write_create_layer (DmGdalDataset *ds, const char *name, OGRwkbGeometryType type, char **options)
{
  g_autoptr (DmOgrSrs) wgs84 = OSRNewSpatialReference (NULL);

  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  return GDALDatasetCreateLayer (ds, name, type == wkbNone ? NULL : wgs84, type, options);
}

gboolean
dm_write_zones (OGRLayerH layer, DmDocument *document, DmResults *results, GError **error)
{
  dm_write_add_field (layer, "name", OFTString);
  dm_write_add_field (layer, "kind", OFTString);
  dm_write_add_field (layer, "side", OFTString);
  dm_write_add_field (layer, "side_name", OFTString);
  dm_write_add_field (layer, "width_m", OFTReal);
  dm_write_add_field (layer, "area_m2", OFTReal);
  dm_write_add_field (layer, "area_km2", OFTReal);
  dm_write_add_field (layer, "area_mi2", OFTReal);
  dm_write_add_field (layer, "zone_area_m2", OFTReal);
  /* Of the whole zone, as GeoJSON and KML give them. */
  dm_write_add_field (layer, "settlements", OFTInteger);
  dm_write_add_field (layer, "population", OFTInteger64);
  dm_write_add_field (layer, "color", OFTString);

  for (guint i = 0; i < results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (results->zones, i);

      g_autoptr (DmGeometry) dissolved_a = NULL;
      g_autoptr (DmGeometry) dissolved_b = NULL;

      if (z->zone == NULL)
        continue;
      /* Both sides at once, on two cores. */
      {
        DmGeometry *dissolved[2] = { NULL, NULL };

        dm_zone_result_dissolve_sides (z->zone, dissolved);
        dissolved_a = dissolved[0];
        dissolved_b = dissolved[1];
      }
      for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
        {
          g_autoptr (DmGeometry) g = NULL;
          g_autoptr (DmOgrFeature) f = NULL;
          double area = dm_zone_result_get_area_m2 (z->zone, side);
          OGRGeometryH og;

          if (area <= 0)
            continue;
          g = side == DM_SIDE_A ? g_steal_pointer (&dissolved_a) : g_steal_pointer (&dissolved_b);
          if (g == NULL)
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_GEOMETRY,
                           _ ("The zone “%s” could not be merged into one polygon for export"), z->rule->name);
              return FALSE;
            }
          f = (DmOgrFeature *) OGR_F_Create (OGR_L_GetLayerDefn (layer));
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "name"), z->rule->name);
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "kind"), dm_zone_kind_to_string (z->rule->kind));
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "side"), side == DM_SIDE_A ? "A" : "B");
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "side_name"), dm_document_get_side_name (document, side));
          if (z->rule->type == DM_ZONE_RULE_LINE_BAND)
            OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "width_m"),
                                  side == DM_SIDE_A ? z->rule->width_a_m : z->rule->width_b_m);
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_m2"), area);
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_km2"), dm_area_from_m2 (area, DM_AREA_KM2));
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_mi2"), dm_area_from_m2 (area, DM_AREA_MI2));
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "zone_area_m2"),
                                dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE));
          if (z->settlements != NULL)
            {
              OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "settlements"), (int) z->settlements->n_settlements);
              OGR_F_SetFieldInteger64 (f, OGR_F_GetFieldIndex (f, "population"), z->settlements->population);
            }
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "color"), z->rule->color);
          og = dm_geometry_to_ogr_for_exchange (g);
          if (og != NULL)
            OGR_F_SetGeometryDirectly (f, OGR_G_ForceToMultiPolygon (og));
          if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing the zone “%s” failed: %s"),
                           z->rule->name, CPLGetLastErrorMsg ());
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
dm_write_stream_open (DmWriteStream *s, const char *path, const char *display, GError **error)
{
  locale_t base;
  int saved_errno;

  memset (s, 0, sizeof *s);
  if ((s->fp = VSIFOpenL (path, "wb")) == NULL)
    {
      saved_errno = errno;
      /* (GDAL's message would name the staged copy, not the user's file.) */
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), display,
                   g_strerror (saved_errno != 0 ? saved_errno : ENOMEM));
      return FALSE;
    }
  /* Numbers with a point whatever the user's locale; the thread's other
   * categories (messages, characters) stay as they are. */
  base = duplocale (uselocale ((locale_t) 0));
  s->c_numeric = base != (locale_t) 0 ? newlocale (LC_NUMERIC_MASK, "C", base) : (locale_t) 0;
  if (s->c_numeric == (locale_t) 0)
    {
      saved_errno = errno;
      if (base != (locale_t) 0)
        freelocale (base);
      VSIFCloseL (s->fp);
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), display,
                   g_strerror (saved_errno != 0 ? saved_errno : ENOMEM));
      return FALSE;
    }
  s->previous = uselocale (s->c_numeric);
  s->buf = g_string_sized_new (DM_WRITE_STREAM_CHUNK + 4096);
  return TRUE;
}

void
dm_write_stream_flush (DmWriteStream *s)
{
  errno = 0;
  if (!s->failed && s->buf->len > 0 && VSIFWriteL (s->buf->str, 1, s->buf->len, s->fp) != s->buf->len)
    {
      s->failed = TRUE;
      s->saved_errno = errno;
    }
  g_string_truncate (s->buf, 0);
}

gboolean
dm_write_stream_close (DmWriteStream *s, const char *display, GError **error)
{
  int saved_errno;

  dm_write_stream_flush (s);
  uselocale (s->previous);
  freelocale (s->c_numeric);
  g_string_free (s->buf, TRUE);
  s->buf = NULL;
  saved_errno = s->failed ? s->saved_errno : 0;
  if (VSIFCloseL (s->fp) != 0 && !s->failed)
    {
      s->failed = TRUE;
      saved_errno = errno;
    }
  s->fp = NULL;
  /* The file is staged in memory: a write fails for want of it. */
  if (s->failed)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), display,
                 g_strerror (saved_errno != 0 ? saved_errno : ENOMEM));
  return !s->failed;
}

gboolean
dm_write_check_not_source (const char *source, const char *target, GError **error)
{
  GStatBuf a, b;
  g_autofree char *ca = NULL, *cb = NULL;

  g_return_val_if_fail (source != NULL && target != NULL, FALSE);

  ca = g_canonicalize_filename (source, NULL);
  cb = g_canonicalize_filename (target, NULL);
  if (g_str_equal (ca, cb) ||
      (g_stat (source, &a) == 0 && g_stat (target, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   /* Translators: the output file, then the input file it would replace */
                   _ ("Will not write “%s”: it is the file being read (“%s”). Give another name after -o."), target,
                   source);
      return FALSE;
    }
  return TRUE;
}
