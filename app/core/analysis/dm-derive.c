/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-derive"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-derive.h"
#include "dm-i18n.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-derive-error-quark, dm_derive_error)
/* clang-format on */

/* Lower bounds of the length of a degree on WGS 84 (m): of latitude at the
 * equator, of longitude at latitude φ times cos φ, so that windows built
 * from them never miss a neighbour. */
#define METRES_PER_DEG_LAT_MIN 110574.0
#define METRES_PER_DEG_LON_EQ  111319.0

/* Tags of the country's outline segments: a neighbour's index, or these. */
#define TAG_COAST (-1)
#define TAG_CLIP  (-2) /* the edge of the region of interest: not an outline */

/* A vertex looks out along a fan of rays, the outward normal and every
 * 20° to 80° either side: a strip of land between the polygon and the
 * outline shows in several (a wedge-shaped one only in those that look
 * along it), and one jagged vertex does not decide.  Each ray reaches as
 * deep as the tolerance, square to the edge, and at most twice as far. */
#define RAY_STEP_DEG 20.0
#define RAY_HALF_FAN 4
#define RAY_EXITS    3
/* Crossings of the polygon's own edge closer than this to a vertex are
 * its own jaggies, not the far side of a strip of land. */
#define RAY_SELF_M 30.0
/* Walking on from the end of a stretch of front towards the outline, a
 * metre walked weighs this much against a metre nearer the outline. */
#define WALK_WEIGHT 0.5
/* Pieces whose ends lie this close are joined. */
#define JOIN_M 1.0
/* A piece carried to the outline ends this far beyond it: a line that
 * ends exactly on a border, as floating point has it, may miss it by a
 * hair, and a region split along it would leak through the gap. */
#define OVERSHOOT_M 1.0

void
dm_derive_report_free (DmDeriveReport *report)
{
  if (report == NULL)
    return;
  g_free (report->country_code);
  g_free (report->country_name);
  g_free (report->neighbour_code);
  g_free (report->neighbour_name);
  g_free (report);
}

char *
dm_derive_report_describe (const DmDeriveReport *report, DmLengthUnit unit)
{
  g_autofree char *length = NULL, *border = NULL, *coast = NULL, *outside = NULL;
  g_autofree char *stubs = NULL, *min = NULL, *tol = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) left = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (report != NULL, NULL);

  length = dm_format_length (report->length_m, unit);
  if (report->neighbour_name != NULL)
    /* Translators: "Contact line derived: 1,176 km in 6 parts, Ukraine (side A) against Russia (side B)." */
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Contact line derived: %s in %u part, %s (side A) against %s (side B).",
                                         "Contact line derived: %s in %u parts, %s (side A) against %s (side B).",
                                         report->n_parts),
                            length, report->n_parts, report->country_name, report->neighbour_name);
  else
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE, "Contact line derived: %s in %u part, in %s (side A).",
                                         "Contact line derived: %s in %u parts, in %s (side A).", report->n_parts),
                            length, report->n_parts, report->country_name);

  tol = dm_format_length_setting (report->tolerance_m, unit);
  if (report->border_m >= 500.0)
    {
      border = dm_format_length (report->border_m, unit);
      /* Translators: "612 km along the border", a part of a list */
      g_ptr_array_add (left, g_strdup_printf (_ ("%s along the border"), border));
    }
  if (report->coast_m >= 500.0)
    {
      coast = dm_format_length (report->coast_m, unit);
      g_ptr_array_add (left, g_strdup_printf (_ ("%s along the coast"), coast));
    }
  if (report->outside_m >= 500.0)
    {
      outside = dm_format_length (report->outside_m, unit);
      g_ptr_array_add (left, g_strdup_printf (_ ("%s beyond the border or coast"), outside));
    }
  if (report->n_stubs > 0)
    {
      stubs = dm_format_length (report->stubs_m, unit);
      min = dm_format_length_setting (report->min_length_m, unit);
      g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stub shorter than %s (%s)",
                                                           "%u stubs shorter than %s (%s)", report->n_stubs),
                                              report->n_stubs, min, stubs));
    }
  if (left->len > 0)
    {
      g_ptr_array_add (left, NULL);
      {
        g_autofree char *list = g_strjoinv ("; ", (char **) left->pdata);

        g_string_append_c (out, ' ');
        /* Translators: %s is a list such as "612 km along the border; 410 km along the coast" */
        g_string_append_printf (out, _ ("Left out: %s."), list);
      }
    }
  g_string_append_c (out, ' ');
  /* Translators: %s is a distance such as "4 km" */
  g_string_append_printf (out,
                          _ ("A strip of land up to %s wide between the polygon and the border or coast "
                             "counts as following them."),
                          tol);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Geometry helpers ---------------------------------------------------- */

/* Metres per degree of longitude and latitude at @lat: the WGS 84 radii of
 * curvature.  Within a few km such a local frame agrees with geodesic
 * distances to about 1e-4, and it follows an edge as drawn in lon/lat. */
static void
local_scale (double lat, double *kx, double *ky)
{
  double phi = lat * G_PI / 180.0;
  double e2 = DM_WGS84_F * (2.0 - DM_WGS84_F);
  double w = sqrt (1.0 - e2 * sin (phi) * sin (phi));

  *kx = MAX (DM_WGS84_A / w * cos (phi) * G_PI / 180.0, 1.0);
  *ky = DM_WGS84_A * (1.0 - e2) / (w * w * w) * G_PI / 180.0;
}

/* ---- A grid of segments ---------------------------------------------------- */

/* Segments are added first, then the grid is built once over their box
 * (cells hold segment ids, compressed row by row) and only read. */
typedef struct {
  double cell;   /* degrees */
  double x0, y0; /* the grid's corner */
  int nx, ny;
  guint *start; /* nx·ny + 1 offsets into ids */
  guint *ids;
  GArray *segs; /* double × 4: lon0, lat0, lon1, lat1 */
  GArray *tags; /* int */
} Grid;

