/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-territory-cache"

#include "config.h"

#include "dm-territory-cache.h"

#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-geos.h"

/* A holding under this is not listed (as dm_territory_add_regions()). */
#define REGION_HOLDING_MIN_M2 1e5

typedef struct {
  double x0, y0, x1, y1;
} Box;

typedef struct {
  DmGeometry *geometry;
  DmSide giver, receiver;
  Box box;
  GEOSGeometry *g;                      /* and prepared, once an edit comes near it (NULL: */
  const GEOSPreparedGeometry *prepared; /* not a valid polygon) */
  gboolean tried;
} SwapKey;

/* A sub-region as last given, and its prepared shape once needed. */
typedef struct {
  char *code;
  const DmGeometry *geometry; /* identity only: never read after the call */
  Box box;
  GArray *exteriors; /* Box of each polygon: an exclave may lie in a ring */
  GArray *holes;     /* Box of each hole */
  GEOSGeometry *g;
  const GEOSPreparedGeometry *prepared;
} RegionKey;

struct _DmTerritoryCache {
  DmGeometry *line; /* the line the figures are for */
  gboolean line_simple;
  DmTerritory *territory;

  DmGeometry *region;
  GEOSGeometry *region_g;
  const GEOSPreparedGeometry *region_prepared;
  GEOSGeometry *region_boundary;
  GArray *region_holes;     /* Box of each hole */
  GArray *region_exteriors; /* Box of each polygon */

  GArray *end_boxes; /* Box: where the line's ends may be extended */
  GArray *dangling;  /* guint: first vertex of each part with an end that
                     * meets no edge (it bounds no face there) */
  GArray *swaps;     /* SwapKey */
  GArray *regions;   /* RegionKey */
  const DmPlaceIndex *places;
};

