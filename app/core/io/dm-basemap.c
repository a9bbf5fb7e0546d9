/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-basemap"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-basemap.h"
#include "dm-gdal.h"
#include "dm-geos.h"
#include "dm-import.h"
#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

/* clang-format off */
G_DEFINE_QUARK (dm-basemap-error-quark, dm_basemap_error)
/* clang-format on */

typedef struct {
  char *code;      /* "UA" or "UA-14" */
  char *names[4];  /* en, uk, ru (indexed by DmLanguage), and a short English name */
  char *folded[4]; /* the same, normalised for lookups */
  gboolean is_country;
  gint64 fid;           /* in its layer, to read its shape when first asked */
  DmGeometry *geometry; /* NULL until then: region_geometry() */
} Region;

struct _DmBasemap {
  GPtrArray *regions; /* Region: countries first, then admin-1 */
  /* The file, kept open to read regions' shapes when first asked for (a
   * world of them: most commands need a few); the lock guards both. */
  GDALDatasetH ds;
  GMutex regions_lock;
  GArray *places;            /* DmPlace, largest first */
  GStringChunk *place_names; /* their names and codes */
  DmPlaceIndex *place_index; /* made on first use (g_once) */
  char *path;
  /* Linework is made on first use; the lock guards only these. */
  GMutex linework_lock;
  DmGeometry *linework[DM_N_LINEWORK_KINDS];
  char *attribution;
  char *attribution_full;
};

/* Every layer the application reads; a basemap without one of them is
 * refused at once rather than failing later in a corner of the UI. */
static const char *const required_layers[] = { "countries", "admin1", "places", "coastline" };

static void
region_free (gpointer data)
{
  Region *r = data;

  g_free (r->code);
  for (guint i = 0; i < G_N_ELEMENTS (r->names); i++)
    {
      g_free (r->names[i]);
      g_free (r->folded[i]);
    }
  dm_geometry_free (r->geometry);
  g_free (r);
}

static void
basemap_clear (gpointer data)
{
  DmBasemap *self = data;

  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->ds, GDALClose);
  g_mutex_clear (&self->regions_lock);
  g_clear_pointer (&self->place_index, dm_place_index_free);
  g_clear_pointer (&self->places, g_array_unref);
  g_clear_pointer (&self->place_names, g_string_chunk_free);
  g_clear_pointer (&self->path, g_free);
  for (guint k = 0; k < DM_N_LINEWORK_KINDS; k++)
    g_clear_pointer (&self->linework[k], dm_geometry_free);
  g_mutex_clear (&self->linework_lock);
  g_clear_pointer (&self->attribution, g_free);
  g_clear_pointer (&self->attribution_full, g_free);
}

DmBasemap *
dm_basemap_ref (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
dm_basemap_unref (DmBasemap *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, basemap_clear);
}

const char *
dm_basemap_default_path (void)
{
  static char *path;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      const char *env = g_getenv ("DM_DATADIR");
      const char *const candidates[] = { env, DM_SOURCE_DATADIR, DM_PKGDATADIR };

      for (guint i = 0; i < G_N_ELEMENTS (candidates) && path == NULL; i++)
        if (candidates[i] != NULL)
          {
            char *p = g_build_filename (candidates[i], "basemap.gpkg", NULL);

            if (g_file_test (p, G_FILE_TEST_EXISTS))
              path = p;
            else
              g_free (p);
          }
      if (path == NULL)
        path = g_build_filename (DM_PKGDATADIR, "basemap.gpkg", NULL);
      g_once_init_leave (&initialised, 1);
    }
  return path;
}

/* A name as people type it: casefolded, trimmed, without a trailing
 * generic word ("Donetska oblast" → "donetska"). */
static char *
name_normalise (const char *name)
{
  static const char *const generic[] = {
    " oblast", " область", " region", " krai", " край", " republic", " республика", " республіка",
  };
  char *folded = g_utf8_casefold (name, -1);

  g_strstrip (folded);
  for (guint i = 0; i < G_N_ELEMENTS (generic); i++)
    if (g_str_has_suffix (folded, generic[i]))
      {
        folded[strlen (folded) - strlen (generic[i])] = '\0';
        g_strstrip (folded);
        break;
      }
  return folded;
}

/* @query (normalised) names the region of @name (normalised) when it is
 * the name without the adjectival ending oblast names carry: "donetsk"
 * for "donetska", "донецьк" for "донецька", "харьков" for "харьковская". */
static gboolean
stem_matches (const char *name, const char *query)
{
  static const char *const endings[] = { "a", "ska", "а", "ська", "ая", "ская" };
  const char *rest;

  if (g_utf8_strlen (query, -1) < 4 || !g_str_has_prefix (name, query))
    return FALSE;
  rest = name + strlen (query);
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_equal (rest, endings[i]))
      return TRUE;
  return FALSE;
}

/* ISO 3166's names of a few countries are formal where people use a
 * short one ("Russian Federation", where the parties' own documents say
 * Russia); iso-codes has a common name for most others. */
static const char *
short_country_name (const char *code)
{
  static const char *const names[][2] = {
    { "RU", "Russia" },    { "SY", "Syria" }, { "KP", "North Korea" }, { "KR", "South Korea" },
    { "VN", "Vietnam" },   { "LA", "Laos" },  { "TZ", "Tanzania" },    { "BO", "Bolivia" },
    { "VE", "Venezuela" }, { "IR", "Iran" },  { "MD", "Moldova" },     { "PS", "Palestine" },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (code, names[i][0]) == 0)
      return names[i][1];
  return NULL;
}

/* A text column of the row @stmt is on, valid UTF-8: NULL when null or
 * empty. */
static const char *
column_text (sqlite3_stmt *stmt, int column, char **valid)
{
  const char *v = (const char *) sqlite3_column_text (stmt, column);

  if (v == NULL || *v == '\0')
    return NULL;
  if (!g_utf8_validate (v, -1, NULL))
    v = *valid = g_utf8_make_valid (v, -1);
  return v;
}