static void
grid_init (Grid *g, double cell)
{
  memset (g, 0, sizeof *g);
  g->cell = cell;
  g->segs = g_array_new (FALSE, FALSE, sizeof (double));
  g->tags = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
grid_clear (Grid *g)
{
  g_clear_pointer (&g->start, g_free);
  g_clear_pointer (&g->ids, g_free);
  g_clear_pointer (&g->segs, g_array_unref);
  g_clear_pointer (&g->tags, g_array_unref);
}

static void
grid_add (Grid *g, const double *a, const double *b, int tag)
{
  g_array_append_vals (g->segs, a, 2);
  g_array_append_vals (g->segs, b, 2);
  g_array_append_val (g->tags, tag);
}

/* The ring's edges (stored open: the last vertex joins the first). */
static void
grid_add_ring (Grid *g, const double *xy, guint n, int tag)
{
  for (guint i = 0; i < n; i++)
    grid_add (g, &xy[2 * i], &xy[2 * ((i + 1) % n)], tag);
}

static int
grid_col (const Grid *g, double lon)
{
  return CLAMP ((int) floor ((lon - g->x0) / g->cell), 0, g->nx - 1);
}

static int
grid_row (const Grid *g, double lat)
{
  return CLAMP ((int) floor ((lat - g->y0) / g->cell), 0, g->ny - 1);
}

static void
grid_build (Grid *g)
{
  guint n = g->tags->len;
  const double *q = (const double *) (gpointer) g->segs->data;
  double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  g_autofree guint *fill = NULL;

  g->x0 = g->y0 = G_MAXDOUBLE;
  for (guint s = 0; s < n; s++)
    {
      g->x0 = MIN (g->x0, MIN (q[4 * s], q[4 * s + 2]));
      g->y0 = MIN (g->y0, MIN (q[4 * s + 1], q[4 * s + 3]));
      x1 = MAX (x1, MAX (q[4 * s], q[4 * s + 2]));
      y1 = MAX (y1, MAX (q[4 * s + 1], q[4 * s + 3]));
    }
  if (n == 0)
    g->x0 = g->y0 = x1 = y1 = 0.0;
  /* Cells of at least the given size, and not more than a few million. */
  while ((x1 - g->x0) / g->cell * (y1 - g->y0) / g->cell > 4e6)
    g->cell *= 2.0;
  g->nx = (int) floor ((x1 - g->x0) / g->cell) + 1;
  g->ny = (int) floor ((y1 - g->y0) / g->cell) + 1;
  g->start = g_new0 (guint, (gsize) g->nx * g->ny + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint s = 0; s < n; s++)
        {
          int c0 = grid_col (g, MIN (q[4 * s], q[4 * s + 2])), c1 = grid_col (g, MAX (q[4 * s], q[4 * s + 2]));
          int r0 = grid_row (g, MIN (q[4 * s + 1], q[4 * s + 3])), r1 = grid_row (g, MAX (q[4 * s + 1], q[4 * s + 3]));

          for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
              {
                gsize cell = (gsize) r * g->nx + c;

                if (pass == 0)
                  g->start[cell + 1]++;
                else
                  g->ids[fill[cell]++] = s;
              }
        }
      if (pass == 0)
        {
          for (gsize c = 0; c < (gsize) g->nx * g->ny; c++)
            g->start[c + 1] += g->start[c];
          g->ids = g_new (guint, MAX (g->start[(gsize) g->nx * g->ny], 1));
          fill = g_memdup2 (g->start, (gsize) g->nx * g->ny * sizeof (guint));
        }
    }
}

typedef struct {
  double dist; /* m; G_MAXDOUBLE when nothing within the radius */
  guint seg;
  double lon, lat; /* the nearest point */
} Nearest;

/* The nearest segment within @radius_m of (@lon, @lat), in the local
 * frame there; segments tagged TAG_CLIP do not count. */
static Nearest
grid_nearest (const Grid *g, double lon, double lat, double radius_m)
{
  Nearest best = { G_MAXDOUBLE, 0, lon, lat };
  double kx, ky, dlon, dlat;
  int c0, c1, r0, r1;

  local_scale (lat, &kx, &ky);
  dlon = radius_m / kx * 1.01;
  dlat = radius_m / ky * 1.01;
  if (lon + dlon < g->x0 || lat + dlat < g->y0 || lon - dlon > g->x0 + g->nx * g->cell ||
      lat - dlat > g->y0 + g->ny * g->cell)
    return best;
  c0 = grid_col (g, lon - dlon);
  c1 = grid_col (g, lon + dlon);
  r0 = grid_row (g, lat - dlat);
  r1 = grid_row (g, lat + dlat);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        gsize cell = (gsize) r * g->nx + c;

        for (guint k = g->start[cell]; k < g->start[cell + 1]; k++)
          {
            guint s = g->ids[k];
            const double *q = &g_array_index (g->segs, double, 4 * s);
            double x0 = (q[0] - lon) * kx, y0 = (q[1] - lat) * ky;
            double dx = (q[2] - q[0]) * kx, dy = (q[3] - q[1]) * ky;
            double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? CLAMP (-(x0 * dx + y0 * dy) / len2, 0.0, 1.0) : 0.0;
            double d = hypot (x0 + t * dx, y0 + t * dy);

            if (d > radius_m || d >= best.dist || g_array_index (g->tags, int, s) == TAG_CLIP)
              continue;
            best.dist = d;
            best.seg = s;
            best.lon = q[0] + t * (q[2] - q[0]);
            best.lat = q[1] + t * (q[3] - q[1]);
          }
      }
  return best;
}

/* The first crossing of the ray from (@lon, @lat) along the unit vector
 * (@ux, @uy) (metres east and north) with a segment, between @t_min and
 * @length_m; G_MAXDOUBLE when there is none.  The cells are walked along
 * the ray (Amanatides and Woo), nearest first, so the walk stops at the
 * first cell past a crossing. */