static void
box_of (const double *xy, guint n, Box *box)
{
  *box = (Box){ G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  for (guint i = 0; i < n; i++)
    {
      box->x0 = MIN (box->x0, xy[2 * i]);
      box->x1 = MAX (box->x1, xy[2 * i]);
      box->y0 = MIN (box->y0, xy[2 * i + 1]);
      box->y1 = MAX (box->y1, xy[2 * i + 1]);
    }
}

static gboolean
boxes_meet (const Box *a, const Box *b)
{
  return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

static gboolean
box_within (const Box *inner, const Box *outer)
{
  return inner->x0 >= outer->x0 && inner->x1 <= outer->x1 && inner->y0 >= outer->y0 && inner->y1 <= outer->y1;
}

/* The box of each polygon of @area (its exterior ring) and of each hole. */
static void
ring_boxes (const DmGeometry *area, GArray *exteriors, GArray *holes)
{
  for (guint p = 0; p < dm_geometry_get_n_parts (area); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (area, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (area, p, r, &n);
        Box box;

        box_of (xy, n, &box);
        g_array_append_val (r == 0 ? exteriors : holes, box);
      }
}

static void
swap_key_clear (gpointer data)
{
  SwapKey *k = data;
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  if (k->prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, k->prepared);
  if (k->g != NULL)
    GEOSGeom_destroy_r (ctx, k->g);
  k->prepared = NULL;
  k->g = NULL;
  g_clear_pointer (&k->geometry, dm_geometry_free);
}

static void
region_key_clear (gpointer data)
{
  RegionKey *k = data;
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  g_clear_pointer (&k->code, g_free);
  g_clear_pointer (&k->exteriors, g_array_unref);
  g_clear_pointer (&k->holes, g_array_unref);
  if (k->prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, k->prepared);
  k->prepared = NULL;
  g_clear_pointer (&k->g, dm_geos_geometry_free);
}

static void
region_clear (DmTerritoryCache *self)
{
  if (self->region_prepared != NULL)
    GEOSPreparedGeom_destroy_r (dm_geos_get_context (), self->region_prepared);
  self->region_prepared = NULL;
  g_clear_pointer (&self->region_g, dm_geos_geometry_free);
  g_clear_pointer (&self->region_boundary, dm_geos_geometry_free);
  g_clear_pointer (&self->region, dm_geometry_free);
  g_array_set_size (self->region_holes, 0);
  g_array_set_size (self->region_exteriors, 0);
}

DmTerritoryCache *
dm_territory_cache_new (void)
{
  DmTerritoryCache *self = g_new0 (DmTerritoryCache, 1);

  self->region_holes = g_array_new (FALSE, FALSE, sizeof (Box));
  self->region_exteriors = g_array_new (FALSE, FALSE, sizeof (Box));
  self->end_boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  self->dangling = g_array_new (FALSE, FALSE, sizeof (guint));
  self->swaps = g_array_new (FALSE, TRUE, sizeof (SwapKey));
  g_array_set_clear_func (self->swaps, swap_key_clear);
  self->regions = g_array_new (FALSE, TRUE, sizeof (RegionKey));
  g_array_set_clear_func (self->regions, region_key_clear);
  return self;
}

void
dm_territory_cache_free (DmTerritoryCache *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->line, dm_geometry_free);
  g_clear_pointer (&self->territory, dm_territory_free);
  region_clear (self);
  g_array_unref (self->region_holes);
  g_array_unref (self->region_exteriors);
  g_array_unref (self->end_boxes);
  g_array_unref (self->dangling);
  g_array_unref (self->swaps);
  g_array_unref (self->regions);
  g_free (self);
}

/* ---- What the figures depend on besides the line ------------------------ */

static gboolean
swaps_same (DmTerritoryCache *self, GPtrArray *swaps)
{
  guint n = swaps != NULL ? swaps->len : 0;

  if (n != self->swaps->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);
      const SwapKey *k = &g_array_index (self->swaps, SwapKey, i);

      if (f->giver != k->giver || f->receiver != k->receiver || !dm_geometry_equal (f->geometry, k->geometry))
        return FALSE;
    }
  return TRUE;
}

static gboolean
regions_same (DmTerritoryCache *self, const DmRegionInfo *regions, guint n_regions)
{
  if (n_regions != self->regions->len)
    return FALSE;
  for (guint i = 0; i < n_regions; i++)
    {
      const RegionKey *k = &g_array_index (self->regions, RegionKey, i);

      if (regions[i].geometry != k->geometry || g_strcmp0 (regions[i].code, k->code) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
region_same (DmTerritoryCache *self, const DmGeometry *region)
{
  return self->region != NULL && dm_geometry_equal (self->region, region);
}

/* Whether the extension of an end inside the region meets its border or
 * coast, as dm_sides_split_region() draws it (along the end segment's
 * geodesic direction, up to the tolerance, as a densified geodesic of 64
 * steps), and where it may run (@box, generously). */
static gboolean
extension_meets_edge (DmTerritoryCache *self, const double *end, const double *before, Box *box)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const guint steps = 64;
  g_autoptr (GArray) ext = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (steps + 1));
  g_autoptr (DmGeometry) path = NULL;
  g_autoptr (DmGeosGeometry) path_g = NULL;
  double s, azi1, azi2;

  if (end[0] == before[0] && end[1] == before[1])
    return FALSE; /* no direction: not extended */
  dm_geodesy_inverse (before[0], before[1], end[0], end[1], &s, &azi1, &azi2);
  g_array_append_vals (ext, end, 2);
  for (guint i = 1; i <= steps; i++)
    {
      double p[2];

      dm_geodesy_direct (end[0], end[1], azi2, DM_TERRITORY_EXTEND_TOLERANCE_M * i / steps, &p[0], &p[1]);
      g_array_append_vals (ext, p, 2);
    }
  path = dm_geometry_new_linestring ((const double *) (gconstpointer) ext->data, steps + 1);
  if ((path_g = dm_geometry_to_geos (ctx, path)) == NULL || GEOSIntersects_r (ctx, path_g, self->region_boundary) != 1)
    return FALSE;
  box_of ((const double *) (gconstpointer) ext->data, steps + 1, box);
  box->x0 -= 0.01;
  box->y0 -= 0.01;
  box->x1 += 0.01;
  box->y1 += 0.01;
  return TRUE;
}

/* Where the ends of @line may be extended to meet the region's edge, as
 * dm_sides_split_region() does: not from an end outside the region; a
 * metre from an end on its edge (within half a metre); else up to the
 * tolerance.  An end whose extension meets no edge leaves its part
 * dangling: what edits of that part change is not a difference the cache
 * can take. */
static void
find_end_boxes (DmTerritoryCache *self, const DmGeometry *line)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const double *xy = dm_geometry_get_coords (line);

  g_array_set_size (self->end_boxes, 0);
  g_array_set_size (self->dangling, 0);
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint n, off = dm_geometry_get_ring_offset (line, p, 0);
      gboolean dangles = FALSE;

      dm_geometry_get_ring (line, p, 0, &n);
      for (guint e = 0; n >= 2 && e < 2 && !dangles; e++)
        {
          const double *end = &xy[2 * (e == 0 ? off : off + n - 1)];
          const double *before = &xy[2 * (e == 0 ? off + 1 : off + n - 2)];
          g_autoptr (DmGeosGeometry) point = GEOSGeom_createPointFromXY_r (ctx, end[0], end[1]);
          GEOSCoordSequence *pair;
          double d = G_MAXDOUBLE;
          Box box;

          if (point == NULL || self->region_prepared == NULL || self->region_boundary == NULL)
            {
              dangles = TRUE;
              break;
            }
          if (!GEOSPreparedIntersects_r (ctx, self->region_prepared, point))
            continue;
          if ((pair = GEOSNearestPoints_r (ctx, self->region_boundary, point)) != NULL)
            {
              double nx, ny;

              if (GEOSCoordSeq_getXY_r (ctx, pair, 0, &nx, &ny))
                d = dm_geodesy_distance_m (end[0], end[1], nx, ny);
              GEOSCoordSeq_destroy_r (ctx, pair);
            }
          if (d < 0.5)
            box = (Box){ end[0] - 0.001, end[1] - 0.001, end[0] + 0.001, end[1] + 0.001 };
          else if (!extension_meets_edge (self, end, before, &box))
            {
              dangles = TRUE;
              break;
            }
          g_array_append_val (self->end_boxes, box);
        }
      if (dangles)
        g_array_append_val (self->dangling, off);
    }
}