static char *
dup_column (sqlite3_stmt *stmt, int column)
{
  g_autofree char *valid = NULL;

  return g_strdup (column_text (stmt, column, &valid));
}

/* @column of @table when the table has it, else NULL (a column of nulls). */
static const char *
column_or_null (sqlite3 *db, const char *table, const char *column)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
      sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC) == SQLITE_OK)
    has = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return has ? column : "NULL";
}

/* The caller says which file (“The offline basemap “…” cannot be used”). */
static void
set_sqlite_error (GError **error, sqlite3 *db, const char *table)
{
  /* Translators: a layer of the basemap, then SQLite's reason */
  g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, _ ("cannot read its layer “%s”: %s"), table,
               sqlite3_errmsg (db));
}

/* Names and codes only, with SQLite from the GeoPackage's table (through
 * OGR, a feature object a row took longer than the rest); a region's
 * shape is read with OGR when first asked for. */
static gboolean
load_regions (DmBasemap *self,
              sqlite3 *db,
              const char *path,
              const char *layer_name,
              const char *code_field,
              GError **error)
{
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  /* The table's integer primary key, which OGR takes as the FID, is its rowid. */
  query = g_strdup_printf ("SELECT rowid, \"%s\", %s, %s, %s, %s FROM \"%s\" ORDER BY rowid", code_field,
                           column_or_null (db, layer_name, "name_en"), column_or_null (db, layer_name, "name_uk"),
                           column_or_null (db, layer_name, "name_ru"), column_or_null (db, layer_name, "name_ne"),
                           layer_name);
  if (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, layer_name);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Region *r = g_new0 (Region, 1);

      r->fid = sqlite3_column_int64 (stmt, 0);
      r->code = dup_column (stmt, 1);
      for (guint k = 0; k < G_N_ELEMENTS (r->names); k++)
        r->names[k] = dup_column (stmt, k + 2);
      if (r->names[3] == NULL && g_str_equal (layer_name, "countries") && short_country_name (r->code) != NULL)
        r->names[3] = g_strdup (short_country_name (r->code));
      for (guint k = 0; k < G_N_ELEMENTS (r->names); k++)
        r->folded[k] = r->names[k] != NULL ? name_normalise (r->names[k]) : NULL;
      r->is_country = g_str_equal (layer_name, "countries");
      g_ptr_array_add (self->regions, r);
      n++;
    }
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, db, layer_name);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, _ ("Layer “%s” of “%s” is empty"), layer_name,
                   path);
      return FALSE;
    }
  return TRUE;
}

/* ---- Shapes as stored ---------------------------------------------------- */

/* One ring or line of an OGR geometry, its points as stored. */
static void
add_ogr_ring (DmGeometry *out, OGRGeometryH ring)
{
  int n = OGR_G_GetPointCount (ring);
  g_autofree double *xy = NULL;

  if (n <= 0)
    return;
  xy = g_new (double, 2 * (gsize) n);
  OGR_G_GetPoints (ring, xy, 2 * sizeof (double), xy + 1, 2 * sizeof (double), NULL, 0);
  dm_geometry_add_ring (out, xy, (guint) n);
}

static void
add_ogr_part (DmGeometry *out, OGRGeometryH part, gboolean polygon)
{
  if (OGR_G_IsEmpty (part))
    return;
  dm_geometry_begin_part (out);
  if (polygon)
    for (int i = 0; i < OGR_G_GetGeometryCount (part); i++)
      add_ogr_ring (out, OGR_G_GetGeometryRef (part, i));
  else
    add_ogr_ring (out, part);
}

/* A shape of the basemap as it is stored: its data were checked when it
 * was built (build_basemap.py), so no validity check or repair, and no
 * detour through GEOS.  (Multi)polygons and (multi)linestrings; NULL for
 * anything else or an empty shape. */
static DmGeometry *
geometry_from_ogr (OGRGeometryH g)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (g));
  gboolean polygon = type == wkbPolygon || type == wkbMultiPolygon;
  DmGeometry *out;

  switch (type)
    {
    case wkbPolygon:
    case wkbLineString:
      out = dm_geometry_new (polygon ? DM_GEOMETRY_POLYGON : DM_GEOMETRY_LINESTRING);
      add_ogr_part (out, g, polygon);
      break;
    case wkbMultiPolygon:
    case wkbMultiLineString:
      out = dm_geometry_new (polygon ? DM_GEOMETRY_MULTIPOLYGON : DM_GEOMETRY_MULTILINESTRING);
      for (int i = 0; i < OGR_G_GetGeometryCount (g); i++)
        add_ogr_part (out, OGR_G_GetGeometryRef (g, i), polygon);
      break;
    default:
      return NULL;
    }
  if (dm_geometry_get_n_parts (out) == 0)
    g_clear_pointer (&out, dm_geometry_free);
  return out;
}

/* A region's shape as stored (the caller holds regions_lock); an empty
 * MultiPolygon if it cannot be read (the basemap was checked when built). */
static DmGeometry *
region_read (DmBasemap *self, const Region *r)
{
  OGRLayerH layer = GDALDatasetGetLayerByName (self->ds, r->is_country ? "countries" : "admin1");
  OGRFeatureH f = layer != NULL ? OGR_L_GetFeature (layer, r->fid) : NULL;
  OGRGeometryH g = f != NULL ? OGR_F_GetGeometryRef (f) : NULL;
  DmGeometry *geometry = g != NULL ? geometry_from_ogr (g) : NULL;

  if (f != NULL)
    OGR_F_Destroy (f);
  if (geometry == NULL || !dm_geometry_is_polygonal (geometry))
    {
      g_warning ("Basemap region %s (feature %" G_GINT64_FORMAT ") has no area", r->code, r->fid);
      g_clear_pointer (&geometry, dm_geometry_free);
      geometry = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
    }
  return geometry;
}

/* A region's shape, read from the file the first time, then kept. */
static const DmGeometry *
region_geometry (DmBasemap *self, Region *r)
{
  g_mutex_lock (&self->regions_lock);
  if (r->geometry == NULL)
    r->geometry = region_read (self, r);
  g_mutex_unlock (&self->regions_lock);
  return r->geometry;
}

