/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-basemap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "dm-basemap.h"
#include "dm-gdal.h"
#include "dm-import.h"
#include <gdal.h>
#include <ogr_api.h>

G_DEFINE_QUARK (dm-basemap-error-quark, dm_basemap_error)

typedef struct {
  char *code;          /* "UA" or "UA-14" */
  char *names[4];      /* en, uk, ru, and a short English name */
  DmGeometry *geometry;
} Region;

struct _DmBasemap
{
  GPtrArray *regions;  /* Region: countries first, then admin-1 */
  GArray *places;      /* DmPlace, largest first */
  char *attribution;
};

static void
region_free (gpointer data)
{
  Region *r = data;

  g_free (r->code);
  for (guint i = 0; i < G_N_ELEMENTS (r->names); i++)
    g_free (r->names[i]);
  dm_geometry_free (r->geometry);
  g_free (r);
}

static void
place_clear (gpointer data)
{
  DmPlace *p = data;

  g_free (p->name_en);
  g_free (p->name_uk);
  g_free (p->name_ru);
  g_free (p->country);
}

static void
basemap_clear (gpointer data)
{
  DmBasemap *self = data;

  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->places, g_array_unref);
  g_clear_pointer (&self->attribution, g_free);
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

static char *
dup_prop (const DmImportFeature *f,
          const char            *key)
{
  const char *v = g_hash_table_lookup (f->properties, key);

  return v != NULL && *v != '\0' ? g_strdup (v) : NULL;
}

static gboolean
load_regions (DmBasemap   *self,
              const char  *path,
              const char  *layer_name,
              const char  *code_field,
              GError     **error)
{
  g_autoptr(DmImportLayer) layer = dm_import_read (path, layer_name, NULL, error);

  if (layer == NULL)
    return FALSE;
  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      Region *r;

      if (!dm_geometry_is_polygonal (f->geometry))
        continue;
      r = g_new0 (Region, 1);
      r->code = dup_prop (f, code_field);
      r->names[0] = dup_prop (f, "name_en");
      r->names[1] = dup_prop (f, "name_uk");
      r->names[2] = dup_prop (f, "name_ru");
      r->names[3] = dup_prop (f, "name_ne");
      r->geometry = dm_geometry_copy (f->geometry);
      g_ptr_array_add (self->regions, r);
    }
  return TRUE;
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const DmPlace *pa = a, *pb = b;

  return (pb->population > pa->population) - (pb->population < pa->population);
}

static gboolean
load_places (DmBasemap   *self,
             const char  *path,
             GError     **error)
{
  g_autoptr(DmImportLayer) layer = dm_import_read (path, "places", NULL, error);

  if (layer == NULL)
    return FALSE;
  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      const char *pop = g_hash_table_lookup (f->properties, "population");
      DmPlace p = { 0 };

      if (!dm_geometry_is_puntal (f->geometry))
        continue;
      dm_geometry_get_point (f->geometry, 0, &p.lon, &p.lat);
      p.population = pop != NULL ? g_ascii_strtoll (pop, NULL, 10) : 0;
      p.name_en = dup_prop (f, "name_en");
      p.name_uk = dup_prop (f, "name_uk");
      p.name_ru = dup_prop (f, "name_ru");
      p.country = dup_prop (f, "country_iso_a2");
      g_array_append_val (self->places, p);
    }
  g_array_sort (self->places, compare_places);
  return TRUE;
}

/* The sources table has no geometry: read it with OGR directly. */
static char *
load_attribution (const char *path)
{
  g_autoptr(DmGdalDataset) ds = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  OGRLayerH layer;
  OGRFeatureH f;

  dm_gdal_init ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL || (layer = GDALDatasetGetLayerByName (ds, "sources")) == NULL)
    return NULL;
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int idx = OGR_F_GetFieldIndex (f, "attribution");
      const char *a = idx >= 0 ? OGR_F_GetFieldAsString (f, idx) : NULL;
      gboolean dup = FALSE;

      for (guint i = 0; a != NULL && i < seen->len; i++)
        dup |= g_str_equal (g_ptr_array_index (seen, i), a);
      if (a != NULL && *a != '\0' && !dup)
        {
          g_ptr_array_add (seen, g_strdup (a));
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append (out, a);
        }
      OGR_F_Destroy (f);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

DmBasemap *
dm_basemap_open (const char  *path,
                 GError     **error)
{
  g_autoptr(DmBasemap) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NOT_FOUND,
                   _("The offline basemap “%s” is missing; reinstall Demarcate or set DM_DATADIR to its data folder"),
                   path);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (DmBasemap);
  self->regions = g_ptr_array_new_with_free_func (region_free);
  self->places = g_array_new (FALSE, TRUE, sizeof (DmPlace));
  g_array_set_clear_func (self->places, place_clear);

  if (!load_regions (self, path, "countries", "iso_a2", &local_error) ||
      !load_regions (self, path, "admin1", "iso_3166_2", &local_error) ||
      !load_places (self, path, &local_error))
    {
      g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID,
                   _("The offline basemap “%s” cannot be used: %s"), path, local_error->message);
      return NULL;
    }
  self->attribution = load_attribution (path);
  if (self->attribution == NULL)
    self->attribution = g_strdup (_("Basemap sources unknown"));
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

static gboolean
name_matches (const char *name,
              const char *query)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (name == NULL)
    return FALSE;
  a = g_utf8_casefold (name, -1);
  b = g_utf8_casefold (query, -1);
  return g_str_equal (a, b);
}

const DmGeometry *
dm_basemap_find_region (DmBasemap   *self,
                        const char  *name_or_code,
                        const char **display_name,
                        GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name_or_code != NULL, NULL);

  /* Codes first, then names in every language: "Donetsk" must not find a
   * place before the oblast. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->regions->len; i++)
      {
        Region *r = g_ptr_array_index (self->regions, i);
        gboolean hit = FALSE;

        if (pass == 0)
          hit = r->code != NULL && g_ascii_strcasecmp (r->code, name_or_code) == 0;
        else
          for (guint k = 0; k < G_N_ELEMENTS (r->names) && !hit; k++)
            hit = name_matches (r->names[k], name_or_code);
        if (hit)
          {
            if (display_name != NULL)
              *display_name = r->names[3] != NULL ? r->names[3] : r->names[0] != NULL ? r->names[0] : r->code;
            return r->geometry;
          }
      }
  g_set_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION,
               _("No country or region called “%s” in the basemap; use an ISO code such as “UA” or “UA-14”, or a name such as “Ukraine”"),
               name_or_code);
  return NULL;
}

const DmGeometry *
dm_basemap_get_country (DmBasemap  *self,
                        const char *iso_a2)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (iso_a2 != NULL, NULL);

  for (guint i = 0; i < self->regions->len; i++)
    {
      Region *r = g_ptr_array_index (self->regions, i);

      if (r->code != NULL && g_ascii_strcasecmp (r->code, iso_a2) == 0)
        return r->geometry;
    }
  return NULL;
}

const DmPlace *
dm_basemap_get_places (DmBasemap *self,
                       guint     *n_places)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (n_places != NULL)
    *n_places = self->places->len;
  return (const DmPlace *) (gpointer) self->places->data;
}

const char *
dm_basemap_get_attribution (DmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}
