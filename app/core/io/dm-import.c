/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-import"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dm-gdal.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-progress.h"

/* clang-format off */
G_DEFINE_QUARK (dm-import-error-quark, dm_import_error)
/* clang-format on */

/* How often the feature loop looks at the GCancellable. */
#define CANCEL_CHECK_INTERVAL 256

/* Formats whose coordinates are WGS 84 longitude/latitude by definition
 * (RFC 7946 §4, OGC KML 2.2 §6.2, GPX 1.1) even when GDAL reports no CRS;
 * for CSV it is the only reading that makes sense of a WKT or lon/lat
 * column. */
static const char *const wgs84_drivers[] = {
  "GeoJSON", "GeoJSONSeq", "TopoJSON", "KML", "LIBKML", "GPX", "CSV", "GeoRSS", NULL,
};

/* CSV geometry columns: the names GDAL, QGIS and PostGIS exports use. */
static const char *const csv_drivers[] = { "CSV", NULL };
static const char *const csv_open_options[] = {
  "GEOM_POSSIBLE_NAMES=WKT,wkt_geom,geometry,geom,the_geom",
  "KEEP_GEOM_COLUMNS=NO",
  "X_POSSIBLE_NAMES=lon,lng,long,longitude,x",
  "Y_POSSIBLE_NAMES=lat,latitude,y",
  NULL,
};

typedef struct {
  const char *path;
  char *display; /* what the user calls the file: its basename */
  DmGdalDataset *ds;
  const char *driver; /* owned by GDAL */
} Source;

static void
source_clear (Source *src)
{
  g_clear_pointer (&src->display, g_free);
  g_clear_pointer (&src->ds, dm_gdal_dataset_close);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

static char *
display_name (const char *path)
{
  g_autofree char *trimmed = g_strdup (path);
  gsize len = strlen (trimmed);

  /* "/data/front.gdb/" names the folder, not "" */
  while (len > 1 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  return g_path_get_basename (trimmed);
}

/* ---- Opening ---------------------------------------------------------- */

static gboolean
check_local_file (const char *path, const char *display, GError **error)
{
  if (dm_gdal_path_is_remote (path))
    {
      if (strstr (path, "://") != NULL || g_str_has_prefix (path, "/vsi"))
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NETWORK,
                     _ ("“%s” is on the network. Demarcate opens only files on this computer: "
                        "download the file, then open the copy."),
                     path);
      else
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NETWORK,
                     _ ("“%s” is a connection to a database or web service, not a file. "
                        "Demarcate opens only files on this computer: export the data to a "
                        "GeoPackage or GeoJSON file and open that."),
                     path);
      return FALSE;
    }

  /* A local virtual path such as /vsizip/front.zip/front.shp: only GDAL
   * can look inside. */
  if (g_str_has_prefix (path, "/vsi"))
    {
      if (!dm_gdal_path_exists (path))
        {
          g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND,
                       _ ("“%s” was not found. Check that the file exists and the path is spelled correctly."), path);
          return FALSE;
        }
      return TRUE;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND,
                   _ ("“%s” was not found. Check that the file exists and the path is spelled correctly."), path);
      return FALSE;
    }

  if (g_access (path, R_OK) != 0 || (g_file_test (path, G_FILE_TEST_IS_DIR) && g_access (path, X_OK) != 0))
    {
      int saved_errno = errno;

      if (saved_errno == EACCES || saved_errno == EPERM)
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNREADABLE,
                     _ ("You do not have permission to read “%s”. Ask its owner for read access, "
                        "or copy the file to a folder of yours."),
                     display);
      else
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNREADABLE, _ ("“%s” cannot be read: %s."), display,
                     g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
raster_is_georeferenced (const char *path)
{
  g_autoptr (DmGdalDataset) raster = GDALOpenEx (path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  double transform[6];

  if (raster == NULL)
    return FALSE;
  return GDALGetGeoTransform (raster, transform) == CE_None || GDALGetSpatialRef (raster) != NULL ||
         GDALGetGCPCount (raster) > 0;
}

static gboolean
kmz_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".kmz") && !g_str_has_prefix (path, "/vsi");
}

/* Whether some layer of @ds holds a feature (a KML of NetworkLinks has
 * none of its own). */