static int
compare_places (gconstpointer a, gconstpointer b)
{
  const DmPlace *pa = a, *pb = b;

  return (pb->population > pa->population) - (pb->population < pa->population);
}

/* A text column of the row @stmt is on, kept in @chunk (only once when
 * @once: country codes): NULL when null or empty. */
static char *
chunk_column (GStringChunk *chunk, sqlite3_stmt *stmt, int column, gboolean once)
{
  g_autofree char *valid = NULL;
  const char *v = column_text (stmt, column, &valid);

  if (v == NULL)
    return NULL;
  return once ? g_string_chunk_insert_const (chunk, v) : g_string_chunk_insert (chunk, v);
}

/* A point of a GeoPackage geometry blob (GeoPackage 1.3, 2.1.3: the "GP"
 * header, its envelope, then the point's WKB, 2D or with Z and M). */
gboolean
dm_gpkg_blob_get_point (const guint8 *blob, gsize size, double *lon, double *lat)
{
  static const gsize envelope_bytes[] = { 0, 32, 48, 48, 64 };
  guint8 flags;
  guint envelope;
  gsize at;
  guint32 type;
  gboolean le;

  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  if (blob == NULL || size < 8 || blob[0] != 'G' || blob[1] != 'P')
    return FALSE;
  flags = blob[3];
  envelope = (flags >> 1) & 7;
  /* Empty, extended (a type GeoPackage does not define), or an envelope
   * it does not define. */
  if ((flags & 0x30) != 0 || envelope >= G_N_ELEMENTS (envelope_bytes))
    return FALSE;
  at = 8 + envelope_bytes[envelope];
  if (size < at + 21 || blob[at] > 1)
    return FALSE;
  le = blob[at] == 1;
  memcpy (&type, blob + at + 1, 4);
  if (le != (G_BYTE_ORDER == G_LITTLE_ENDIAN))
    type = GUINT32_SWAP_LE_BE (type);
  /* A point: ISO's 1, 1001 (Z), 2001 (M), 3001 (ZM), or with the extended
   * WKB's Z and M flags; x and y come first in any. */
  if ((type & 0x0fffffff) % 1000 != 1 || (type & 0x0fffffff) > 3001)
    return FALSE;
  for (guint k = 0; k < 2; k++)
    {
      guint64 bits;
      double v;

      memcpy (&bits, blob + at + 5 + 8 * k, 8);
      if (le != (G_BYTE_ORDER == G_LITTLE_ENDIAN))
        bits = GUINT64_SWAP_LE_BE (bits);
      memcpy (&v, &bits, 8);
      *(k == 0 ? lon : lat) = v;
    }
  return TRUE;
}

/*
 * A world of places (125,000) is read with SQLite from the GeoPackage's
 * table: through OGR, a feature object made and freed for each row took
 * 95 of the basemap's 135 ms at start-up, before the first figures.
 */
static gboolean
load_places (DmBasemap *self, sqlite3 *db, const char *path, GError **error)
{
  g_autofree char *geom = NULL;
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The table's geometry column, as GeoPackage records it. */
  if (sqlite3_prepare_v2 (db, "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'places'", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    geom = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (geom == NULL || strchr (geom, '"') != NULL)
    {
      set_sqlite_error (error, db, "places");
      return FALSE;
    }
  query = g_strdup_printf ("SELECT \"%s\", %s, %s, %s, %s, %s FROM places ORDER BY rowid", geom,
                           column_or_null (db, "places", "population"), column_or_null (db, "places", "name_en"),
                           column_or_null (db, "places", "name_uk"), column_or_null (db, "places", "name_ru"),
                           column_or_null (db, "places", "country_iso_a2"));
  if (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "places");
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DmPlace p = { 0 };

      const void *blob = sqlite3_column_blob (stmt, 0);

      if (!dm_gpkg_blob_get_point (blob, (gsize) sqlite3_column_bytes (stmt, 0), &p.lon, &p.lat) || !isfinite (p.lon) ||
          !isfinite (p.lat))
        continue;
      p.population = sqlite3_column_int64 (stmt, 1);
      p.name_en = chunk_column (self->place_names, stmt, 2, FALSE);
      p.name_uk = chunk_column (self->place_names, stmt, 3, FALSE);
      p.name_ru = chunk_column (self->place_names, stmt, 4, FALSE);
      p.country = chunk_column (self->place_names, stmt, 5, TRUE);
      g_array_append_val (self->places, p);
    }
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, db, "places");
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  if (self->places->len == 0)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, _ ("Layer “%s” of “%s” is empty"), "places",
                   path);
      return FALSE;
    }
  g_array_sort (self->places, compare_places);
  return TRUE;
}

/* Short names for the sources the map's licence line names, matched in
 * each row's attribution; the licence is said where it asks for it. */
static const struct {
  const char *key;
  const char *label;
} known_sources[] = {
  { "Natural Earth", "Natural Earth" },
  { "iso-codes", "iso-codes (LGPL)" },
  { "GSHHG", "GSHHG (LGPL)" },
  { "GeoNames", "GeoNames (CC BY 4.0)" },
};

static void
append_unique (GString *out, GPtrArray *seen, const char *text, const char *separator)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), text))
      return;
  g_ptr_array_add (seen, g_strdup (text));
  if (out->len > 0)
    g_string_append (out, separator);
  g_string_append (out, text);
}