static double
grid_ray (const Grid *g, double lon, double lat, double ux, double uy, double length_m, double t_min)
{
  double kx, ky, best = G_MAXDOUBLE;
  double dx, dy, t_max_x, t_max_y, t_delta_x, t_delta_y;
  int c, r, step_c, step_r;

  local_scale (lat, &kx, &ky);
  /* The ray in degrees, parametrised by metres. */
  dx = ux / kx;
  dy = uy / ky;
  c = (int) floor ((lon - g->x0) / g->cell);
  r = (int) floor ((lat - g->y0) / g->cell);
  step_c = dx > 0 ? 1 : -1;
  step_r = dy > 0 ? 1 : -1;
  t_delta_x = dx != 0 ? g->cell / fabs (dx) : G_MAXDOUBLE;
  t_delta_y = dy != 0 ? g->cell / fabs (dy) : G_MAXDOUBLE;
  t_max_x = dx != 0 ? ((g->x0 + (c + (dx > 0)) * g->cell) - lon) / dx : G_MAXDOUBLE;
  t_max_y = dy != 0 ? ((g->y0 + (r + (dy > 0)) * g->cell) - lat) / dy : G_MAXDOUBLE;

  for (;;)
    {
      double t_next;

      if (c >= 0 && c < g->nx && r >= 0 && r < g->ny)
        {
          gsize cell = (gsize) r * g->nx + c;

          for (guint k = g->start[cell]; k < g->start[cell + 1]; k++)
            {
              guint s = g->ids[k];
              const double *q = &g_array_index (g->segs, double, 4 * s);
              double ax = (q[0] - lon) * kx, ay = (q[1] - lat) * ky;
              double bx = (q[2] - lon) * kx, by = (q[3] - lat) * ky;
              double ex = bx - ax, ey = by - ay;
              double den = ux * ey - uy * ex;
              double t, u;

              if (fabs (den) < 1e-12 || g_array_index (g->tags, int, s) == TAG_CLIP)
                continue;
              /* Ray p = t·u, segment a + u·e: solve t·u − u·e = a. */
              t = (ax * ey - ay * ex) / den;
              u = (ax * uy - ay * ux) / den;
              if (t >= t_min && t <= length_m && u >= 0.0 && u <= 1.0 && t < best)
                best = t;
            }
        }
      /* Where the ray leaves this cell: a crossing before it is the
       * first, and the ray may end in it. */
      t_next = MIN (t_max_x, t_max_y);
      if (best <= t_next || t_next > length_m)
        break;
      if (t_max_x < t_max_y)
        {
          c += step_c;
          t_max_x += t_delta_x;
        }
      else
        {
          r += step_r;
          t_max_y += t_delta_y;
        }
    }
  return best;
}

/* ---- The polygon's edge --------------------------------------------------- */

typedef enum {
  V_FRONT,   /* meets the other side's territory */
  V_BORDER,  /* follows a land border */
  V_COAST,   /* follows the coast */
  V_OUTSIDE, /* beyond the country's outline */
} VertexKind;

/* A vertex of a densified ring of the polygon. */
typedef struct {
  double lon, lat;
  double outline_m; /* distance to the country's outline (G_MAXDOUBLE: far) */
  double near_lon, near_lat;
  int tag;         /* the nearest outline segment's tag */
  guint8 inserted; /* added by densification, not in the polygon */
  guint8 kind;     /* VertexKind */
} Vertex;

typedef struct {
  GEOSContextHandle_t ctx;
  const DmDeriveOptions *options;
  Grid outline;                        /* the country's outline, by neighbour */
  Grid edge;                           /* the polygon's own edge */
  const GEOSPreparedGeometry *country; /* prepared, clipped to the region of interest */
  GPtrArray *runs;                     /* GArray of double: pieces of front */
  double *by_neighbour;                /* m of edge along each neighbour's border */
  double border_m, coast_m, outside_m;
} Work;

static gboolean
inside_country (Work *w, double lon, double lat)
{
  g_autoptr (DmGeosGeometry) pt = GEOSGeom_createPointFromXY_r (w->ctx, lon, lat);

  return pt != NULL && GEOSPreparedIntersects_r (w->ctx, w->country, pt) == 1;
}

/* The ring with extra vertices so that none is farther than @step_m from
 * the next: a long straight edge may leave the border in between. */
static GArray *
densify_ring (const double *xy, guint n, double step_m)
{
  GArray *out = g_array_sized_new (FALSE, TRUE, sizeof (Vertex), n);

  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      Vertex v = { xy[2 * i], xy[2 * i + 1], G_MAXDOUBLE, 0, 0, TAG_CLIP, FALSE, V_FRONT };
      double kx, ky, rough, len;
      guint k = 0;

      g_array_append_val (out, v);
      local_scale (xy[2 * i + 1], &kx, &ky);
      rough = hypot ((xy[2 * j] - xy[2 * i]) * kx, (xy[2 * j + 1] - xy[2 * i + 1]) * ky);
      if (rough > step_m)
        {
          len = dm_geodesy_distance_m (xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1]);
          k = (guint) MIN (ceil (len / step_m) - 1, 100000.0);
        }
      for (guint m = 1; m <= k; m++)
        {
          double t = (double) m / (k + 1);
          Vertex u = { xy[2 * i] + t * (xy[2 * j] - xy[2 * i]),
                       xy[2 * i + 1] + t * (xy[2 * j + 1] - xy[2 * i + 1]),
                       G_MAXDOUBLE,
                       0,
                       0,
                       TAG_CLIP,
                       TRUE,
                       V_FRONT };

          g_array_append_val (out, u);
        }
    }
  return out;
}

/* The direction of the ring at @i, unit, in metres east and north: the
 * chord over about 250 m either way, so that one jagged vertex does not
 * turn it. */
static gboolean
ring_direction (const Vertex *v, guint n, guint i, double *ux, double *uy)
{
  double kx, ky, dx, dy, len;
  guint a = i, b = i;
  double walked = 0.0;

  local_scale (v[i].lat, &kx, &ky);
  for (guint k = 0; k < MIN (n / 2, 64u) && walked < 250.0; k++)
    {
      guint prev = (a + n - 1) % n;

      walked += hypot ((v[a].lon - v[prev].lon) * kx, (v[a].lat - v[prev].lat) * ky);
      a = prev;
    }
  walked = 0.0;
  for (guint k = 0; k < MIN (n / 2, 64u) && walked < 250.0; k++)
    {
      guint next = (b + 1) % n;

      walked += hypot ((v[next].lon - v[b].lon) * kx, (v[next].lat - v[b].lat) * ky);
      b = next;
    }
  dx = (v[b].lon - v[a].lon) * kx;
  dy = (v[b].lat - v[a].lat) * ky;
  len = hypot (dx, dy);
  if (len <= 0.0)
    return FALSE;
  *ux = dx / len;
  *uy = dy / len;
  return TRUE;
}

/* Whether, looking out of the held territory from vertex @i (to the left
 * of the ring, which has the territory on its right), the country's
 * outline lies within the tolerance before the polygon's own edge does,
 * along enough rays of the fan. */