static gboolean
dataset_has_features (GDALDatasetH ds)
{
  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    if (OGR_L_GetFeatureCount (GDALDatasetGetLayer (ds, i), TRUE) > 0)
      return TRUE;
  return FALSE;
}

static gboolean
source_open (Source *src, const char *path, GError **error)
{
  GDALDriverH identified, raster;
  g_autofree char *gdal_message = NULL;

  src->path = path;
  src->display = display_name (path);

  if (!check_local_file (path, src->display, error))
    return FALSE;

  dm_gdal_init ();
  CPLErrorReset ();

  /* Open options go only to the driver that knows them: GDAL warns about
   * the others, and another driver may one day read one differently. */
  identified = GDALIdentifyDriverEx (path, GDAL_OF_VECTOR, NULL, NULL);
  /* A KMZ's doc.kml read as a KML: GDAL 3.6's LIBKML reads the .kmz
   * itself without the schemas of its ExtendedData (the sides, the zone
   * rules).  A KMZ whose doc.kml only links other files is read whole. */
  if (kmz_name (path))
    {
      g_autofree char *doc = g_strdup_printf ("/vsizip/{%s}/doc.kml", path);

      if ((src->ds = GDALOpenEx (doc, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL)) != NULL &&
          !dataset_has_features (src->ds))
        g_clear_pointer (&src->ds, dm_gdal_dataset_close);
    }
  if (src->ds != NULL)
    ;
  else if (identified != NULL && g_strcmp0 (GDALGetDriverShortName (identified), "CSV") == 0)
    src->ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, csv_drivers, csv_open_options, NULL);
  else
    src->ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);

  /* Shapefiles travel zipped: a .zip is opened as the folder inside it. */
  if (src->ds == NULL && identified == NULL && !g_str_has_prefix (path, "/vsi"))
    {
      g_autofree char *lower = g_ascii_strdown (path, -1);

      if (g_str_has_suffix (lower, ".zip"))
        {
          g_autofree char *inside = g_strconcat ("/vsizip/{", path, "}", NULL);

          src->ds = GDALOpenEx (inside, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        }
    }

  if (src->ds != NULL)
    {
      src->driver = GDALGetDriverShortName (GDALGetDatasetDriver (src->ds));
      if (GDALDatasetGetLayerCount (src->ds) == 0)
        {
          g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_VECTOR_LAYER,
                       _ ("“%s” holds no lines, areas or points (it has no vector layer). "
                          "Open a file with vector data, such as GeoJSON, KML or a Shapefile."),
                       src->display);
          return FALSE;
        }
      return TRUE;
    }

  gdal_message = g_strdup (CPLGetLastErrorMsg ());

  /* A raster with map coordinates is geodata without vector layers (a
   * GeoPackage may hold only tiles); a photo or a scan without them is not
   * geodata at all. */
  raster = GDALIdentifyDriverEx (path, GDAL_OF_RASTER, NULL, NULL);
  if (raster != NULL && raster_is_georeferenced (path))
    {
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_VECTOR_LAYER,
                   _ ("“%s” is a raster image (%s) and holds no lines, areas or points. "
                      "Open a file with vector data, such as GeoJSON, KML or a Shapefile."),
                   src->display, GDALGetDriverLongName (raster));
      return FALSE;
    }

  if (identified != NULL)
    {
      /* A driver recognised the file but could not read it: damaged or
       * cut short, most likely. */
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_FAILED,
                   _ ("“%s” looks like a %s file but could not be read (%s). The file may be damaged "
                      "or incomplete: copy it again from its source."),
                   src->display, GDALGetDriverLongName (identified),
                   *gdal_message != '\0' ? gdal_message : _ ("unknown error"));
      return FALSE;
    }

  g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_GEODATA,
               _ ("“%s” is not a geodata file that Demarcate can read. Open a GeoJSON, KML, KMZ, "
                  "GeoPackage, Shapefile, GPX, FlatGeobuf or CSV file."),
               src->display);
  return FALSE;
}

/* ---- Layers and coordinate systems ----------------------------------- */

static gboolean
layer_has_geometry_column (OGRLayerH layer)
{
  return OGR_FD_GetGeomFieldCount (OGR_L_GetLayerDefn (layer)) > 0;
}