/* The sources table has no geometry: read it with OGR directly. */
static gboolean
load_attribution (DmBasemap *self, GDALDatasetH ds)
{
  g_autoptr (GPtrArray) seen_short = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) seen_full = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) short_line = g_string_new (NULL);
  g_autoptr (GString) full = g_string_new (NULL);
  OGRLayerH layer;
  OGRFeatureH f;

  if ((layer = GDALDatasetGetLayerByName (ds, "sources")) == NULL)
    return FALSE;
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int idx = OGR_F_GetFieldIndex (f, "attribution");
      const char *a = idx >= 0 && OGR_F_IsFieldSetAndNotNull (f, idx) ? OGR_F_GetFieldAsString (f, idx) : NULL;

      if (a != NULL && *a != '\0')
        {
          const char *label = a;

          for (guint k = 0; k < G_N_ELEMENTS (known_sources); k++)
            if (strstr (a, known_sources[k].key) != NULL)
              {
                label = known_sources[k].label;
                break;
              }
          append_unique (short_line, seen_short, label, "; ");
          append_unique (full, seen_full, a, "\n");
        }
      OGR_F_Destroy (f);
    }
  if (short_line->len == 0)
    return FALSE;
  self->attribution = g_string_free (g_steal_pointer (&short_line), FALSE);
  self->attribution_full = g_string_free (g_steal_pointer (&full), FALSE);
  return TRUE;
}

/* Says which layer is missing before reading any: a clearer message than
 * the reader's, and no half-loaded basemap. */
static gboolean
check_layers (GDALDatasetH ds, const char *path, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_layers); i++)
    if (GDALDatasetGetLayerByName (ds, required_layers[i]) == NULL)
      {
        g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID,
                     _ ("The offline basemap “%s” has no “%s” layer; rebuild it with data/basemap/build-basemap.sh "
                        "or reinstall Demarcate"),
                     path, required_layers[i]);
        return FALSE;
      }
  return TRUE;
}

DmBasemap *
dm_basemap_open (const char *path, GError **error)
{
  g_autoptr (DmBasemap) self = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autoptr (GError) local_error = NULL;
  sqlite3 *db = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NOT_FOUND,
                   _ ("The offline basemap “%s” is missing; reinstall Demarcate or set DM_DATADIR to its data folder"),
                   path);
      return NULL;
    }

  dm_gdal_init ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID,
                   _ ("The offline basemap “%s” is not a GeoPackage Demarcate can read; reinstall Demarcate"), path);
      return NULL;
    }
  if (!check_layers (ds, path, error))
    return NULL;

  self = g_atomic_rc_box_new0 (DmBasemap);
  g_mutex_init (&self->regions_lock);
  g_mutex_init (&self->linework_lock);
  self->path = g_strdup (path);
  self->regions = g_ptr_array_new_with_free_func (region_free);
  self->places = g_array_new (FALSE, TRUE, sizeof (DmPlace));
  /* Half a million short strings: in blocks, not one allocation each. */
  self->place_names = g_string_chunk_new (1 << 20);

  self->ds = g_steal_pointer (&ds);
  /* Names, codes and places: with SQLite, the GeoPackage being an SQLite
   * database (shapes, read when first asked for, with OGR). */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    g_set_error (&local_error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, "%s",
                 db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  else if (load_regions (self, db, path, "countries", "iso_a2", &local_error) &&
           load_regions (self, db, path, "admin1", "iso_3166_2", &local_error))
    load_places (self, db, path, &local_error);
  sqlite3_close (db);
  if (local_error != NULL)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, _ ("The offline basemap “%s” cannot be used: %s"),
                   path, local_error->message);
      return NULL;
    }
  if (!load_attribution (self, self->ds))
    {
      /* Data are not shown without saying whose they are. */
      self->attribution = g_strdup (_ ("Basemap sources unknown"));
      self->attribution_full = g_strdup (self->attribution);
    }
  return g_steal_pointer (&self);
}

DmBasemap *
dm_basemap_get_default (GError **error)
{
  static DmBasemap *basemap;
  static GMutex lock;
  DmBasemap *ret = NULL;

  g_mutex_lock (&lock);
  if (basemap == NULL)
    basemap = dm_basemap_open (dm_basemap_default_path (), error);
  if (basemap != NULL)
    ret = dm_basemap_ref (basemap);
  g_mutex_unlock (&lock);
  return ret;
}

static const Region *
find_region (DmBasemap *self, const char *name_or_code)
{
  g_autofree char *query = name_normalise (name_or_code);

  /* Codes first, then whole names in every language, then names without
   * their endings: "Donetsk" must find the oblast, not Donetsk city's
   * country, and "Kyiv" the city (UA-30) before Kyivska oblast. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < self->regions->len; i++)
      {
        const Region *r = g_ptr_array_index (self->regions, i);

        if (pass == 0 && r->code != NULL && g_ascii_strcasecmp (r->code, name_or_code) == 0)
          return r;
        for (guint k = 0; pass > 0 && k < G_N_ELEMENTS (r->folded); k++)
          if (r->folded[k] != NULL &&
              (pass == 1 ? g_str_equal (r->folded[k], query) : stem_matches (r->folded[k], query)))
            return r;
      }
  return NULL;
}

const char *
dm_place_get_name (const DmPlace *place, DmLanguage language)
{
  const char *name;

  g_return_val_if_fail (place != NULL, NULL);
  name = language == DM_LANGUAGE_UK ? place->name_uk : language == DM_LANGUAGE_RU ? place->name_ru : NULL;
  return name != NULL ? name : place->name_en;
}

/* ---- Places by where they are ------------------------------------------ */

/* The grid's cells: 0.1° (a town's extent; a tile of the DMZ holds a few
 * hundred), numbered row by row from (-180°, -90°). */
#define PLACE_CELL_DEG 0.1
#define PLACE_CELLS_X  3600
#define PLACE_CELLS_Y  1800

typedef struct {
  guint32 cell;  /* place_cell() */
  guint32 index; /* into the places */
} PlaceEntry;

struct _DmPlaceIndex {
  const DmPlace *places;
  guint n_places;
  PlaceEntry *entries; /* n_entries, by cell then index */
  guint n_entries;
};

static guint32
place_column (double lon)
{
  double c = floor ((lon + 180.0) / PLACE_CELL_DEG);

  return (guint32) CLAMP (c, 0.0, PLACE_CELLS_X - 1.0);
}

static guint32
place_row (double lat)
{
  double c = floor ((lat + 90.0) / PLACE_CELL_DEG);

  return (guint32) CLAMP (c, 0.0, PLACE_CELLS_Y - 1.0);
}

DmPlaceIndex *
dm_place_index_new (const DmPlace *places, guint n_places)
{
  DmPlaceIndex *self = g_new0 (DmPlaceIndex, 1);

  g_return_val_if_fail (places != NULL || n_places == 0, self);

  self->places = places;
  self->n_places = n_places;
  /* One array sorted by cell, then index: a few bisections answer a box. */
  self->entries = g_new (PlaceEntry, MAX (n_places, 1));
  for (guint i = 0; i < n_places; i++)
    {
      /* A place without a position is in no box. */
      if (!isfinite (places[i].lon) || !isfinite (places[i].lat))
        continue;
      self->entries[self->n_entries++] =
        (PlaceEntry){ place_row (places[i].lat) * PLACE_CELLS_X + place_column (places[i].lon), i };
    }
  /* By the cell's low 16 bits, then its high ones, each pass stable (the
   * entries come in index order): 1 ms for the world's, where qsort()
   * took 13. */
  {
    g_autofree PlaceEntry *tmp = g_new (PlaceEntry, MAX (self->n_entries, 1));
    g_autofree guint *start = g_new (guint, 65536 + 1);
    PlaceEntry *from = self->entries, *to = tmp;

    for (guint shift = 0; shift < 32; shift += 16)
      {
        memset (start, 0, (65536 + 1) * sizeof (guint));
        for (guint k = 0; k < self->n_entries; k++)
          start[((from[k].cell >> shift) & 0xffff) + 1]++;
        for (guint b = 0; b < 65536; b++)
          start[b + 1] += start[b];
        for (guint k = 0; k < self->n_entries; k++)
          to[start[(from[k].cell >> shift) & 0xffff]++] = from[k];
        from = to;
        to = from == tmp ? self->entries : tmp;
      }
    /* Two passes: the sorted entries are back in self->entries. */
    g_assert (from == self->entries);
  }
  return self;
}

void
dm_place_index_free (DmPlaceIndex *self)
{
  if (self == NULL)
    return;
  g_free (self->entries);
  g_free (self);
}

const DmPlace *
dm_place_index_get_places (const DmPlaceIndex *self, guint *n_places)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_places != NULL)
    *n_places = self->n_places;
  return self->places;
}