/* Keeps what a from-scratch split was made of, as the base of the next
 * differences. */
static void
set_base (DmTerritoryCache *self,
          const DmGeometry *line,
          const DmGeometry *region,
          const DmTerritory *territory,
          GPtrArray *swaps,
          const DmRegionInfo *regions,
          guint n_regions,
          const DmPlaceIndex *places)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  g_clear_pointer (&self->line, dm_geometry_free);
  g_clear_pointer (&self->territory, dm_territory_free);
  self->line = dm_geometry_copy (line);
  self->territory = dm_territory_copy (territory);
  {
    g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, line);

    self->line_simple = g != NULL && GEOSisSimple_r (ctx, g) == 1;
  }

  if (!region_same (self, region))
    {
      region_clear (self);
      self->region = dm_geometry_copy (region);
      self->region_g = dm_geometry_to_geos (ctx, region);
      if (self->region_g != NULL && GEOSisValid_r (ctx, self->region_g) != 1)
        {
          GEOSGeometry *valid = dm_geos_make_valid (ctx, self->region_g, NULL);

          g_clear_pointer (&self->region_g, dm_geos_geometry_free);
          self->region_g = valid;
        }
      self->region_prepared = self->region_g != NULL ? GEOSPrepare_r (ctx, self->region_g) : NULL;
      self->region_boundary = self->region_g != NULL ? GEOSBoundary_r (ctx, self->region_g) : NULL;
      ring_boxes (region, self->region_exteriors, self->region_holes);
    }

  find_end_boxes (self, line);

  g_array_set_size (self->swaps, 0);
  for (guint i = 0; swaps != NULL && i < swaps->len; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (swaps, i);
      SwapKey k = {
        f->geometry != NULL ? dm_geometry_copy (f->geometry) : NULL, f->giver, f->receiver, { 0 }, NULL, NULL, FALSE
      };

      if (f->geometry != NULL)
        dm_geometry_get_extent (f->geometry, &k.box.x0, &k.box.y0, &k.box.x1, &k.box.y1);
      else
        k.box = (Box){ -G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
      g_array_append_val (self->swaps, k);
    }

  if (!regions_same (self, regions, n_regions))
    {
      g_array_set_size (self->regions, 0);
      for (guint i = 0; i < n_regions; i++)
        {
          RegionKey k = { g_strdup (regions[i].code),
                          regions[i].geometry,
                          { 0 },
                          g_array_new (FALSE, FALSE, sizeof (Box)),
                          g_array_new (FALSE, FALSE, sizeof (Box)),
                          NULL,
                          NULL };

          if (regions[i].geometry != NULL)
            {
              dm_geometry_get_extent (regions[i].geometry, &k.box.x0, &k.box.y0, &k.box.x1, &k.box.y1);
              ring_boxes (regions[i].geometry, k.exteriors, k.holes);
            }
          g_array_append_val (self->regions, k);
        }
    }
  self->places = places;
}