static gboolean
layer_has_features (OGRLayerH layer)
{
  GIntBig n = OGR_L_GetFeatureCount (layer, FALSE);

  if (n < 0)
    {
      g_autoptr (DmOgrFeature) f = NULL;

      OGR_L_ResetReading (layer);
      f = OGR_L_GetNextFeature (layer);
      OGR_L_ResetReading (layer);
      return f != NULL;
    }
  return n > 0;
}

static char *
layer_names (DmGdalDataset *ds)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (int i = 0, n = GDALDatasetGetLayerCount (ds); i < n; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", OGR_L_GetName (GDALDatasetGetLayer (ds, i)));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static OGRLayerH
choose_layer (Source *src, const char *layer_name, GError **error)
{
  int n = GDALDatasetGetLayerCount (src->ds);

  if (layer_name != NULL)
    {
      OGRLayerH layer = GDALDatasetGetLayerByName (src->ds, layer_name);

      if (layer == NULL)
        {
          g_autofree char *names = layer_names (src->ds);

          g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_SUCH_LAYER,
                       _ ("“%s” has no layer named “%s”. Choose one of its layers: %s."), src->display, layer_name,
                       names);
        }
      return layer;
    }

  if (n == 1)
    return GDALDatasetGetLayer (src->ds, 0);

  /* The first layer with features, layers with geometry first (a
   * GeoPackage may hold plain attribute tables too). */
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < n; i++)
      {
        OGRLayerH layer = GDALDatasetGetLayer (src->ds, i);

        if ((pass == 1 || layer_has_geometry_column (layer)) && layer_has_features (layer))
          return layer;
      }

  return GDALDatasetGetLayer (src->ds, 0);
}

/* "EPSG:32637" when the CRS names an authority or matches one exactly. */
static char *
srs_id (OGRSpatialReferenceH srs)
{
  const char *auth = OSRGetAuthorityName (srs, NULL);
  const char *code = OSRGetAuthorityCode (srs, NULL);
  OGRSpatialReferenceH *matches;
  int n_matches = 0;
  int *confidence = NULL;
  char *id = NULL;

  if (auth != NULL && code != NULL)
    return g_strdup_printf ("%s:%s", auth, code);

  /* A .prj file carries an ESRI name without an EPSG code. */
  matches = OSRFindMatches (srs, NULL, &n_matches, &confidence);
  if (matches != NULL && n_matches > 0 && confidence[0] == 100)
    {
      auth = OSRGetAuthorityName (matches[0], NULL);
      code = OSRGetAuthorityCode (matches[0], NULL);
      if (auth != NULL && code != NULL)
        id = g_strdup_printf ("%s:%s", auth, code);
    }
  if (matches != NULL)
    OSRFreeSRSArray (matches);
  CPLFree (confidence);
  return id;
}

static DmOgrSrs *
new_wgs84 (void)
{
  DmOgrSrs *wgs84 = OSRNewSpatialReference (NULL);

  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  return wgs84;
}

/* TRUE when coordinates in @srs are already WGS 84 longitude, latitude. */
static gboolean
srs_is_wgs84_lonlat (OGRSpatialReferenceH srs, OGRSpatialReferenceH wgs84)
{
  static const char *const options[] = {
    "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
    "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
    NULL,
  };
  int n_src = 0, n_dst = 0;
  const int *m_src, *m_dst;

  if (!OSRIsSameEx (srs, wgs84, options))
    return FALSE;

  /* Same CRS; now the order of the axes in the data. */
  m_src = OSRGetDataAxisToSRSAxisMapping (srs, &n_src);
  m_dst = OSRGetDataAxisToSRSAxisMapping (wgs84, &n_dst);
  return n_src >= 2 && n_dst >= 2 && m_src[0] == m_dst[0] && m_src[1] == m_dst[1];
}

/*
 * The transformation from @layer's CRS to WGS 84 lon/lat: *@ct stays NULL
 * when none is needed.  @crs_label receives what to call the source CRS.
 */