static gboolean
looks_out_at_outline (Work *w, const Vertex *v, guint n, guint i)
{
  double ux, uy, tol = w->options->tolerance_m;
  guint exits = 0;

  if (!ring_direction (v, n, i, &ux, &uy))
    return TRUE;
  for (int k = -RAY_HALF_FAN; k <= RAY_HALF_FAN; k++)
    {
      double a = k * RAY_STEP_DEG * G_PI / 180.0;
      /* The left normal (−uy, ux), turned by a. */
      double nx = -uy * cos (a) - ux * sin (a), ny = ux * cos (a) - uy * sin (a);
      double reach = MIN (tol / cos (a), 2.0 * tol);
      double t_out = grid_ray (&w->outline, v[i].lon, v[i].lat, nx, ny, reach, 0.0);

      if (t_out == G_MAXDOUBLE)
        continue;
      if (grid_ray (&w->edge, v[i].lon, v[i].lat, nx, ny, t_out, RAY_SELF_M) == G_MAXDOUBLE && ++exits >= RAY_EXITS)
        return TRUE;
    }
  return FALSE;
}

static double
step_length (const Vertex *a, const Vertex *b)
{
  double kx, ky;

  local_scale ((a->lat + b->lat) / 2, &kx, &ky);
  return hypot ((b->lon - a->lon) * kx, (b->lat - a->lat) * ky);
}

static void
classify_ring (Work *w, GArray *ring)
{
  Vertex *v = (Vertex *) (gpointer) ring->data;
  guint n = ring->len;
  double radius = w->options->tolerance_m;
  int inside = -1; /* unknown */

  for (guint i = 0; i < n; i++)
    {
      Nearest near = grid_nearest (&w->outline, v[i].lon, v[i].lat, radius);

      v[i].outline_m = near.dist;
      if (near.dist != G_MAXDOUBLE)
        {
          v[i].tag = g_array_index (w->outline.tags, int, near.seg);
          v[i].near_lon = near.lon;
          v[i].near_lat = near.lat;
          inside = inside_country (w, v[i].lon, v[i].lat);
        }
      else if (inside < 0)
        inside = inside_country (w, v[i].lon, v[i].lat);
      /* Far from the outline, a vertex is where the one before was: the
       * densified edge cannot cross the outline without coming near. */

      if (!inside)
        v[i].kind = V_OUTSIDE;
      else if (near.dist == G_MAXDOUBLE || !looks_out_at_outline (w, v, n, i))
        v[i].kind = V_FRONT;
      else
        v[i].kind = v[i].tag == TAG_COAST ? V_COAST : V_BORDER;
    }
}

/* A tracker's edge is jagged at the scale of a hundred metres, and the
 * rays of neighbouring vertices disagree there: each vertex inside the
 * country takes the kind most of the edge within this of it has. */
#define VOTE_HALF_WINDOW_FRACTION 0.25

static void
vote_ring (Work *w, GArray *ring)
{
  Vertex *v = (Vertex *) (gpointer) ring->data;
  guint n = ring->len;
  double h = VOTE_HALF_WINDOW_FRACTION * w->options->tolerance_m;
  g_autofree double *cum = g_new (double, 3 * n + 1);   /* arc length over three turns */
  g_autofree double *front = g_new (double, 3 * n + 1); /* of it, front */
  g_autofree guint8 *kind = g_new (guint8, n);
  guint lo = 0, hi = 0;

  cum[0] = front[0] = 0.0;
  for (guint k = 0; k < 3 * n; k++)
    {
      const Vertex *a = &v[k % n], *b = &v[(k + 1) % n];
      double len = step_length (a, b);

      cum[k + 1] = cum[k] + len;
      front[k + 1] = front[k] + (a->kind == V_FRONT ? len : 0.0);
    }
  for (guint i = 0; i < n; i++)
    {
      guint c = i + n;
      double f, all;

      kind[i] = v[i].kind;
      if (v[i].kind == V_OUTSIDE || v[i].outline_m == G_MAXDOUBLE)
        continue;
      while (lo < c && cum[c] - cum[lo] > h)
        lo++;
      while (lo > 0 && cum[c] - cum[lo - 1] <= h)
        lo--;
      if (hi < c)
        hi = c;
      while (hi < 3 * n && cum[hi + 1] - cum[c] <= h)
        hi++;
      all = cum[hi] - cum[lo];
      f = front[hi] - front[lo];
      if (all <= 0.0)
        continue;
      kind[i] = 2.0 * f >= all ? V_FRONT : (v[i].tag == TAG_COAST ? V_COAST : V_BORDER);
    }
  for (guint i = 0; i < n; i++)
    v[i].kind = kind[i];
}

/* Then short stretches between stretches of the other kind: a gap in the
 * front shorter than the tolerance (not leaving the country) is front, a
 * piece of front shorter than it between border or coast is not. */
static void
smooth_ring (Work *w, GArray *ring)
{
  Vertex *v = (Vertex *) (gpointer) ring->data;
  guint n = ring->len;
  double limit = w->options->tolerance_m;

  vote_ring (w, ring);
  /* First the gaps in the front, then the slivers of front. */
  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean ours_front = pass == 0; /* the kind that bounds what is changed */
      guint start = G_MAXUINT;

      for (guint i = 0; i < n; i++)
        if ((v[i].kind == V_FRONT) == ours_front)
          {
            start = i;
            break;
          }
      if (start == G_MAXUINT)
        continue;
      for (guint k = 0; k < n;)
        {
          guint i = (start + k) % n, j = i, m = 0;
          double len = 0.0;
          gboolean outside = FALSE;

          if ((v[i].kind == V_FRONT) == ours_front)
            {
              k++;
              continue;
            }
          /* A stretch of the other kind from i to the next of ours. */
          while (m < n && (v[j].kind == V_FRONT) != ours_front)
            {
              guint next = (j + 1) % n;

              outside |= v[j].kind == V_OUTSIDE;
              len += step_length (&v[j], &v[next]);
              j = next;
              m++;
            }
          if (len < limit && !(ours_front && outside))
            for (guint t = 0, x = i; t < m; t++, x = (x + 1) % n)
              if (v[x].kind != V_OUTSIDE)
                v[x].kind = ours_front ? V_FRONT : (v[x].tag == TAG_COAST ? V_COAST : V_BORDER);
          k += m;
        }
    }
}

static void
append_point (GArray *run, double lon, double lat)
{
  guint n = run->len / 2;

  if (n > 0 && g_array_index (run, double, 2 * n - 2) == lon && g_array_index (run, double, 2 * n - 1) == lat)
    return;
  g_array_append_val (run, lon);
  g_array_append_val (run, lat);
}

/* Where a piece of front ends: some vertices on from the stretch of
 * front, and a point on the outline after them. */
typedef struct {
  guint steps;
  gboolean has_point;
  double lon, lat;
} RunEnd;