static int
compare_guint32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

void
dm_place_index_query (const DmPlaceIndex *self,
                      double min_lon,
                      double min_lat,
                      double max_lon,
                      double max_lat,
                      GArray *out)
{
  guint32 c0, c1, r0, r1;
  guint first;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (guint));

  /* Written so that a NaN edge fails too. */
  if (!(min_lon <= max_lon && min_lat <= max_lat) || self->n_entries == 0)
    return;
  c0 = place_column (min_lon);
  c1 = place_column (max_lon);
  r0 = place_row (min_lat);
  r1 = place_row (max_lat);
  first = out->len;
  /* Each row's run of cells is contiguous in the array. */
  for (guint32 r = r0; r <= r1; r++)
    {
      guint32 from = r * PLACE_CELLS_X + c0, to = r * PLACE_CELLS_X + c1;
      guint lo = 0, hi = self->n_entries;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (self->entries[mid].cell < from)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint k = lo; k < self->n_entries && self->entries[k].cell <= to; k++)
        {
          const DmPlace *p = &self->places[self->entries[k].index];

          if (p->lon >= min_lon && p->lon <= max_lon && p->lat >= min_lat && p->lat <= max_lat)
            {
              guint i = self->entries[k].index;

              g_array_append_val (out, i);
            }
        }
    }
  /* In the places' order (largest first), whatever the cells'. */
  if (out->len - first > 1)
    qsort (&g_array_index (out, guint, first), out->len - first, sizeof (guint), compare_guint32);
}

/* In the language this thread words in, else the short English name. */
static const char *
region_display_name (const Region *r)
{
  DmLanguage language = dm_i18n_get_language ();

  if (language != DM_LANGUAGE_EN && r->names[language] != NULL)
    return r->names[language];
  return r->names[3] != NULL ? r->names[3] : r->names[0] != NULL ? r->names[0] : r->code;
}

const DmGeometry *
dm_basemap_find_region (DmBasemap *self, const char *name_or_code, const char **display_name, GError **error)
{
  const Region *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name_or_code != NULL, NULL);

  if ((r = find_region (self, name_or_code)) != NULL)
    {
      if (display_name != NULL)
        *display_name = region_display_name (r);
      return region_geometry (self, (Region *) r);
    }
  g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION,
               _ ("No country or region called “%s” in the basemap; use an ISO code such as “UA” or “UA-14”, or a name "
                  "such as “Ukraine”"),
               name_or_code);
  return NULL;
}

gboolean
dm_basemap_find_region_info (DmBasemap *self, const char *name_or_code, DmRegionInfo *info, GError **error)
{
  const Region *r;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name_or_code != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (dm_basemap_find_region (self, name_or_code, NULL, error) == NULL)
    return FALSE;
  r = find_region (self, name_or_code);
  info->code = r->code;
  info->name = region_display_name (r);
  info->geometry = region_geometry (self, (Region *) r);
  return TRUE;
}

static const Region *
find_code (DmBasemap *self, const char *code, gboolean country)
{
  for (guint i = 0; i < self->regions->len; i++)
    {
      const Region *r = g_ptr_array_index (self->regions, i);

      if (r->is_country == country && r->code != NULL && g_ascii_strcasecmp (r->code, code) == 0)
        return r;
    }
  return NULL;
}

const DmGeometry *
dm_basemap_get_country (DmBasemap *self, const char *iso_a2)
{
  const Region *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (iso_a2 != NULL, NULL);

  r = find_code (self, iso_a2, TRUE);
  return r != NULL ? region_geometry (self, (Region *) r) : NULL;
}

const DmGeometry *
dm_basemap_get_admin1 (DmBasemap *self, const char *iso_3166_2)
{
  const Region *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (iso_3166_2 != NULL, NULL);

  r = find_code (self, iso_3166_2, FALSE);
  return r != NULL ? region_geometry (self, (Region *) r) : NULL;
}