static gboolean
layer_transform (Source *src, OGRLayerH layer, DmOgrTransform **ct, char **crs_label, GError **error)
{
  OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef (layer);
  g_autoptr (DmOgrSrs) wgs84 = new_wgs84 ();
  g_autofree char *id = NULL;

  *ct = NULL;

  if (layer_srs == NULL)
    {
      if (g_strv_contains (wgs84_drivers, src->driver))
        {
          *crs_label = g_strdup ("EPSG:4326");
          return TRUE;
        }

      if (g_strcmp0 (src->driver, "ESRI Shapefile") == 0)
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNKNOWN_CRS,
                     _ ("“%s” has no coordinate reference system (.prj file missing). Add the .prj "
                        "file that came with the data, or convert the file to WGS 84 GeoJSON."),
                     src->display);
      else
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNKNOWN_CRS,
                     _ ("“%s” does not say which coordinate reference system its coordinates are "
                        "in. Ask for a copy with the coordinate reference system, or convert the "
                        "file to WGS 84 GeoJSON."),
                     src->display);
      return FALSE;
    }

  id = srs_id (layer_srs);
  *crs_label = g_strdup (id != NULL ? id : OSRGetName (layer_srs));

  if (srs_is_wgs84_lonlat (layer_srs, wgs84))
    return TRUE;

  *ct = OCTNewCoordinateTransformation (layer_srs, wgs84);
  if (*ct == NULL)
    {
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNKNOWN_CRS,
                   _ ("The coordinate reference system of “%s” (%s) cannot be converted to "
                      "longitude and latitude (WGS 84). Convert the file to WGS 84 GeoJSON in a GIS "
                      "such as QGIS."),
                   src->display, *crs_label != NULL ? *crs_label : _ ("unnamed"));
      return FALSE;
    }
  return TRUE;
}

/* ---- Probe ------------------------------------------------------------ */

void
dm_layer_info_free (DmLayerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->geometry_type);
  g_free (info->crs_name);
  g_free (info->crs_id);
  g_free (info);
}

void
dm_source_info_free (DmSourceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->driver);
  g_clear_pointer (&info->layers, g_ptr_array_unref);
  g_free (info);
}

static DmLayerInfo *
probe_layer (Source *src, OGRLayerH layer)
{
  g_autoptr (DmLayerInfo) info = g_new0 (DmLayerInfo, 1);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef (layer);
  OGREnvelope env;

  info->name = g_strdup (OGR_L_GetName (layer));
  info->geometry_type = g_strdup (OGRGeometryTypeToName (OGR_L_GetGeomType (layer)));
  info->n_features = OGR_L_GetFeatureCount (layer, TRUE);
  if (srs != NULL)
    {
      info->crs_name = g_strdup (OSRGetName (srs));
      info->crs_id = srs_id (srs);
    }
  else if (g_strv_contains (wgs84_drivers, src->driver))
    {
      info->crs_name = g_strdup ("WGS 84");
      info->crs_id = g_strdup ("EPSG:4326");
    }

  if (layer_has_geometry_column (layer) && info->n_features != 0 && OGR_L_GetExtent (layer, &env, TRUE) == OGRERR_NONE)
    {
      g_autoptr (DmOgrTransform) ct = NULL;
      g_autofree char *label = NULL;

      if (!layer_transform (src, layer, &ct, &label, NULL))
        return g_steal_pointer (&info);

      if (ct == NULL)
        {
          info->extent[0] = env.MinX;
          info->extent[1] = env.MinY;
          info->extent[2] = env.MaxX;
          info->extent[3] = env.MaxY;
          info->has_extent = TRUE;
        }
      else
        info->has_extent = OCTTransformBounds (ct, env.MinX, env.MinY, env.MaxX, env.MaxY, &info->extent[0],
                                               &info->extent[1], &info->extent[2], &info->extent[3], 21);
    }

  return g_steal_pointer (&info);
}

DmSourceInfo *
dm_import_probe (const char *path, GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_auto (Source) src = { 0 };
  g_autoptr (DmSourceInfo) info = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scope = dm_gdal_error_scope_begin ();
  if (!source_open (&src, path, error))
    return NULL;

  info = g_new0 (DmSourceInfo, 1);
  info->path = g_strdup (path);
  info->driver = g_strdup (src.driver);
  info->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_layer_info_free);
  for (int i = 0, n = GDALDatasetGetLayerCount (src.ds); i < n; i++)
    g_ptr_array_add (info->layers, probe_layer (&src, GDALDatasetGetLayer (src.ds, i)));

  return g_steal_pointer (&info);
}

