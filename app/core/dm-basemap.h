/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

#define DM_BASEMAP_ERROR (dm_basemap_error_quark ())
GQuark dm_basemap_error_quark (void);

typedef enum {
  DM_BASEMAP_ERROR_NOT_FOUND,
  DM_BASEMAP_ERROR_INVALID,
  DM_BASEMAP_ERROR_NO_SUCH_REGION,
} DmBasemapError;

/* A populated place. */
typedef struct {
  double lon;
  double lat;
  gint64 population;   /* 0 when unknown */
  char *name_en;
  char *name_uk;       /* NULL when the data have none */
  char *name_ru;
  char *country;       /* ISO 3166-1 alpha-2 */
} DmPlace;

/*
 * DmBasemap: the offline basemap's countries (de jure), admin-1 regions and
 * places, loaded once into memory and then only read, so one instance can
 * be shared by threads (reference counted).
 */
typedef struct _DmBasemap DmBasemap;

const char       *dm_basemap_default_path  (void);
DmBasemap        *dm_basemap_open          (const char  *path,
                                            GError     **error);
/* The default basemap, loaded on first use (thread-safe); NULL with
 * @error set when it cannot be read. */
DmBasemap        *dm_basemap_get_default   (GError     **error);
DmBasemap        *dm_basemap_ref           (DmBasemap   *self);
void              dm_basemap_unref         (DmBasemap   *self);

/* "UA", "Ukraine", "UA-14", "Donetska oblast", "Donetsk" (en/uk/ru,
 * case-insensitive): a country or an admin-1 region.  Borrowed. */
const DmGeometry *dm_basemap_find_region   (DmBasemap   *self,
                                            const char  *name_or_code,
                                            const char **display_name,
                                            GError     **error);
const DmGeometry *dm_basemap_get_country   (DmBasemap   *self,
                                            const char  *iso_a2);
/* Places, largest first. */
const DmPlace    *dm_basemap_get_places    (DmBasemap   *self,
                                            guint       *n_places);
/* One line for the map's licence line and the About window. */
const char       *dm_basemap_get_attribution (DmBasemap *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmBasemap, dm_basemap_unref)

G_END_DECLS