GArray *
dm_basemap_list_regions (DmBasemap *self, const char *country_code)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (DmRegionInfo));
  gsize prefix_len = country_code != NULL ? strlen (country_code) : 0;

  g_return_val_if_fail (self != NULL, out);

  for (guint i = 0; i < self->regions->len; i++)
    {
      const Region *r = g_ptr_array_index (self->regions, i);
      DmRegionInfo info;

      if (r->code == NULL || r->is_country != (country_code == NULL))
        continue;
      /* ISO 3166-2: the country's code, a hyphen, the subdivision. */
      if (country_code != NULL &&
          (g_ascii_strncasecmp (r->code, country_code, prefix_len) != 0 || r->code[prefix_len] != '-'))
        continue;
      info.code = r->code;
      info.name = region_display_name (r);
      info.geometry = region_geometry (self, (Region *) r);
      g_array_append_val (out, info);
    }
  return out;
}

const char *
dm_basemap_get_region_name (DmBasemap *self, const char *code)
{
  const Region *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  r = find_code (self, code, TRUE);
  if (r == NULL)
    r = find_code (self, code, FALSE);
  return r != NULL ? region_display_name (r) : NULL;
}

const DmPlace *
dm_basemap_get_places (DmBasemap *self, guint *n_places)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (n_places != NULL)
    *n_places = self->places->len;
  return (const DmPlace *) (gpointer) self->places->data;
}

const DmPlaceIndex *
dm_basemap_get_place_index (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_once_init_enter (&self->place_index))
    g_once_init_leave (&self->place_index,
                       dm_place_index_new ((const DmPlace *) (gpointer) self->places->data, self->places->len));
  return self->place_index;
}

GPtrArray *
dm_basemap_query_places (DmBasemap *self,
                         double min_lon,
                         double min_lat,
                         double max_lon,
                         double max_lat,
                         gint64 min_population)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_ptr_array_new ();
  /* Largest first: stop at the first place below the threshold. */
  for (guint i = 0; i < self->places->len; i++)
    {
      const DmPlace *p = &g_array_index (self->places, DmPlace, i);

      if (p->population < min_population)
        break;
      if (p->lon >= min_lon && p->lon <= max_lon && p->lat >= min_lat && p->lat <= max_lat)
        g_ptr_array_add (out, (gpointer) p);
    }
  return out;
}

const DmGeometry *
dm_basemap_get_coastline (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return dm_basemap_get_linework (self, DM_LINEWORK_COAST);
}

const char *
dm_basemap_get_attribution (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}

const char *
dm_basemap_get_attribution_full (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution_full;
}

/* ---- Linework ----------------------------------------------------------- */

/* Whether two regions' common edges belong to the kind of linework:
 * countries for borders; admin-1 regions of the same country (their codes
 * share the "UA-" prefix) for admin-1 boundaries, so that an international
 * border is not also an admin-1 line. */
static gboolean
regions_pair_matches (const Region *a, const Region *b, DmLineworkKind kind)
{
  const char *da, *db;

  if (kind == DM_LINEWORK_BORDER)
    return a->is_country && b->is_country;
  if (a->is_country || b->is_country || a->code == NULL || b->code == NULL)
    return FALSE;
  da = strchr (a->code, '-');
  db = strchr (b->code, '-');
  return da != NULL && db != NULL && da - a->code == db - b->code && strncmp (a->code, b->code, da - a->code) == 0;
}

typedef struct {
  DmBasemap *self;
  DmLineworkKind kind;
} PairMatch;

static gboolean
pair_matches (guint a, guint b, gpointer data)
{
  const PairMatch *match = data;

  return regions_pair_matches (g_ptr_array_index (match->self->regions, a), g_ptr_array_index (match->self->regions, b),
                               match->kind);
}

/* The boundaries between regions as runs of shared edges (the renderer
 * draws its border lines from the same function). */
static DmGeometry *
make_boundaries (DmBasemap *self, DmLineworkKind kind)
{
  g_autofree const DmGeometry **polygons = g_new0 (const DmGeometry *, MAX (self->regions->len, 1));
  g_autoptr (GPtrArray) read = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  PairMatch match = { self, kind };

  /* Countries for borders, admin-1 regions for their boundaries.  Those
   * not yet read are read for this only (a world of them is 28 MB; most
   * uses of the basemap need a few). */
  g_mutex_lock (&self->regions_lock);
  for (guint r = 0; r < self->regions->len; r++)
    {
      const Region *region = g_ptr_array_index (self->regions, r);

      if (region->is_country != (kind == DM_LINEWORK_BORDER))
        continue;
      if (region->geometry != NULL)
        polygons[r] = region->geometry;
      else
        g_ptr_array_add (read, (gpointer) (polygons[r] = region_read (self, region)));
    }
  g_mutex_unlock (&self->regions_lock);
  return dm_geometry_shared_boundaries (polygons, self->regions->len, pair_matches, &match);
}

gboolean
dm_basemap_foreach_shape (DmBasemap *self,
                          const char *layer_name,
                          const char *int_field,
                          DmBasemapShapeFunc func,
                          gpointer user_data,
                          GError **error)
{
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH f;
  int field = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (layer_name != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* A handle of its own: reading a world's land takes a while, and the
   * shared one serves regions' shapes meanwhile. */
  ds = GDALOpenEx (self->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID,
                   _ ("The offline basemap “%s” cannot be read (%s); reinstall Demarcate"), self->path,
                   CPLGetLastErrorMsg ());
      return FALSE;
    }
  layer = GDALDatasetGetLayerByName (ds, layer_name);
  if (layer == NULL)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID,
                   _ ("The offline basemap “%s” has no layer “%s”; reinstall Demarcate"), self->path, layer_name);
      GDALClose (ds);
      return FALSE;
    }
  if (int_field != NULL)
    field = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (layer), int_field);
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH g = OGR_F_GetGeometryRef (f);
      g_autoptr (DmGeometry) shape = g != NULL ? geometry_from_ogr (g) : NULL;

      if (shape != NULL)
        func (shape, field >= 0 && OGR_F_IsFieldSetAndNotNull (f, field) ? OGR_F_GetFieldAsInteger (f, field) : 0,
              user_data);
      OGR_F_Destroy (f);
    }
  GDALClose (ds);
  return TRUE;
}