char **
dm_import_list_layers (const char *path, GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_auto (Source) src = { 0 };
  g_autoptr (GStrvBuilder) names = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scope = dm_gdal_error_scope_begin ();
  if (!source_open (&src, path, error))
    return NULL;

  names = g_strv_builder_new ();
  for (int i = 0, n = GDALDatasetGetLayerCount (src.ds); i < n; i++)
    g_strv_builder_add (names, OGR_L_GetName (GDALDatasetGetLayer (src.ds, i)));
  return g_strv_builder_end (names);
}

/* ---- Reading ---------------------------------------------------------- */

void
dm_import_feature_free (DmImportFeature *feature)
{
  if (feature == NULL)
    return;
  g_free (feature->name);
  g_clear_pointer (&feature->geometry, dm_geometry_free);
  g_clear_pointer (&feature->properties, g_hash_table_unref);
  g_free (feature);
}

void
dm_import_layer_free (DmImportLayer *layer)
{
  if (layer == NULL)
    return;
  g_free (layer->path);
  g_free (layer->driver);
  g_free (layer->layer_name);
  g_free (layer->source_crs);
  g_clear_pointer (&layer->features, g_ptr_array_unref);
  g_clear_pointer (&layer->repairs, g_ptr_array_unref);
  g_free (layer);
}

typedef struct {
  Source *src;
  DmImportLayer *out;
  OGRCoordinateTransformationH ct;
  GEOSContextHandle_t ctx;
  GEOSWKBReader *wkb_reader;
  gboolean trusted; /* dm_import_read_trusted(): shapes as they are */
  int name_field;   /* -1: none */
} Reader;

static void
reader_clear (Reader *r)
{
  if (r->wkb_reader != NULL)
    GEOSWKBReader_destroy_r (r->ctx, g_steal_pointer (&r->wkb_reader));
}

/* "Feature 12" or "Feature 12 (“Kupiansk”)", for messages. */
static char *
feature_label (gint64 fid, const char *name)
{
  if (name != NULL)
    /* Translators: a feature of a layer, by its number and its name */
    return g_strdup_printf (_ ("Feature %lld (“%s”)"), (long long) fid, name);
  /* Translators: a feature of a layer, by its number */
  return g_strdup_printf (_ ("Feature %lld"), (long long) fid);
}

static int
find_name_field (OGRFeatureDefnH defn)
{
  static const char *const candidates[] = { "name", "title", NULL };

  /* Exact "name", "Name", "NAME" first; OGR_FD_GetFieldIndex ignores case. */
  for (guint c = 0; candidates[c] != NULL; c++)
    {
      int i = OGR_FD_GetFieldIndex (defn, candidates[c]);

      if (i >= 0 && OGR_Fld_GetType (OGR_FD_GetFieldDefn (defn, i)) == OFTString)
        return i;
    }
  return -1;
}

static GHashTable *
feature_properties (OGRFeatureH f)
{
  GHashTable *props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (int i = 0, n = OGR_F_GetFieldCount (f); i < n; i++)
    if (OGR_F_IsFieldSetAndNotNull (f, i))
      {
        const char *key = OGR_Fld_GetNameRef (OGR_F_GetFieldDefnRef (f, i));
        const char *value = OGR_F_GetFieldAsString (f, i);

        g_hash_table_replace (props, g_utf8_make_valid (key, -1), g_utf8_make_valid (value, -1));
      }
  return props;
}

static void
first_point_out_of_range (const DmGeometry *g, double *lon, double *lat)
{
  for (guint i = 0, n = dm_geometry_get_n_points (g); i < n; i++)
    {
      dm_geometry_get_point (g, i, lon, lat);
      if (!isfinite (*lon) || !isfinite (*lat) || fabs (*lon) > 180.0 || fabs (*lat) > 90.0)
        return;
    }
}

/* An OGR geometry in the layer's CRS → a valid WGS 84 DmGeometry, or NULL
 * and *@error unset for an empty one. */