/* ---- Segments --------------------------------------------------------- */

static double
orient (const double *a, const double *b, const double *c)
{
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

static gboolean
on_segment (const double *a, const double *b, const double *c)
{
  return MIN (a[0], b[0]) <= c[0] && c[0] <= MAX (a[0], b[0]) && MIN (a[1], b[1]) <= c[1] && c[1] <= MAX (a[1], b[1]);
}

/* Whether segments ab and cd have any point in common. */
static gboolean
segments_meet (const double *a, const double *b, const double *c, const double *d)
{
  double o1 = orient (a, b, c), o2 = orient (a, b, d), o3 = orient (c, d, a), o4 = orient (c, d, b);

  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)))
    return TRUE;
  return (o1 == 0 && on_segment (a, b, c)) || (o2 == 0 && on_segment (a, b, d)) || (o3 == 0 && on_segment (c, d, a)) ||
         (o4 == 0 && on_segment (c, d, b));
}

/* Segments ab and bc, meeting at b: whether they have more than b in
 * common (they fold back over each other). */
static gboolean
segments_fold (const double *a, const double *b, const double *c)
{
  return orient (a, b, c) == 0 && (a[0] - b[0]) * (c[0] - b[0]) + (a[1] - b[1]) * (c[1] - b[1]) > 0;
}

/* Whether (x, y) lies within @g by the even-odd rule, half-open in y,
 * as the full split's edge index decides a settlement within a swap. */
static gboolean
polygon_contains (const DmGeometry *g, double x, double y)
{
  gboolean inside = FALSE;

  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (g, p, r, &n);

        inside ^= dm_ring_contains_point (xy, n, x, y);
      }
  return inside;
}

/* Winding number of the closed ring @xy around (x, y). */
static int
winding (const double *xy, guint n, double x, double y)
{
  int w = 0;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];
      const double p[2] = { x, y };

      if (a[1] <= y)
        {
          if (b[1] > y && orient (a, b, p) > 0)
            w++;
        }
      else if (b[1] <= y && orient (a, b, p) < 0)
        w--;
    }
  return w;
}

/* ---- The difference --------------------------------------------------- */

/* The prepared shape of sub-region @k, made from @geometry once. */
static const GEOSPreparedGeometry *
region_key_prepared (RegionKey *k, const DmGeometry *geometry)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  if (k->prepared == NULL && geometry != NULL && (k->g = dm_geometry_to_geos (ctx, geometry)) != NULL)
    k->prepared = GEOSPrepare_r (ctx, k->g);
  return k->prepared;
}

static DmTerritoryRegion *
find_territory_region (DmTerritory *t, const char *code)
{
  for (guint i = 0; t->regions != NULL && i < t->regions->len; i++)
    {
      DmTerritoryRegion *r = g_ptr_array_index (t->regions, i);

      if (g_strcmp0 (r->code, code) == 0)
        return r;
    }
  return NULL;
}

/* Where @old and @new differ: one stretch of one part, points
 * [first, last_old] of @old replaced by [first, last_new] of @new.  FALSE
 * when the parts differ otherwise. */