GPtrArray *
dm_basemap_get_region_geometries (DmBasemap *self, gboolean countries)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_ptr_array_new ();
  for (guint r = 0; r < self->regions->len; r++)
    {
      const Region *region = g_ptr_array_index (self->regions, r);

      if (region->is_country == countries)
        g_ptr_array_add (out, (gpointer) region_geometry (self, (Region *) region));
    }
  return out;
}

/* A shape's lines, or every ring of its polygons closed, as parts of
 * @user_data. */
static void
add_lines (const DmGeometry *shape, int value, gpointer user_data)
{
  DmGeometry *out = user_data;
  gboolean polygonal = dm_geometry_is_polygonal (shape);

  for (guint p = 0; p < dm_geometry_get_n_parts (shape); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (shape, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (shape, p, r, &n);
        g_autofree double *line = NULL;

        if (n < 2)
          continue;
        /* A polygon's ring, stored open, closed as a line. */
        line = g_new (double, 2 * (n + 1));
        memcpy (line, xy, 2 * n * sizeof (double));
        line[2 * n] = xy[0];
        line[2 * n + 1] = xy[1];
        dm_geometry_begin_part (out);
        dm_geometry_add_ring (out, line, polygonal ? n + 1 : n);
      }
}

/* Every line of a layer, or every ring of its polygons closed; an empty
 * geometry (and a warning) when the basemap lacks the layer. */
static DmGeometry *
read_lines (DmBasemap *self, const char *layer_name)
{
  g_autoptr (GError) error = NULL;
  DmGeometry *out = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);

  if (!dm_basemap_foreach_shape (self, layer_name, NULL, add_lines, out, &error))
    g_warning ("Basemap layer “%s” cannot be read: %s", layer_name, error->message);
  return out;
}

const char *
dm_linework_kind_to_string (DmLineworkKind kind)
{
  switch (kind)
    {
    case DM_LINEWORK_BORDER:
      return "border";
    case DM_LINEWORK_ADMIN1:
      return "admin1";
    case DM_LINEWORK_RIVER:
      return "river";
    case DM_LINEWORK_COAST:
      return "coast";
    case DM_LINEWORK_SHORE:
      return "shore";
    case DM_N_LINEWORK_KINDS:
    default:
      return "unknown";
    }
}

const DmGeometry *
dm_basemap_get_linework (DmBasemap *self, DmLineworkKind kind)
{
  const DmGeometry *ret;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind < DM_N_LINEWORK_KINDS, NULL);

  g_mutex_lock (&self->linework_lock);
  if (self->linework[kind] == NULL)
    switch (kind)
      {
      case DM_LINEWORK_BORDER:
      case DM_LINEWORK_ADMIN1:
        self->linework[kind] = make_boundaries (self, kind);
        break;
      case DM_LINEWORK_RIVER:
        self->linework[kind] = read_lines (self, "rivers");
        break;
      case DM_LINEWORK_SHORE:
        self->linework[kind] = read_lines (self, "lakes");
        break;
      case DM_LINEWORK_COAST:
      case DM_N_LINEWORK_KINDS:
      default:
        /* Read when first asked for (deriving a line): a world of it. */
        self->linework[kind] = read_lines (self, "coastline");
        break;
      }
  ret = self->linework[kind];
  g_mutex_unlock (&self->linework_lock);
  return ret;
}

/* ---- Countries together: areas and borders ------------------------------ */

const char *const *
dm_basemap_nato_members (void)
{
  /* The 32 members since Sweden joined, 7 March 2024. */
  static const char *const members[] = { "AL", "BE", "BG", "CA", "HR", "CZ", "DK", "EE", "FI", "FR", "DE",
                                         "GR", "HU", "IS", "IT", "LV", "LT", "LU", "ME", "NL", "MK", "NO",
                                         "PL", "PT", "RO", "SK", "SI", "ES", "SE", "TR", "GB", "US", NULL };
  return members;
}

/* Marks in @in (one flag per region) the countries @spec names; FALSE
 * with @error set when a name is no country.  @display gets a short name. */
static gboolean
mark_countries (DmBasemap *self, const char *spec, gboolean *in, GString *display, GError **error)
{
  g_auto (GStrv) names = g_strsplit (spec, "+", -1);

  for (guint n = 0; names[n] != NULL; n++)
    {
      const char *name = g_strstrip (names[n]);
      const Region *r;

      if (n > 0)
        g_string_append (display, "+");
      if (g_ascii_strcasecmp (name, "NATO") == 0)
        {
          for (const char *const *m = dm_basemap_nato_members (); *m != NULL; m++)
            for (guint i = 0; i < self->regions->len; i++)
              {
                const Region *c = g_ptr_array_index (self->regions, i);

                if (c->is_country && c->code != NULL && g_ascii_strcasecmp (c->code, *m) == 0)
                  in[i] = TRUE;
              }
          g_string_append (display, "NATO");
          continue;
        }
      if (*name == '\0' || (r = find_region (self, name)) == NULL || !r->is_country)
        {
          g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION,
                       /* Translators: %s is what the user typed, e.g. “Donetsk” or “XX” */
                       _ ("“%s” is not a country in the basemap: give a country’s code or name (RU, Ukraine, "
                          "Беларусь) or NATO"),
                       name);
          return FALSE;
        }
      for (guint i = 0; i < self->regions->len; i++)
        if (g_ptr_array_index (self->regions, i) == r)
          in[i] = TRUE;
      g_string_append (display, region_display_name (r));
    }
  return TRUE;
}