static DmGeometry *
convert_geometry (Reader *r, OGRGeometryH source, const char *label, GError **error)
{
  g_autoptr (DmOgrGeometry) g = NULL;
  g_autoptr (DmGeosGeometry) gg = NULL;
  g_autoptr (DmGeometry) dm = NULL;
  g_autofree guchar *wkb = NULL;
  size_t wkb_size;
  guint dropped = 0;
  double lon = NAN, lat = NAN;

  g = OGR_G_HasCurveGeometry (source, TRUE) ? OGR_G_GetLinearGeometry (source, 0.0, NULL) : OGR_G_Clone (source);
  if (g == NULL)
    goto broken;

  /* Demarcate is 2D: heights and measures go. */
  OGR_G_FlattenTo2D (g);
  OGR_G_SetMeasured (g, FALSE);
  /* KML and hand-made GeoJSON sometimes leave rings open. */
  OGR_G_CloseRings (g);

  if (r->ct != NULL && OGR_G_Transform (g, r->ct) != OGRERR_NONE)
    {
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_OUT_OF_RANGE,
                   _ ("%s in “%s” has coordinates that cannot be converted from %s to longitude "
                      "and latitude: they lie outside the area that coordinate system covers. "
                      "Check the coordinate reference system of the file."),
                   label, r->src->display, r->out->source_crs);
      return NULL;
    }

  wkb_size = OGR_G_WkbSizeEx (g);
  wkb = g_malloc (MAX (wkb_size, 1));
  if (OGR_G_ExportToIsoWkb (g, wkbNDR, wkb) != OGRERR_NONE)
    goto broken;
  gg = GEOSWKBReader_read_r (r->ctx, r->wkb_reader, wkb, wkb_size);
  if (gg == NULL)
    goto broken;

  dm = dm_geometry_from_geos_full (r->ctx, gg, &dropped);
  if (dm == NULL)
    return NULL;

  if (!dm_geometry_coords_in_range (dm))
    {
      first_point_out_of_range (dm, &lon, &lat);
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_OUT_OF_RANGE,
                   _ ("%s in “%s” has a point at %g, %g, which is not a longitude and latitude "
                      "(longitude runs from −180 to 180, latitude from −90 to 90). The file may be in "
                      "a projected coordinate system but labelled as WGS 84: check its coordinate "
                      "reference system."),
                   label, r->src->display, lon, lat);
      return NULL;
    }

  if (r->trusted)
    return g_steal_pointer (&dm);

  /* Across the 180th meridian: one continuous shape (dm-geometry.h). */
  if (dm_geometry_unwrap_rings (dm))
    {
      g_clear_pointer (&gg, dm_geos_geometry_free);
      if ((gg = dm_geometry_to_geos (r->ctx, dm)) == NULL)
        goto broken;
    }

  if (dropped > 0)
    g_ptr_array_add (r->out->repairs,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u line or point mixed with areas left out",
                                                   "%s: %u lines or points mixed with areas left out", dropped),
                                      label, dropped));

  if (dm_geometry_is_polygonal (dm))
    {
      g_autoptr (DmGeosGeometry) flat = NULL;
      g_autoptr (DmGeosGeometry) fixed = NULL;
      g_autofree char *what = NULL;
      const GEOSGeometry *check = gg;
      char valid;

      /* A flattened collection's polygons are checked together: two
       * overlapping parts make an invalid multipolygon. */
      if (GEOSGeomTypeId_r (r->ctx, gg) == GEOS_GEOMETRYCOLLECTION)
        {
          if ((flat = dm_geometry_to_geos (r->ctx, dm)) == NULL)
            goto broken;
          check = flat;
        }

      valid = GEOSisValid_r (r->ctx, check);
      if (valid == 2)
        goto broken;
      if (valid == 0)
        {
          fixed = dm_geos_make_valid (r->ctx, check, &what);
          if (fixed == NULL)
            goto broken;
          g_clear_pointer (&dm, dm_geometry_free);
          if ((dm = dm_geometry_from_geos (r->ctx, fixed)) == NULL)
            goto broken;
          /* Translators: "Feature 12: Self-intersection near 37.12300 48.45600 — repaired" */
          g_ptr_array_add (r->out->repairs, g_strdup_printf (_ ("%s: %s — repaired"), label, what));
        }
    }

  return g_steal_pointer (&dm);

