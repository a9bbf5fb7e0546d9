/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-geometry.h"
#include "dm-i18n.h"
#include "dm-import.h"

G_BEGIN_DECLS

#define DM_BASEMAP_ERROR (dm_basemap_error_quark ())
GQuark dm_basemap_error_quark (void);

typedef enum {
  DM_BASEMAP_ERROR_NOT_FOUND,
  DM_BASEMAP_ERROR_INVALID,
  DM_BASEMAP_ERROR_NO_SUCH_REGION,
  DM_BASEMAP_ERROR_NO_BORDER,
} DmBasemapError;

/* A populated place. */
typedef struct {
  double lon;
  double lat;
  gint64 population; /* 0 when unknown */
  char *name_en;
  char *name_uk; /* NULL when the data have none */
  char *name_ru;
  char *country; /* ISO 3166-1 alpha-2 */
} DmPlace;

/* The place's name in @language, else its English name. */
const char *dm_place_get_name (const DmPlace *place, DmLanguage language);

/*
 * DmPlaceIndex: places found by where they are.  It borrows an array of
 * places (which must outlive it and not change) and buckets them on a
 * 0.1° grid, so that a box is answered from the places in its cells
 * instead of a pass over all of them (125,000 in the basemap: an edit's
 * analytics ask five times).  Read-only once made: threads may share it.
 */
typedef struct _DmPlaceIndex DmPlaceIndex;

DmPlaceIndex *dm_place_index_new (const DmPlace *places, guint n_places);
void dm_place_index_free (DmPlaceIndex *index);
/* The places indexed (borrowed), @n_places of them. */
const DmPlace *dm_place_index_get_places (const DmPlaceIndex *index, guint *n_places);
/* Appends to @out (guint) the indices of the places inside the
 * longitude/latitude box, edges included, in the places' order; a box
 * with a NaN edge or min > max holds none. */
void dm_place_index_query (const DmPlaceIndex *index,
                           double min_lon,
                           double min_lat,
                           double max_lon,
                           double max_lat,
                           GArray *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmPlaceIndex, dm_place_index_free)

/*
 * DmBasemap: the offline basemap's countries (de jure), admin-1 regions and
 * places, loaded once into memory and then only read, so one instance can
 * be shared by threads (reference counted).
 */
typedef struct _DmBasemap DmBasemap;

/* A country or an admin-1 region, borrowed from the basemap. */
typedef struct {
  const char *code; /* "UA", "UA-14" */
  const char *name; /* a short name, in the thread's language (dm_i18n_get_language()) when the basemap has it */
  const DmGeometry *geometry;
} DmRegionInfo;

/* The first basemap.gpkg found in $DM_DATADIR, the source tree's data/
 * (DM_SOURCE_DATADIR, for running uninstalled) and the installed data
 * folder (DM_PKGDATADIR); the installed path when there is none. */
const char *dm_basemap_default_path (void);
/* Reads countries, admin-1 regions, places, the coast and the sources
 * table into memory (about 150 ms).  DM_BASEMAP_ERROR_NOT_FOUND when the
 * file is missing, _INVALID when it is not a GeoPackage or lacks a layer
 * (the message names it). */
DmBasemap *dm_basemap_open (const char *path, GError **error);
/* The default basemap, loaded on first use (thread-safe); NULL with
 * @error set when it cannot be read. */
DmBasemap *dm_basemap_get_default (GError **error);
DmBasemap *dm_basemap_ref (DmBasemap *self);
void dm_basemap_unref (DmBasemap *self);

/* "UA", "Ukraine", "UA-14", "Donetska oblast", "Donetsk", "Донецька
 * область", "Донецкая" (en/uk/ru, case-insensitive): a country or an
 * admin-1 region.  Codes are tried first, then whole names, then names
 * without "oblast"/"область" and adjectival endings ("Donetsk" finds
 * "Donetska oblast").  @display_name: (out) (optional) (transfer none)
 * a short English name.  Borrowed. */
const DmGeometry *
dm_basemap_find_region (DmBasemap *self, const char *name_or_code, const char **display_name, GError **error);
/* The same, with the region's code: @info (out) filled; FALSE with
 * @error set when there is no such region. */
gboolean dm_basemap_find_region_info (DmBasemap *self, const char *name_or_code, DmRegionInfo *info, GError **error);

/*
 * Countries taken together: a country's code or name as
 * dm_basemap_find_region() reads it, a group ("NATO", its members as of
 * 2024), or several joined by "+" ("UA+BY").  Admin-1 regions are not
 * countries here.
 */
/* The area of @countries, one (Multi)Polygon; @display: (out) (optional)
 * (transfer full) its short name ("Russia", "NATO").  NULL with @error set
 * when a name matches no country. */
DmGeometry *dm_basemap_make_area (DmBasemap *self, const char *countries, char **display, GError **error);
/* The same, only the part within @distance_m of @near (with a margin): a
 * band along a border needs no more of NATO than the land near it. */
DmGeometry *dm_basemap_make_area_near (DmBasemap *self,
                                       const char *countries,
                                       const DmGeometry *near,
                                       double distance_m,
                                       char **display,
                                       GError **error);