GArray *
dm_basemap_list_countries_of (DmBasemap *self, const char *countries, GError **error)
{
  g_autofree gboolean *in = NULL;
  g_autoptr (GString) name = g_string_new (NULL);
  GArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (countries != NULL, NULL);

  in = g_new0 (gboolean, MAX (self->regions->len, 1));
  if (!mark_countries (self, countries, in, name, error))
    return NULL;
  out = g_array_new (FALSE, FALSE, sizeof (DmRegionInfo));
  for (guint i = 0; i < self->regions->len; i++)
    if (in[i])
      {
        const Region *r = g_ptr_array_index (self->regions, i);
        DmRegionInfo info = { r->code, region_display_name (r), region_geometry (self, (Region *) r) };

        g_array_append_val (out, info);
      }
  return out;
}

/* The area of @countries, each clipped to @box (west, south, east, north)
 * first when it is given. */
static DmGeometry *
make_area (DmBasemap *self, const char *countries, const double *box, char **display, GError **error)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autofree gboolean *in = NULL;
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autoptr (DmGeosGeometry) collection = NULL;
  g_autoptr (DmGeosGeometry) merged = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (countries != NULL, NULL);

  in = g_new0 (gboolean, MAX (self->regions->len, 1));
  if (!mark_countries (self, countries, in, name, error))
    return NULL;
  for (guint i = 0; i < self->regions->len; i++)
    {
      GEOSGeometry *g;

      if (!in[i] ||
          (g = dm_geometry_to_geos (ctx, region_geometry (self, g_ptr_array_index (self->regions, i)))) == NULL)
        continue;
      if (box != NULL)
        {
          GEOSGeometry *near = GEOSClipByRect_r (ctx, g, box[0], box[1], box[2], box[3]);

          GEOSGeom_destroy_r (ctx, g);
          if (near == NULL || GEOSisEmpty_r (ctx, near))
            {
              if (near != NULL)
                GEOSGeom_destroy_r (ctx, near);
              continue;
            }
          g = near;
        }
      g_ptr_array_add (parts, g);
    }
  if (parts->len == 0)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION, _ ("None of “%s” lies inside the basemap"),
                   countries);
      return NULL;
    }
  collection = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, (GEOSGeometry **) parts->pdata, parts->len);
  merged = collection != NULL ? GEOSUnaryUnion_r (ctx, collection) : NULL;
  if (merged == NULL)
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID, _ ("The area of “%s” could not be made: %s"),
                   countries, dm_geos_last_error () != NULL ? dm_geos_last_error () : "GEOS");
      return NULL;
    }
  if (display != NULL)
    *display = g_strdup (name->str);
  return dm_geometry_from_geos (ctx, merged);
}

DmGeometry *
dm_basemap_make_area (DmBasemap *self, const char *countries, char **display, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (countries != NULL, NULL);
  return make_area (self, countries, NULL, display, error);
}

DmGeometry *
dm_basemap_make_area_near (DmBasemap *self,
                           const char *countries,
                           const DmGeometry *near,
                           double distance_m,
                           char **display,
                           GError **error)
{
  double box[4], pad_lat, pad_lon, worst_lat;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (countries != NULL, NULL);
  g_return_val_if_fail (near != NULL, NULL);

  dm_geometry_get_extent (near, &box[0], &box[1], &box[2], &box[3]);
  /* A degree of latitude is at least 110.5 km; one of longitude at least
   * that times the cosine of the box's highest latitude.  Half a degree
   * more, for the ellipsoid and the band's round ends. */
  pad_lat = distance_m / 110.5e3 + 0.5;
  box[1] -= pad_lat;
  box[3] += pad_lat;
  worst_lat = MIN (MAX (fabs (box[1]), fabs (box[3])), 89.0);
  pad_lon = distance_m / (110.5e3 * cos (worst_lat * G_PI / 180.0)) + 0.5;
  box[0] -= pad_lon;
  box[2] += pad_lon;
  /* Near a pole or across the 180th meridian: the whole of them. */
  if (worst_lat > 80.0 || box[0] < -180.0 || box[2] > 180.0)
    return make_area (self, countries, NULL, display, error);
  return make_area (self, countries, box, display, error);
}

typedef struct {
  const gboolean *in_a, *in_b;
} BorderPair;

static gboolean
border_pair (guint a, guint b, gpointer data)
{
  const BorderPair *pair = data;

  return (pair->in_a[a] && pair->in_b[b]) || (pair->in_a[b] && pair->in_b[a]);
}

DmGeometry *
dm_basemap_make_border (DmBasemap *self, const char *a, const char *b, char **display, GError **error)
{
  g_autofree gboolean *in_a = NULL, *in_b = NULL;
  g_autofree const DmGeometry **polygons = NULL;
  g_autoptr (GString) name_a = g_string_new (NULL);
  g_autoptr (GString) name_b = g_string_new (NULL);
  g_autoptr (DmGeometry) border = NULL;
  BorderPair pair;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  in_a = g_new0 (gboolean, MAX (self->regions->len, 1));
  in_b = g_new0 (gboolean, MAX (self->regions->len, 1));
  if (!mark_countries (self, a, in_a, name_a, error) || !mark_countries (self, b, in_b, name_b, error))
    return NULL;
  polygons = g_new0 (const DmGeometry *, MAX (self->regions->len, 1));
  for (guint i = 0; i < self->regions->len; i++)
    if (in_a[i] || in_b[i])
      polygons[i] = region_geometry (self, g_ptr_array_index (self->regions, i));
  pair.in_a = in_a;
  pair.in_b = in_b;
  border = dm_geometry_shared_boundaries (polygons, self->regions->len, border_pair, &pair);
  if (border == NULL || dm_geometry_is_empty (border))
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_BORDER,
                   /* Translators: two countries or groups, e.g. “Ukraine” and “Kazakhstan” */
                   _ ("%s and %s share no land border in the basemap"), name_a->str, name_b->str);
      return NULL;
    }
  if (display != NULL)
    /* Translators: a border between two countries or groups, e.g. “Russia–NATO” */
    *display = g_strdup_printf (_ ("%s–%s"), name_a->str, name_b->str);
  return g_steal_pointer (&border);
}