/* From the end of a stretch of front at @from, walking on in @dir (+1, −1)
 * over the stretch that follows (@avail vertices) to where the edge meets
 * the border or coast: where it crosses the outline, else the vertex
 * nearest to it for the walk (a metre walked weighs WALK_WEIGHT against a
 * metre nearer), and from there the nearest point of the outline. */
static RunEnd
walk_to_outline (Work *w, const Vertex *v, guint n, guint from, int dir, guint avail)
{
  RunEnd end = { 0, FALSE, 0.0, 0.0 };
  double walked = 0.0, limit = 3.0 * w->options->tolerance_m, half = 0.0;
  double best = v[from].outline_m;
  guint i = from, j;

  for (guint k = 0, x = from; k < avail; k++)
    {
      guint y = (x + n + dir) % n;

      half += step_length (&v[x], &v[y]);
      x = y;
    }
  limit = MIN (limit, half / 2);
  for (guint k = 1; k <= avail; k++)
    {
      guint next = (i + n + dir) % n;
      double len = step_length (&v[i], &v[next]);

      if (v[next].kind == V_OUTSIDE && v[i].kind != V_OUTSIDE)
        {
          /* The edge leaves the country here: the crossing is where it
           * meets the border or coast. */
          double kx, ky, ux, uy, t;

          local_scale (v[i].lat, &kx, &ky);
          ux = (v[next].lon - v[i].lon) * kx / MAX (len, 1e-9);
          uy = (v[next].lat - v[i].lat) * ky / MAX (len, 1e-9);
          t = grid_ray (&w->outline, v[i].lon, v[i].lat, ux, uy, len * 1.01 + 1.0, 0.0);
          if (t == G_MAXDOUBLE)
            t = len / 2;
          else
            t += OVERSHOOT_M;
          if (WALK_WEIGHT * (walked + t) < best)
            {
              end.steps = k - 1;
              end.has_point = TRUE;
              end.lon = v[i].lon + ux * t / kx;
              end.lat = v[i].lat + uy * t / ky;
              return end;
            }
          /* A vertex before it was nearer: onto the outline from there. */
          break;
        }
      walked += len;
      i = next;
      if (walked > limit)
        break;
      if (v[i].outline_m != G_MAXDOUBLE && v[i].outline_m + WALK_WEIGHT * walked < best)
        {
          best = v[i].outline_m + WALK_WEIGHT * walked;
          end.steps = k;
        }
    }
  /* Onto the outline itself, where the walk ends near it. */
  j = (from + n + dir * (int) end.steps) % n;
  if (v[j].outline_m > JOIN_M && v[j].outline_m <= w->options->tolerance_m)
    {
      double over = (v[j].outline_m + OVERSHOOT_M) / v[j].outline_m;

      end.has_point = TRUE;
      end.lon = v[j].lon + (v[j].near_lon - v[j].lon) * over;
      end.lat = v[j].lat + (v[j].near_lat - v[j].lat) * over;
    }
  return end;
}

/* The run of front from @a to @b (inclusive, ring indices going forward),
 * carried on to the outline at both ends. */
static GArray *
make_run (Work *w, const Vertex *v, guint n, guint a, guint b, guint avail_before, guint avail_after)
{
  GArray *run = g_array_new (FALSE, FALSE, sizeof (double));
  RunEnd back = walk_to_outline (w, v, n, a, -1, avail_before);
  RunEnd on = walk_to_outline (w, v, n, b, +1, avail_after);
  guint first = (a + n - back.steps) % n, last = (b + on.steps) % n;
  guint len = (last + n - first) % n + 1;

  if (back.has_point)
    append_point (run, back.lon, back.lat);
  for (guint k = 0; k < len; k++)
    {
      guint i = (first + k) % n;

      /* Inserted vertices only where a piece starts or ends. */
      if (!v[i].inserted || k == 0 || k + 1 == len)
        append_point (run, v[i].lon, v[i].lat);
    }
  if (on.has_point)
    append_point (run, on.lon, on.lat);
  return run;
}

static void
account (Work *w, const Vertex *v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      double len = step_length (&v[i], &v[(i + 1) % n]);

      switch (v[i].kind)
        {
        case V_OUTSIDE:
          w->outside_m += len;
          break;
        case V_COAST:
          w->coast_m += len;
          break;
        case V_BORDER:
          w->border_m += len;
          if (v[i].tag >= 0)
            w->by_neighbour[v[i].tag] += len;
          break;
        case V_FRONT:
        default:
          break;
        }
    }
}

static void
collect_runs (Work *w, GArray *ring)
{
  const Vertex *v = (const Vertex *) (gpointer) ring->data;
  guint n = ring->len, start = G_MAXUINT;

  account (w, v, n);
  for (guint i = 0; i < n; i++)
    if (v[i].kind != V_FRONT)
      {
        start = i;
        break;
      }
  if (start == G_MAXUINT)
    {
      /* Front all round: an enclave, a closed ring. */
      GArray *run = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < n; i++)
        if (!v[i].inserted)
          append_point (run, v[i].lon, v[i].lat);
      if (run->len >= 6)
        append_point (run, v[0].lon, v[0].lat);
      g_ptr_array_add (w->runs, run);
      return;
    }

  /* Once round from a vertex that is not front: each stretch of front,
   * with the stretches before and after it to walk on along. */
  for (guint k = 0; k < n;)
    {
      guint i = (start + k) % n, a, b, m = 0, before = 0, after = 0;

      if (v[i].kind != V_FRONT)
        {
          k++;
          continue;
        }
      a = i;
      while (m < n && v[(a + m) % n].kind == V_FRONT)
        m++;
      b = (a + m - 1) % n;
      while (before < n && v[(a + n - 1 - before) % n].kind != V_FRONT)
        before++;
      while (after < n && v[(b + 1 + after) % n].kind != V_FRONT)
        after++;
      g_ptr_array_add (w->runs, make_run (w, v, n, a, b, before, after));
      k += m;
    }
}

static double
run_length (GArray *run)
{
  return dm_geodesy_path_length_m ((const double *) (gconstpointer) run->data, run->len / 2);
}

static gboolean
points_meet (const double *p, const double *q)
{
  return dm_geodesy_distance_m (p[0], p[1], q[0], q[1]) <= JOIN_M;
}

static gboolean
run_is_closed (GArray *run)
{
  const double *xy = (const double *) (gconstpointer) run->data;
  guint n = run->len / 2;

  return n >= 4 && xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1];
}