/* (transfer container): DmRegionInfo of each country @countries names (as
 * above); NULL with @error set when a name matches no country. */
GArray *dm_basemap_list_countries_of (DmBasemap *self, const char *countries, GError **error);
/* The land border between @a and @b (each as above), as lines: the edges
 * their polygons share.  @display: (out) (optional) (transfer full)
 * ("Russia–NATO").  NULL with DM_BASEMAP_ERROR_NO_SUCH_REGION when a name
 * matches no country, _NO_BORDER when they share no border in the
 * basemap. */
DmGeometry *dm_basemap_make_border (DmBasemap *self, const char *a, const char *b, char **display, GError **error);
/* NULL-terminated: the codes of NATO's members, for the group "NATO". */
const char *const *dm_basemap_nato_members (void);
/* By code only, case-insensitive; NULL when there is none.  Borrowed. */
const DmGeometry *dm_basemap_get_country (DmBasemap *self, const char *iso_a2);
const DmGeometry *dm_basemap_get_admin1 (DmBasemap *self, const char *iso_3166_2);
/* (transfer container): DmRegionInfo of every country when @country_code
 * is NULL, else of that country's admin-1 regions, in the file's order. */
GArray *dm_basemap_list_regions (DmBasemap *self, const char *country_code);
/* The short name of a country or admin-1 code (as DmRegionInfo.name), or NULL. */
const char *dm_basemap_get_region_name (DmBasemap *self, const char *code);
/* Places, largest first. */
const DmPlace *dm_basemap_get_places (DmBasemap *self, guint *n_places);
/* The point of a GeoPackage geometry blob (its "GP" header, envelope and
 * WKB, as the basemap's places are stored): FALSE for anything but a
 * point, an empty one, or a blob too short for what it says it holds. */
gboolean dm_gpkg_blob_get_point (const guint8 *blob, gsize size, double *lon, double *lat);
/* The same places indexed (made on first use, about 1 ms; thread-safe). */
const DmPlaceIndex *dm_basemap_get_place_index (DmBasemap *self);
/* (transfer container): the places (const DmPlace *, borrowed) inside a
 * longitude/latitude box with at least @min_population, largest first. */
GPtrArray *dm_basemap_query_places (DmBasemap *self,
                                    double min_lon,
                                    double min_lat,
                                    double max_lon,
                                    double max_lat,
                                    gint64 min_population);
/* The sea coast (GSHHG level 1) as one MultiLineString, possibly empty.
 * Borrowed. */
const DmGeometry *dm_basemap_get_coastline (DmBasemap *self);
/* Lines to snap to and trace along. */
typedef enum {
  DM_LINEWORK_BORDER, /* land borders between countries (de jure) */
  DM_LINEWORK_ADMIN1, /* boundaries between admin-1 regions of one country */
  DM_LINEWORK_RIVER,  /* river centre lines */
  DM_LINEWORK_COAST,  /* the sea coast (as dm_basemap_get_coastline) */
  DM_LINEWORK_SHORE,  /* shores of lakes and reservoirs (closed rings) */
  DM_N_LINEWORK_KINDS
} DmLineworkKind;

/* One kind of linework as a MultiLineString in lon/lat, possibly empty:
 * borders are the edges two regions share, joined into runs; a closed
 * part repeats its first point at the end.  Read on first use (rivers and
 * shores from the file, a few ms), then kept; thread-safe.  Borrowed. */
const DmGeometry *dm_basemap_get_linework (DmBasemap *self, DmLineworkKind kind);
const char *dm_linework_kind_to_string (DmLineworkKind kind);
/* Calls @func on each shape of layer @layer_name of the basemap (land,
 * lakes, rivers…), in the file's order, as it is stored (checked when the
 * basemap was built): lon/lat (multi)polygons with open rings, or
 * (multi)linestrings.  @value is the shape's integer field @int_field (0
 * when NULL or unset).  Nothing is kept: a world's land is some 80 MB as
 * features, and its users keep it in their own form.  Thread-safe; FALSE
 * with @error when the layer cannot be read. */
typedef void (*DmBasemapShapeFunc) (const DmGeometry *shape, int value, gpointer user_data);
gboolean dm_basemap_foreach_shape (DmBasemap *self,
                                   const char *layer_name,
                                   const char *int_field,
                                   DmBasemapShapeFunc func,
                                   gpointer user_data,
                                   GError **error);
/* The polygons of every country (@countries) or of every admin-1
 * region, in the file's order.  (transfer container): the geometries
 * are borrowed from the basemap. */
GPtrArray *dm_basemap_get_region_geometries (DmBasemap *self, gboolean countries);
/* One short line for the map's licence line, e.g. "Natural Earth;
 * iso-codes (LGPL); GSHHG (LGPL); GeoNames (CC BY 4.0)". */
const char *dm_basemap_get_attribution (DmBasemap *self);
/* Every source's own attribution text, one per line (About window). */
const char *dm_basemap_get_attribution_full (DmBasemap *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmBasemap, dm_basemap_unref)

G_END_DECLS