static gboolean
find_stretch (const DmGeometry *old,
              const DmGeometry *new,
              guint *first,
              guint *last_old,
              guint *last_new,
              guint *part_first,
              guint *part_n_old)
{
  const double *a = dm_geometry_get_coords (old), *b = dm_geometry_get_coords (new);
  guint n0 = dm_geometry_get_n_points (old), n1 = dm_geometry_get_n_points (new), lo = MIN (n0, n1);
  guint i = 0, s = 0, part, ring, np;

  if (dm_geometry_get_n_parts (old) != dm_geometry_get_n_parts (new) || !dm_geometry_is_lineal (new))
    return FALSE;
  while (i < lo && a[2 * i] == b[2 * i] && a[2 * i + 1] == b[2 * i + 1])
    i++;
  while (s < lo - i && a[2 * (n0 - 1 - s)] == b[2 * (n1 - 1 - s)] && a[2 * (n0 - 1 - s) + 1] == b[2 * (n1 - 1 - s) + 1])
    s++;
  *first = i;
  if (i == n0 && n0 == n1)
    {
      *last_old = *last_new = i; /* no change */
      return TRUE;
    }
  if (i >= n0 || !dm_geometry_locate_point (old, i, &part, &ring))
    return FALSE;
  *part_first = dm_geometry_get_ring_offset (old, part, 0);
  dm_geometry_get_ring (old, part, 0, &np);
  *part_n_old = np;
  /* Every other part as it was. */
  for (guint p = 0; p < dm_geometry_get_n_parts (old); p++)
    {
      guint m0, m1;

      dm_geometry_get_ring (old, p, 0, &m0);
      dm_geometry_get_ring (new, p, 0, &m1);
      if (p != part ? m0 != m1 : (gint64) m1 - m0 != (gint64) n1 - n0)
        return FALSE;
    }
  /* The stretch, as the suffix leaves it (it may be empty on one side:
   * vertices only inserted, or only removed). */
  if (n0 < s + 1 || n1 < s + 1)
    return FALSE;
  *last_old = n0 - 1 - s;
  *last_new = n1 - 1 - s;
  return TRUE;
}