/* Pieces whose end meets another's start are one (polygons of the held
 * territory touching at a point, a piece split where a ring began). */
static guint
join_runs (GPtrArray *runs)
{
  guint joined = 0;
  gboolean again = TRUE;

  while (again)
    {
      again = FALSE;
      for (guint i = 0; i < runs->len && !again; i++)
        for (guint j = 0; j < runs->len && !again; j++)
          {
            GArray *a = g_ptr_array_index (runs, i), *b = g_ptr_array_index (runs, j);
            const double *ae, *bs;

            if (i == j || run_is_closed (a) || run_is_closed (b))
              continue;
            ae = &g_array_index (a, double, a->len - 2);
            bs = &g_array_index (b, double, 0);
            if (!points_meet (ae, bs))
              continue;
            g_array_append_vals (a, &g_array_index (b, double, 2), b->len - 2);
            g_ptr_array_remove_index (runs, j);
            joined++;
            again = TRUE;
          }
    }
  return joined;
}

/* ---- Countries ------------------------------------------------------------ */

typedef struct {
  GEOSGeometry *clipped; /* to the region of interest */
  const GEOSPreparedGeometry *prepared;
} Candidate;

static void
candidate_clear (GEOSContextHandle_t ctx, Candidate *c)
{
  if (c->prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, c->prepared);
  if (c->clipped != NULL)
    GEOSGeom_destroy_r (ctx, c->clipped);
  c->prepared = NULL;
  c->clipped = NULL;
}

static gboolean
boxes_overlap (const double *a, const double *b)
{
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* The country holding most of the polygon's edge: a vote of its vertices
 * (up to 4,000, evenly spread). */
static int
pick_country (GEOSContextHandle_t ctx, const DmGeometry *held, Candidate *cands, guint n_countries)
{
  g_autofree guint *votes = g_new0 (guint, MAX (n_countries, 1));
  guint n = dm_geometry_get_n_points (held);
  guint stride = MAX (n / 4000, 1);
  const double *xy = dm_geometry_get_coords (held);
  int best = -1;

  for (guint i = 0; i < n; i += stride)
    {
      g_autoptr (DmGeosGeometry) pt = GEOSGeom_createPointFromXY_r (ctx, xy[2 * i], xy[2 * i + 1]);

      for (guint c = 0; pt != NULL && c < n_countries; c++)
        if (cands[c].prepared != NULL && GEOSPreparedIntersects_r (ctx, cands[c].prepared, pt) == 1)
          {
            votes[c]++;
            break;
          }
    }
  for (guint c = 0; c < n_countries; c++)
    if (votes[c] > 0 && (best < 0 || votes[c] > votes[best]))
      best = c;
  if (best >= 0)
    return best;
  /* No vertex in any country: a polygon drawn round a whole country and
   * beyond holds it. */
  {
    g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, held);
    const GEOSPreparedGeometry *prepared = g != NULL ? GEOSPrepare_r (ctx, g) : NULL;

    for (guint c = 0; prepared != NULL && c < n_countries && best < 0; c++)
      if (cands[c].clipped != NULL)
        {
          g_autoptr (DmGeosGeometry) inside = GEOSPointOnSurface_r (ctx, cands[c].clipped);

          if (inside != NULL && GEOSPreparedContains_r (ctx, prepared, inside) == 1)
            best = c;
        }
    if (prepared != NULL)
      GEOSPreparedGeom_destroy_r (ctx, prepared);
  }
  return best;
}

/* The neighbour across an outline segment of the country: the country
 * holding a point 200 m out from its middle, or the sea. */
static int
segment_tag (GEOSContextHandle_t ctx,
             const double *a,
             const double *b,
             Candidate *cands,
             guint n_countries,
             int country,
             int *last)
{
  double kx, ky, dx, dy, len, px, py;
  g_autoptr (DmGeosGeometry) pt = NULL;

  local_scale ((a[1] + b[1]) / 2, &kx, &ky);
  dx = (b[0] - a[0]) * kx;
  dy = (b[1] - a[1]) * ky;
  len = hypot (dx, dy);
  if (len <= 0.0)
    return *last;
  /* Rings are oriented with the country on their left: out is right. */
  px = (a[0] + b[0]) / 2 + (dy / len) * 200.0 / kx;
  py = (a[1] + b[1]) / 2 + (-dx / len) * 200.0 / ky;
  pt = GEOSGeom_createPointFromXY_r (ctx, px, py);
  if (pt == NULL)
    return TAG_COAST;
  /* Neighbouring segments mostly have the same neighbour. */
  if (*last >= 0 && cands[*last].prepared != NULL && GEOSPreparedIntersects_r (ctx, cands[*last].prepared, pt) == 1)
    return *last;
  for (guint c = 0; c < n_countries; c++)
    if ((int) c != country && cands[c].prepared != NULL && GEOSPreparedIntersects_r (ctx, cands[c].prepared, pt) == 1)
      {
        *last = c;
        return c;
      }
  return TAG_COAST;
}

static int
find_country_option (const DmDeriveCountry *countries, guint n_countries, const char *wanted)
{
  for (guint c = 0; c < n_countries; c++)
    if ((countries[c].code != NULL && g_ascii_strcasecmp (countries[c].code, wanted) == 0) ||
        (countries[c].name != NULL && g_utf8_collate (countries[c].name, wanted) == 0))
      return c;
  return -1;
}