broken:
  {
    const char *why = dm_geos_last_error ();

    g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_INVALID_GEOMETRY,
                 _ ("%s in “%s” has a broken shape that cannot be repaired (%s). Fix it in a GIS "
                    "such as QGIS and export the file again."),
                 label, r->src->display,
                 why != NULL ? why : (*CPLGetLastErrorMsg () != '\0' ? CPLGetLastErrorMsg () : _ ("unknown error")));
    return NULL;
  }
}

static gboolean
read_feature (Reader *r, OGRFeatureH f, GError **error)
{
  OGRGeometryH source = OGR_F_GetGeometryRef (f);
  g_autoptr (DmImportFeature) feature = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  if (source == NULL || OGR_G_IsEmpty (source))
    {
      r->out->n_skipped++;
      return TRUE;
    }

  if (r->name_field >= 0 && OGR_F_IsFieldSetAndNotNull (f, r->name_field))
    {
      name = g_utf8_make_valid (OGR_F_GetFieldAsString (f, r->name_field), -1);
      g_strstrip (name);
      if (*name == '\0')
        g_clear_pointer (&name, g_free);
    }

  feature = g_new0 (DmImportFeature, 1);
  feature->fid = OGR_F_GetFID (f);
  label = feature_label (feature->fid, name);

  if ((feature->geometry = convert_geometry (r, source, label, error)) == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      r->out->n_skipped++;
      return TRUE;
    }

  feature->name = g_steal_pointer (&name);
  feature->properties = feature_properties (f);
  g_ptr_array_add (r->out->features, g_steal_pointer (&feature));
  return TRUE;
}

static void
set_no_geometry_error (Source *src, OGRLayerH layer, guint n_skipped, GError **error)
{
  const char *name = OGR_L_GetName (layer);

  if (!layer_has_geometry_column (layer) && g_strcmp0 (src->driver, "CSV") == 0)
    g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                 _ ("“%s” has no geometry column (expected a WKT column, or longitude and latitude "
                    "columns named lon and lat or x and y). Add one, or export the data as GeoJSON."),
                 src->display);
  else if (!layer_has_geometry_column (layer))
    g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                 _ ("Layer “%s” of “%s” is a table without lines, areas or points. Choose another "
                    "layer, or export the data with its geometry."),
                 name, src->display);
  else if (n_skipped > 0)
    g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                 g_dngettext (GETTEXT_PACKAGE,
                              "Layer “%s” of “%s” has %u feature, without a line, area or point. "
                              "Choose another layer, or export the data with its geometry.",
                              "Layer “%s” of “%s” has %u features, none with a line, area or point. "
                              "Choose another layer, or export the data with its geometry.",
                              n_skipped),
                 name, src->display, n_skipped);
  else
    g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                 _ ("Layer “%s” of “%s” is empty. Choose another layer, or check the export that "
                    "made the file."),
                 name, src->display);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static DmImportLayer *