DmTerritory *
dm_territory_cache_update (DmTerritoryCache *self,
                           const DmGeometry *line,
                           const DmGeometry *region,
                           const char *region_name,
                           GPtrArray *swaps,
                           const DmRegionInfo *regions,
                           guint n_regions,
                           const DmPlaceIndex *index)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GArray) ring = NULL;
  const double *xy0, *xy1;
  guint first, last0, last1, pf = 0, pn0 = 0, pn1;
  Box box;
  double s_m2, delta_a;
  gboolean within_swap = FALSE;
  guint less;
  RegionKey *holder = NULL;
  SwapKey *swap_met = NULL;
  gboolean outside = FALSE;
  DmTerritoryRegion *tr = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (line != NULL && region != NULL, NULL);

  if (self->territory == NULL || self->line == NULL || !self->line_simple ||
      g_strcmp0 (self->territory->region_name, region_name) != 0 || self->region_prepared == NULL ||
      !region_same (self, region) || !swaps_same (self, swaps) || !regions_same (self, regions, n_regions) ||
      index != self->places)
    return NULL;
  if (!find_stretch (self->line, line, &first, &last0, &last1, &pf, &pn0))
    return NULL;
  if (first == dm_geometry_get_n_points (self->line) && last0 == first)
    return dm_territory_copy (self->territory);

  /* Not a part that bounds nothing at an end. */
  for (guint i = 0; i < self->dangling->len; i++)
    if (g_array_index (self->dangling, guint, i) == pf)
      return NULL;
  /* Not near an end: the ends' extension to the region's edge follows the
   * end segments. */
  pn1 = pn0 + dm_geometry_get_n_points (line) - dm_geometry_get_n_points (self->line);
  if (first < pf + 2 || last0 + 3 > pf + pn0 || last1 + 3 > pf + pn1)
    return NULL;

  /* The ring between them: the old stretch forward, the new one back. */
  xy0 = dm_geometry_get_coords (self->line);
  xy1 = dm_geometry_get_coords (line);
  ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (last0 - first + 3 + last1 + 1 - first));
  g_array_append_vals (ring, &xy0[2 * (first - 1)], 2 * (last0 - first + 3));
  for (guint i = last1 + 1; i-- > first;)
    g_array_append_vals (ring, &xy1[2 * i], 2);
  box_of ((const double *) (gconstpointer) ring->data, ring->len / 2, &box);

  /* The new stretch crosses no other segment, nor itself: the line stays
   * simple (it was), so the ring holds no line but its own stretches. */
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint n, off = dm_geometry_get_ring_offset (line, p, 0);

      dm_geometry_get_ring (line, p, 0, &n);
      for (guint k = off; k + 1 < off + n; k++)
        {
          const double *c = &xy1[2 * k], *d = &xy1[2 * k + 2];
          Box sb = { MIN (c[0], d[0]), MIN (c[1], d[1]), MAX (c[0], d[0]), MAX (c[1], d[1]) };

          if (!boxes_meet (&sb, &box))
            continue;
          for (guint j = first - 1; j <= last1; j++)
            {
              const double *a = &xy1[2 * j], *b = &xy1[2 * j + 2];

              if (k == j)
                continue;
              if (k + 1 == j)
                {
                  if (segments_fold (c, a, b))
                    return NULL;
                }
              else if (j + 1 == k)
                {
                  if (segments_fold (a, b, d))
                    return NULL;
                }
              else if (segments_meet (a, b, c, d))
                return NULL;
            }
        }
      /* No line end inside the ring. */
      if (n >= 2 &&
          (winding ((const double *) (gconstpointer) ring->data, ring->len / 2, xy1[2 * off], xy1[2 * off + 1]) != 0 ||
           winding ((const double *) (gconstpointer) ring->data, ring->len / 2, xy1[2 * (off + n - 1)],
                    xy1[2 * (off + n - 1) + 1]) != 0))
        return NULL;
    }
  /* Nor where an end is extended. */
  for (guint i = 0; i < self->end_boxes->len; i++)
    if (boxes_meet (&g_array_index (self->end_boxes, Box, i), &box))
      return NULL;
  /* Inside the region, with no hole or island of it within the ring. */
  for (guint i = 0; i < self->region_holes->len; i++)
    if (boxes_meet (&g_array_index (self->region_holes, Box, i), &box))
      return NULL;
  for (guint i = 0; i < self->region_exteriors->len; i++)
    if (box_within (&g_array_index (self->region_exteriors, Box, i), &box))
      return NULL;
  {
    g_autoptr (DmGeometry) path = NULL;
    g_autoptr (DmGeosGeometry) path_g = NULL;
    g_autoptr (GArray) closed = g_array_copy (ring);

    {
      double start[2] = { g_array_index (closed, double, 0), g_array_index (closed, double, 1) };

      g_array_append_vals (closed, start, 2);
    }
    path = dm_geometry_new_linestring ((const double *) (gconstpointer) closed->data, closed->len / 2);
    path_g = dm_geometry_to_geos (ctx, path);
    if (path_g == NULL)
      return NULL;
    if (GEOSPreparedContainsProperly_r (ctx, self->region_prepared, path_g) != 1)
      {
        /* Wholly outside (where a line runs beyond the border): nothing
         * changes hands. */
        if (GEOSPreparedDisjoint_r (ctx, self->region_prepared, path_g) != 1)
          return NULL;
        outside = TRUE;
      }

    /* Within one listed sub-region, touching no other. */
    if (n_regions > 0 && !outside)
      {
        for (guint i = 0; i < self->regions->len; i++)
          {
            RegionKey *k = &g_array_index (self->regions, RegionKey, i);
            const GEOSPreparedGeometry *prepared;

            if (regions[i].geometry == NULL || !boxes_meet (&k->box, &box))
              continue;
            /* No part of it (an exclave) within the ring, no hole of it
             * (a gap in the sub-regions) near it: the ring's outline would
             * not see them. */
            for (guint j = 0; j < k->exteriors->len; j++)
              if (box_within (&g_array_index (k->exteriors, Box, j), &box))
                return NULL;
            for (guint j = 0; j < k->holes->len; j++)
              if (boxes_meet (&g_array_index (k->holes, Box, j), &box))
                return NULL;
            if ((prepared = region_key_prepared (k, regions[i].geometry)) == NULL)
              return NULL;
            if (holder == NULL && GEOSPreparedContainsProperly_r (ctx, prepared, path_g) == 1)
              holder = k;
            else if (GEOSPreparedIntersects_r (ctx, prepared, path_g) != 0)
              return NULL;
          }
        if (holder == NULL)
          return NULL;
      }

    /* Land swaps: after them a swap's land is its receiver's whatever the
     * line says, so the part of the ring within a swap changes hands
     * before the swaps only.  One swap at most (where swaps overlap, the
     * last decides: the full split sorts that out). */
    for (guint i = 0; i < self->swaps->len; i++)
      {
        SwapKey *k = &g_array_index (self->swaps, SwapKey, i);

        if (!boxes_meet (&k->box, &box))
          continue;
        if (k->geometry == NULL || dm_geometry_get_n_points (k->geometry) == 0)
          return NULL;
        if (!k->tried)
          {
            k->tried = TRUE;
            if ((k->g = dm_geometry_to_geos (ctx, k->geometry)) != NULL && GEOSisValid_r (ctx, k->g) == 1)
              k->prepared = GEOSPrepare_r (ctx, k->g);
          }
        if (k->prepared == NULL)
          return NULL;
        /* Apart from the ring: neither across its outline, nor inside it
         * (any of its parts), nor holding it. */
        if (GEOSPreparedIntersects_r (ctx, k->prepared, path_g) == 0 &&
            !polygon_contains (k->geometry, g_array_index (ring, double, 0), g_array_index (ring, double, 1)))
          {
            gboolean part_inside = FALSE;

            for (guint p = 0; p < dm_geometry_get_n_parts (k->geometry) && !part_inside; p++)
              {
                guint np;
                const double *first_point = dm_geometry_get_ring (k->geometry, p, 0, &np);

                part_inside = np > 0 && winding ((const double *) (gconstpointer) ring->data, ring->len / 2,
                                                 first_point[0], first_point[1]) != 0;
              }
            if (!part_inside)
              continue;
          }
        if (swap_met != NULL)
          return NULL;
        swap_met = k;
      }
    /* Met, the ring must lie wholly within the swap, no hole of it
     * inside: all the land changing hands is then the swap's.  (Across
     * its outline the split is made again: the part within the swap,
     * cut planar in degrees, did not agree with the split's to a
     * thousand square metres on a tracker's line.) */
    if (swap_met != NULL && !outside)
      {
        if (GEOSPreparedContainsProperly_r (ctx, swap_met->prepared, path_g) != 1)
          return NULL;
        for (guint p = 0; p < dm_geometry_get_n_parts (swap_met->geometry); p++)
          for (guint r = 1; r < dm_geometry_get_n_rings (swap_met->geometry, p); r++)
            {
              guint np;
              const double *hole = dm_geometry_get_ring (swap_met->geometry, p, r, &np);

              if (np > 0 && winding ((const double *) (gconstpointer) ring->data, ring->len / 2, hole[0], hole[1]) != 0)
                return NULL;
            }
        within_swap = TRUE;
      }
  }

  /* Side A lies left of the line: a counter-clockwise ring (the new
   * stretch left of the old) is land side A gives to side B. */
  s_m2 = outside ? 0.0 : dm_geodesy_ring_area_m2 ((const double *) (gconstpointer) ring->data, ring->len / 2);
  delta_a = -s_m2;

  t = dm_territory_copy (self->territory);
  less = t->area_m2_side[0] <= t->area_m2_side[1] ? 0 : 1;
  t->area_m2_side[0] += delta_a;
  t->area_m2_side[1] -= delta_a;
  {
    /* What side A gains within the swap: its receiver's after the swaps
     * either way, but moved by them no longer (or now). */
    double in_swap_a = within_swap ? delta_a : 0.0;

    t->after_swaps_m2_side[0] += delta_a - in_swap_a;
    t->after_swaps_m2_side[1] -= delta_a - in_swap_a;
    if (within_swap && delta_a != 0.0)
      t->swapped_m2 += (in_swap_a > 0) == (swap_met->receiver == DM_SIDE_A) ? -fabs (delta_a) : fabs (delta_a);
  }
  if (t->area_m2_side[0] <= 0 || t->area_m2_side[1] <= 0 ||
      less != (t->area_m2_side[0] <= t->area_m2_side[1] ? 0u : 1u))
    return NULL;
  if (holder != NULL && t->regions != NULL)
    {
      double held;

      if ((tr = find_territory_region (t, holder->code)) == NULL || tr->area_m2_side[1 - less] <= 0)
        return NULL;
      held = tr->area_m2_side[less] + (less == 0 ? delta_a : -delta_a);
      if (held < REGION_HOLDING_MIN_M2 || held >= tr->area_m2)
        return NULL;
      tr->area_m2_side[less] = held;
      tr->area_m2_side[1 - less] = tr->area_m2 - held;
    }

  /* The settlements between the stretches change sides. */
  if (t->has_population && !outside && index != NULL)
    {
      g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
      const DmPlace *places = dm_place_index_get_places (index, NULL);

      dm_place_index_query (index, box.x0, box.y0, box.x1, box.y1, candidates);
      for (guint c = 0; c < candidates->len; c++)
        {
          const DmPlace *p = &places[g_array_index (candidates, guint, c)];
          int w, from;

          w = winding ((const double *) (gconstpointer) ring->data, ring->len / 2, p->lon, p->lat);
          if (w == 0)
            continue;
          from = w > 0 ? 0 : 1;
          t->settlements_side[from]--;
          t->settlements_side[1 - from]++;
          t->population_side[from] -= p->population;
          t->population_side[1 - from] += p->population;
          /* (Within the swap, its receiver's after it either way.) */
          if (!within_swap || !polygon_contains (swap_met->geometry, p->lon, p->lat))
            {
              t->after_swaps_settlements_side[from]--;
              t->after_swaps_settlements_side[1 - from]++;
              t->after_swaps_population_side[from] -= p->population;
              t->after_swaps_population_side[1 - from] += p->population;
            }
          if (tr != NULL)
            {
              tr->population_side[from] -= p->population;
              tr->population_side[1 - from] += p->population;
            }
        }
    }
  dm_territory_update_shares (t);
  t->side_geometry_current = FALSE;

  g_clear_pointer (&self->line, dm_geometry_free);
  self->line = dm_geometry_copy (line);
  g_clear_pointer (&self->territory, dm_territory_free);
  self->territory = dm_territory_copy (t);
  return g_steal_pointer (&t);
}