DmGeometry *
dm_derive_contact_line (const DmGeometry *held,
                        const DmDeriveCountry *countries,
                        guint n_countries,
                        const DmDeriveOptions *options,
                        DmDeriveReport **report,
                        GError **error)
{
  const DmDeriveOptions defaults = DM_DERIVE_OPTIONS_INIT;
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autofree Candidate *cands = NULL;
  g_autoptr (DmGeometry) oriented = NULL;
  g_autoptr (DmGeometry) repaired = NULL;
  g_autoptr (DmGeometry) clipped_country = NULL;
  g_autoptr (DmGeosGeometry) country_g = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (DmGeometry) result = NULL;
  g_autoptr (DmDeriveReport) rep = NULL;
  Work w = { 0 };
  double box[4], roi[4], margin_deg;
  int country = -1, neighbour = -1;
  guint n_stubs = 0;
  double stubs_m = 0.0;

  g_return_val_if_fail (held != NULL, NULL);
  g_return_val_if_fail (countries != NULL || n_countries == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  if (!dm_geometry_is_polygonal (held) || dm_geometry_is_empty (held))
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _ ("A contact line is derived from a polygon of held territory, not from a %s."),
                   dm_geometry_type_to_string (dm_geometry_get_geometry_type (held)));
      return NULL;
    }
  if (!dm_geometry_coords_on_earth (held))
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _ ("The polygon has coordinates outside longitude −180…180° and latitude −90…90°: "
                      "check its coordinate system."));
      return NULL;
    }
  if (!(options->tolerance_m > 0.0) || !(options->min_length_m >= 0.0))
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _ ("The tolerance must be a distance greater than zero."));
      return NULL;
    }

  /* Outlines that cross themselves (hand-drawn or merged polygons) are
   * repaired first: a ring's orientation says which side is held. */
  {
    g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, held);
    g_autoptr (DmGeosGeometry) fixed = NULL;

    if (g == NULL || GEOSisValid_r (ctx, g) != 1)
      {
        if (g == NULL || (fixed = dm_geos_make_valid (ctx, g, NULL)) == NULL ||
            (repaired = dm_geometry_from_geos (ctx, fixed)) == NULL || !dm_geometry_is_polygonal (repaired))
          {
            g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                         _ ("The polygon’s outline is broken beyond repair (%s)."),
                         dm_geos_last_error () != NULL ? dm_geos_last_error () : _ ("it encloses no area"));
            return NULL;
          }
        held = repaired;
      }
  }

  /* The region of interest: the polygon's box, grown well beyond the
   * farthest any query looks. */
  dm_geometry_get_extent (held, &box[0], &box[1], &box[2], &box[3]);
  margin_deg = 3.0 * options->tolerance_m / METRES_PER_DEG_LAT_MIN /
                 MAX (cos (MIN (MAX (fabs (box[1]), fabs (box[3])) + 1.0, 89.0) * G_PI / 180.0), 0.01) +
               0.05;
  roi[0] = box[0] - margin_deg;
  roi[1] = box[1] - margin_deg;
  roi[2] = box[2] + margin_deg;
  roi[3] = box[3] + margin_deg;

  cands = g_new0 (Candidate, MAX (n_countries, 1));
  for (guint c = 0; c < n_countries; c++)
    {
      double cb[4];
      g_autoptr (DmGeosGeometry) g = NULL;

      if (countries[c].geometry == NULL || !dm_geometry_is_polygonal (countries[c].geometry))
        continue;
      dm_geometry_get_extent (countries[c].geometry, &cb[0], &cb[1], &cb[2], &cb[3]);
      if (!boxes_overlap (cb, roi))
        continue;
      g = dm_geometry_to_geos (ctx, countries[c].geometry);
      cands[c].clipped = g != NULL ? GEOSClipByRect_r (ctx, g, roi[0], roi[1], roi[2], roi[3]) : NULL;
      if (cands[c].clipped != NULL && GEOSisEmpty_r (ctx, cands[c].clipped))
        g_clear_pointer (&cands[c].clipped, dm_geos_geometry_free);
      if (cands[c].clipped != NULL)
        cands[c].prepared = GEOSPrepare_r (ctx, cands[c].clipped);
    }

  if (options->country != NULL)
    {
      country = find_country_option (countries, n_countries, options->country);
      if (country < 0)
        {
          g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP,
                       _ ("No country “%s” in the basemap: give its ISO code, such as “UA”."), options->country);
          goto out;
        }
    }
  else
    country = pick_country (ctx, held, cands, n_countries);
  if (country < 0 || cands[country].clipped == NULL)
    {
      g_autofree char *south_west = dm_format_position (box[1], box[0], 2);
      g_autofree char *north_east = dm_format_position (box[3], box[2], 2);
      double cover[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

      for (guint i = 0; i < n_countries; i++)
        {
          double e[4];

          if (countries[i].geometry == NULL)
            continue;
          dm_geometry_get_extent (countries[i].geometry, &e[0], &e[1], &e[2], &e[3]);
          cover[0] = MIN (cover[0], e[0]);
          cover[1] = MIN (cover[1], e[1]);
          cover[2] = MAX (cover[2], e[2]);
          cover[3] = MAX (cover[3], e[3]);
        }
      if (cover[0] > cover[2] || box[2] < cover[0] || box[0] > cover[2] || box[3] < cover[1] || box[1] > cover[3])
        {
          g_autofree char *cover_sw = dm_format_position (cover[1], cover[0], 0);
          g_autofree char *cover_ne = dm_format_position (cover[3], cover[2], 0);

          /* Translators: the %s are positions such as “47.10° N, 36.20° E” */
          g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP,
                       _ ("The polygon (from %s to %s) lies outside the basemap, which covers %s to %s: "
                          "check its coordinate system, or draw the contact line by hand."),
                       south_west, north_east, cover_sw, cover_ne);
        }
      else
        /* Translators: the %s are positions such as “47.10° N, 36.20° E” */
        g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP,
                     _ ("The polygon (from %s to %s) lies in no country of the basemap: "
                        "check that it is in the right place and its coordinate system is right."),
                     south_west, north_east);
      country = -1;
      goto out;
    }

  w.ctx = ctx;
  w.options = options;
  w.country = cands[country].prepared;
  w.runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  w.by_neighbour = g_new0 (double, MAX (n_countries, 1));
  /* Cells of about the tolerance for the outline (a few segments each),
   * a few hundred metres for the polygon's edge, which may have a vertex
   * every few tens of metres. */
  grid_init (&w.outline, MAX (options->tolerance_m, 1000.0) / METRES_PER_DEG_LAT_MIN);
  grid_init (&w.edge, MAX (options->tolerance_m / 16.0, 100.0) / METRES_PER_DEG_LAT_MIN);

  /* The country's outline, each segment tagged with the neighbour across
   * it (or the sea); rings with the country on their left. */
  clipped_country = dm_geometry_from_geos (ctx, cands[country].clipped);
  if (clipped_country != NULL)
    {
      int last = -1;

      for (guint p = 0; p < dm_geometry_get_n_parts (clipped_country); p++)
        for (guint r = 0; r < dm_geometry_get_n_rings (clipped_country, p); r++)
          {
            guint n;
            const double *src = dm_geometry_get_ring (clipped_country, p, r, &n);
            g_autofree double *xy = g_memdup2 (src, 2 * n * sizeof (double));

            dm_ring_orient (xy, n, r == 0);
            for (guint i = 0; i < n; i++)
              {
                const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];
                /* The clip box's own edges are no outline. */
                gboolean on_clip = (a[0] == b[0] && (a[0] == roi[0] || a[0] == roi[2])) ||
                                   (a[1] == b[1] && (a[1] == roi[1] || a[1] == roi[3]));

                grid_add (&w.outline, a, b,
                          on_clip ? TAG_CLIP : segment_tag (ctx, a, b, cands, n_countries, country, &last));
              }
          }
    }

  /* The polygon's rings with the held territory on their right:
   * exteriors clockwise, holes counter-clockwise. */
  oriented = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  for (guint p = 0; p < dm_geometry_get_n_parts (held); p++)
    {
      dm_geometry_begin_part (oriented);
      for (guint r = 0; r < dm_geometry_get_n_rings (held, p); r++)
        {
          guint n;
          const double *src = dm_geometry_get_ring (held, p, r, &n);
          g_autofree double *xy = g_memdup2 (src, 2 * n * sizeof (double));

          if (n < 3)
            continue;
          dm_ring_orient (xy, n, r > 0);
          dm_geometry_add_ring (oriented, xy, n);
          grid_add_ring (&w.edge, xy, n, 0);
        }
    }

  grid_build (&w.outline);
  grid_build (&w.edge);

  for (guint p = 0; p < dm_geometry_get_n_parts (oriented); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (oriented, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (oriented, p, r, &n);
        g_autoptr (GArray) ring = NULL;

        if (n < 3)
          continue;
        ring = densify_ring (xy, n, MIN (options->tolerance_m / 4.0, 1000.0));
        classify_ring (&w, ring);
        smooth_ring (&w, ring);
        collect_runs (&w, ring);
      }

  rep = g_new0 (DmDeriveReport, 1);
  rep->n_joined = join_runs (w.runs);
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < w.runs->len; i++)
    {
      GArray *run = g_ptr_array_index (w.runs, i);
      double len = run->len >= 4 ? run_length (run) : 0.0;

      if (run->len < 4 || len < options->min_length_m || len <= 0.0)
        {
          n_stubs++;
          stubs_m += len;
          continue;
        }
      g_ptr_array_add (runs, g_array_ref (run));
    }

  for (guint c = 0; c < n_countries; c++)
    if (w.by_neighbour[c] > 0 && (neighbour < 0 || w.by_neighbour[c] > w.by_neighbour[neighbour]))
      neighbour = c;

  rep->country_code = g_strdup (countries[country].code);
  rep->country_name = g_strdup (countries[country].name != NULL ? countries[country].name : countries[country].code);
  if (neighbour >= 0)
    {
      rep->neighbour_code = g_strdup (countries[neighbour].code);
      rep->neighbour_name =
        g_strdup (countries[neighbour].name != NULL ? countries[neighbour].name : countries[neighbour].code);
    }
  rep->tolerance_m = options->tolerance_m;
  rep->min_length_m = options->min_length_m;
  rep->border_m = w.border_m;
  rep->coast_m = w.coast_m;
  rep->outside_m = w.outside_m;
  rep->n_stubs = n_stubs;
  rep->stubs_m = stubs_m;

  if (runs->len == 0)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NOTHING_LEFT,
                   _ ("Every stretch of the polygon’s edge follows the border or the coast of %s, "
                      "or is shorter than the shortest piece of front kept: it does not meet another side’s "
                      "territory.  Check that it is a polygon of held territory, or lower the tolerance."),
                   rep->country_name);
      goto out;
    }

  if (runs->len == 1)
    {
      GArray *run = g_ptr_array_index (runs, 0);

      result = dm_geometry_new_linestring ((const double *) (gconstpointer) run->data, run->len / 2);
    }
  else
    {
      result = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
      for (guint i = 0; i < runs->len; i++)
        {
          GArray *run = g_ptr_array_index (runs, i);

          dm_geometry_begin_part (result);
          dm_geometry_add_ring (result, (const double *) (gconstpointer) run->data, run->len / 2);
        }
    }
  rep->n_parts = dm_geometry_get_n_parts (result);
  rep->length_m = dm_geodesy_geometry_length_m (result);
  if (report != NULL)
    *report = g_steal_pointer (&rep);