import_read (const char *path, const char *layer_name, gboolean trusted, GCancellable *cancellable, GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_auto (Source) src = { 0 };
  g_auto (Reader) r = { 0 };
  g_autoptr (DmImportLayer) out = NULL;
  g_autoptr (DmOgrTransform) ct = NULL;
  g_autofree char *crs_label = NULL;
  OGRLayerH layer;
  guint64 n_read = 0;
  GIntBig n_total;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  scope = dm_gdal_error_scope_begin ();
  if (!source_open (&src, path, error))
    return NULL;
  CPLErrorReset ();
  if ((layer = choose_layer (&src, layer_name, error)) == NULL)
    return NULL;

  if (!layer_has_geometry_column (layer))
    {
      /* An OGR VRT whose source failed to open looks like a table. */
      if (CPLGetLastErrorType () >= CE_Failure)
        g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_FAILED, _ ("Could not read layer “%s” of “%s” (%s)."),
                     OGR_L_GetName (layer), src.display, CPLGetLastErrorMsg ());
      else
        set_no_geometry_error (&src, layer, 0, error);
      return NULL;
    }
  if (!layer_transform (&src, layer, &ct, &crs_label, error))
    return NULL;

  out = g_new0 (DmImportLayer, 1);
  out->path = g_strdup (path);
  out->driver = g_strdup (src.driver);
  out->layer_name = g_strdup (OGR_L_GetName (layer));
  out->n_source_layers = (guint) MAX (GDALDatasetGetLayerCount (src.ds), 1);
  out->source_crs = g_steal_pointer (&crs_label);
  out->features = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_import_feature_free);
  out->repairs = g_ptr_array_new_with_free_func (g_free);

  r.src = &src;
  r.out = out;
  r.ct = ct;
  r.ctx = dm_geos_get_context ();
  r.wkb_reader = GEOSWKBReader_create_r (r.ctx);
  r.trusted = trusted;
  r.name_field = find_name_field (OGR_L_GetLayerDefn (layer));

  /* Without a quick count (-1) the progress stays unknown. */
  n_total = OGR_L_GetFeatureCount (layer, FALSE);
  CPLErrorReset ();
  OGR_L_ResetReading (layer);
  for (;;)
    {
      g_autoptr (DmOgrFeature) f = NULL;

      if (n_read++ % CANCEL_CHECK_INTERVAL == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (n_total > 0)
            dm_progress_report (cancellable, (double) (n_read - 1) / n_total);
        }

      if ((f = OGR_L_GetNextFeature (layer)) == NULL)
        break;
      if (!read_feature (&r, f, error))
        return NULL;
    }

  /* GDAL reports a read error only as the end of the layer. */
  if (CPLGetLastErrorType () >= CE_Failure && out->features->len == 0)
    {
      g_set_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_FAILED,
                   _ ("Could not read layer “%s” of “%s” (%s). The file may be damaged or incomplete."),
                   out->layer_name, src.display, CPLGetLastErrorMsg ());
      return NULL;
    }

  if (out->features->len == 0)
    {
      set_no_geometry_error (&src, layer, out->n_skipped, error);
      return NULL;
    }

  if (!trusted)
    dm_import_layer_unwrap (out);
  dm_progress_report (cancellable, 1.0);
  return g_steal_pointer (&out);
}

DmImportLayer *
dm_import_read (const char *path, const char *layer_name, GCancellable *cancellable, GError **error)
{
  return import_read (path, layer_name, FALSE, cancellable, error);
}

DmImportLayer *
dm_import_read_trusted (const char *path, const char *layer_name, GError **error)
{
  return import_read (path, layer_name, TRUE, NULL, error);
}

void
dm_import_layer_unwrap (DmImportLayer *layer)
{
  DmLonFrame frame;
  double centre;

  g_return_if_fail (layer != NULL);

  dm_lon_frame_init (&frame);
  for (guint i = 0; i < layer->features->len; i++)
    dm_lon_frame_add (&frame, ((DmImportFeature *) g_ptr_array_index (layer->features, i))->geometry);
  centre = dm_lon_frame_centre (&frame);
  for (guint i = 0; i < layer->features->len; i++)
    {
      DmImportFeature *f = g_ptr_array_index (layer->features, i);
      DmGeometry *joined;

      dm_geometry_wrap_near (f->geometry, centre);
      /* A line that a file split at the meridian is one line again. */
      if ((joined = dm_geometry_join_at_antimeridian (f->geometry)) != NULL)
        {
          dm_geometry_free (f->geometry);
          f->geometry = joined;
        }
    }
}

DmGeometry *
dm_import_layer_union_polygons (const DmImportLayer *layer)
{
  GEOSContextHandle_t ctx;
  g_autoptr (GPtrArray) parts = NULL;
  g_autoptr (DmGeosGeometry) collection = NULL;
  g_autoptr (DmGeosGeometry) merged = NULL;

  g_return_val_if_fail (layer != NULL, NULL);

  ctx = dm_geos_get_context ();
  parts = g_ptr_array_new ();

  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      GEOSGeometry *g;

      if (dm_geometry_is_polygonal (f->geometry) && (g = dm_geometry_to_geos (ctx, f->geometry)) != NULL)
        g_ptr_array_add (parts, g);
    }
  if (parts->len == 0)
    return NULL;
  collection = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, (GEOSGeometry **) parts->pdata, parts->len);
  merged = GEOSUnaryUnion_r (ctx, collection);
  return merged != NULL ? dm_geometry_from_geos (ctx, merged) : NULL;
}