DmTerritory *
dm_territory_cache_compute (DmTerritoryCache *self,
                            const DmGeometry *line,
                            const DmGeometry *region,
                            const char *region_name,
                            GPtrArray *swaps,
                            const DmRegionInfo *regions,
                            guint n_regions,
                            const DmPlaceIndex *places,
                            gboolean *by_difference,
                            GError **error)
{
  DmTerritory *t;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (line != NULL && region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (by_difference != NULL)
    *by_difference = FALSE;
  if ((t = dm_territory_cache_update (self, line, region, region_name, swaps, regions, n_regions, places)) != NULL)
    {
      if (by_difference != NULL)
        *by_difference = TRUE;
      return t;
    }

  g_clear_pointer (&self->territory, dm_territory_free);
  if ((t = dm_territory_compute (line, region, region_name, swaps, error)) == NULL)
    return NULL;
  if (regions != NULL)
    dm_territory_add_regions (t, regions, n_regions);
  if (places != NULL)
    dm_territory_add_population (t, swaps, regions, n_regions, places);
  set_base (self, line, region, t, swaps, regions, n_regions, places);
  return t;
}

void
dm_territory_cache_reset (DmTerritoryCache *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->line, dm_geometry_free);
  g_clear_pointer (&self->territory, dm_territory_free);
}

gboolean
dm_territory_cache_line_is_simple (DmTerritoryCache *self, const DmGeometry *line)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->line != NULL && self->line_simple && self->territory != NULL && dm_geometry_equal (self->line, line);
}