out:
  for (guint c = 0; c < n_countries; c++)
    candidate_clear (ctx, &cands[c]);
  if (w.runs != NULL)
    {
      grid_clear (&w.outline);
      grid_clear (&w.edge);
      g_ptr_array_unref (w.runs);
      g_free (w.by_neighbour);
    }
  return g_steal_pointer (&result);
}

DmGeometry *
dm_derive_contact_line_basemap (const DmGeometry *held,
                                DmBasemap *basemap,
                                const DmDeriveOptions *options,
                                DmDeriveReport **report,
                                GError **error)
{
  g_autoptr (GArray) regions = NULL;
  g_autoptr (GArray) countries = NULL;
  DmDeriveOptions opts = DM_DERIVE_OPTIONS_INIT;
  g_autofree char *code = NULL;

  g_return_val_if_fail (basemap != NULL, NULL);

  if (options != NULL)
    opts = *options;
  /* The countries' short English names: they become the sides' names,
   * data that reads the same (and fingerprints the same) in every
   * language. */
  {
    g_autoptr (DmLanguageScope) english = dm_language_scope_begin (DM_LANGUAGE_EN, NULL);

    regions = dm_basemap_list_regions (basemap, NULL);
  }
  countries = g_array_sized_new (FALSE, FALSE, sizeof (DmDeriveCountry), regions->len);
  for (guint i = 0; i < regions->len; i++)
    {
      const DmRegionInfo *r = &g_array_index (regions, DmRegionInfo, i);
      DmDeriveCountry c = { r->code, r->name, r->geometry };

      g_array_append_val (countries, c);
    }
  /* A country given by name in any language: its code. */
  if (opts.country != NULL &&
      find_country_option ((const DmDeriveCountry *) (gpointer) countries->data, countries->len, opts.country) < 0)
    {
      const char *display = NULL;
      const DmGeometry *g = dm_basemap_find_region (basemap, opts.country, &display, NULL);

      for (guint i = 0; g != NULL && i < countries->len; i++)
        if (g_array_index (countries, DmDeriveCountry, i).geometry == g)
          opts.country = code = g_strdup (g_array_index (countries, DmDeriveCountry, i).code);
    }
  return dm_derive_contact_line (held, (const DmDeriveCountry *) (gpointer) countries->data, countries->len, &opts,
                                 report, error);
}
