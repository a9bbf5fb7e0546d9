/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dm-engine.h"
#include "dm-geodesy.h"
#include "dm-fingerprint.h"
#include "dm-geos.h"
#include "dm-results-private.h"
#include "dm-territory-cache.h"

/* ---- Work --------------------------------------------------------------- */

/*
 * What a computation needs, copied on the main thread so the worker never
 * touches the document: the line as it is now, the zone rules, and the
 * changes since the cache last saw the line.
 */
typedef struct {
  guint64 revision;
  DmGeometry *line;         /* NULL: no contact line */
  GPtrArray *rules;         /* DmZoneRule */
  GPtrArray *swaps;         /* Swap */
  char *region_wanted;      /* the territory's region by name or code */
  gboolean resolved;        /* basemap and region looked up (the worker does) */
  DmBasemap *basemap;       /* NULL: no basemap */
  const DmGeometry *region; /* territory region, owned by basemap */
  char *region_name;
  char *region_code; /* its ISO code: its admin-1 regions share it */
  char *region_error;
  DmMonitoringRatio ratio;
  DmGeometry *compare_line; /* the other proposal's line, or NULL */
  char *compare_name;
  char *side_names[2]; /* A, B: the fingerprint covers them */
  gboolean rebuild;    /* the line was replaced: full rebuild */
  gboolean have_range;
  guint first_vertex;
  guint n_vertices;
  DmChangeKind kind;
  DmSlowFigures *slow; /* the latest results' territory and warnings */
  guint64 slow_revision;
} Job;

typedef struct {
  guint id;
  char *name;
  DmGeometry *geometry;
  DmSide giver;
  DmSide receiver;
} Swap;

/* A border band kept inside more than one country ("UA+BY", "NATO"):
 * its area in each; NULL for anything else. */
static GArray *
zone_countries (DmBasemap *basemap, DmZoneFigures *z)
{
  g_autoptr (GArray) countries = NULL;
  g_autoptr (DmGeometry) whole = NULL;

  if (z->rule->type != DM_ZONE_RULE_BOUNDARY_BAND || z->rule->region_name == NULL ||
      (countries = dm_basemap_list_countries_of (basemap, z->rule->region_name, NULL)) == NULL || countries->len < 2 ||
      (whole = dm_zone_result_dissolve (z->zone)) == NULL)
    return NULL;
  return dm_area_by_region (whole, (const DmRegionInfo *) (gpointer) countries->data, countries->len);
}

static void
swap_free (gpointer data)
{
  Swap *s = data;

  g_free (s->name);
  dm_geometry_free (s->geometry);
  g_free (s);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->line, dm_geometry_free);
  g_ptr_array_unref (job->rules);
  g_ptr_array_unref (job->swaps);
  g_clear_pointer (&job->basemap, dm_basemap_unref);
  g_free (job->region_wanted);
  g_free (job->region_name);
  g_free (job->region_code);
  g_free (job->region_error);
  g_clear_pointer (&job->compare_line, dm_geometry_free);
  g_free (job->compare_name);
  g_free (job->side_names[0]);
  g_free (job->side_names[1]);
  g_clear_pointer (&job->slow, dm_slow_figures_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

struct _DmEngine {
  GObject parent_instance;

  DmDocument *document;
  gulong changed_id;
  struct _Worker *worker; /* computes; holds the zone cache */
  guint outstanding;      /* jobs queued and not yet finished with */
  DmResults *results;

  /* Changes to the contact line since the last job was taken. */
  guint line_id;
  gboolean need_rebuild;
  gboolean have_range;
  guint range_first;
  guint range_n;
  DmChangeKind range_kind;

  char *territory_region; /* NULL: side A's name */
  DmMonitoringRatio ratio;
  int compare_proposal; /* −1: none */
  gboolean follows;     /* updates itself on every change */
};

G_DEFINE_FINAL_TYPE (DmEngine, dm_engine, G_TYPE_OBJECT)

enum {
  RESULTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_RESULTS,
  PROP_FOLLOWS_DOCUMENT,
  PROP_COMPARE_PROPOSAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
note_change (DmEngine *self, const DmChange *change)
{
  DmFeature *line = dm_document_get_contact_line (self->document);
  guint line_id = line != NULL ? dm_feature_get_id (line) : 0;

  if (line_id != self->line_id)
    {
      self->line_id = line_id;
      self->need_rebuild = TRUE;
      return;
    }
  if (line_id == 0 || change->feature_id != line_id)
    return;

  switch (change->kind)
    {
    case DM_CHANGE_VERTICES_MOVED:
    case DM_CHANGE_VERTEX_INSERTED:
    case DM_CHANGE_VERTEX_REMOVED:
      if (!self->have_range)
        {
          self->have_range = TRUE;
          self->range_first = change->first_vertex;
          self->range_n = change->n_vertices;
          self->range_kind = change->kind;
        }
      else if (change->kind == DM_CHANGE_VERTICES_MOVED && self->range_kind == DM_CHANGE_VERTICES_MOVED)
        {
          /* Moves only: one span covering them all is still exact. */
          guint end = MAX (self->range_first + self->range_n, change->first_vertex + change->n_vertices);

          self->range_first = MIN (self->range_first, change->first_vertex);
          self->range_n = end - self->range_first;
        }
      else if (!(change->kind == self->range_kind && change->first_vertex == self->range_first &&
                 change->kind == DM_CHANGE_VERTICES_MOVED))
        {
          /* Inserts and removes shift indices: a mix is rebuilt whole. */
          self->need_rebuild = TRUE;
        }
      break;
    case DM_CHANGE_GEOMETRY:
    case DM_CHANGE_FEATURE_ADDED:
    case DM_CHANGE_FEATURE_REMOVED:
    case DM_CHANGE_ACTIVE_PROPOSAL:
    case DM_CHANGE_PROPOSALS:
      self->need_rebuild = TRUE;
      break;
    case DM_CHANGE_FEATURE_PROPERTIES:
    case DM_CHANGE_SIDES:
    case DM_CHANGE_REFERENCE_LAYERS:
    case DM_CHANGE_ZONE_RULES:
    default:
      break;
    }
}

/* The proposal compared with, or −1 when it is none of the others
 * (removed, or made the active one). */
static int
valid_compare_proposal (DmEngine *self, int index)
{
  if (index < 0 || self->document == NULL || (guint) index >= dm_document_get_n_proposals (self->document) ||
      (guint) index == dm_document_get_active_proposal (self->document))
    return -1;
  return index;
}

static void
on_document_changed (DmEngine *self, DmChange *change, DmDocument *document)
{
  g_assert (DM_IS_ENGINE (self));
  note_change (self, change);
  if ((change->kind == DM_CHANGE_PROPOSALS || change->kind == DM_CHANGE_ACTIVE_PROPOSAL) &&
      valid_compare_proposal (self, self->compare_proposal) != self->compare_proposal)
    {
      self->compare_proposal = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_PROPOSAL]);
    }
  if (self->follows)
    dm_engine_update (self);
}

/* Takes the noted changes: called on the main thread. */
static Job *
take_job (DmEngine *self)
{
  Job *job = g_new0 (Job, 1);
  DmFeature *line = dm_document_get_contact_line (self->document);

  job->revision = dm_document_get_revision (self->document);
  job->line = line != NULL ? dm_geometry_copy (dm_feature_get_geometry (line)) : NULL;
  job->side_names[0] = g_strdup (dm_document_get_side_name (self->document, DM_SIDE_A));
  job->side_names[1] = g_strdup (dm_document_get_side_name (self->document, DM_SIDE_B));
  job->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  for (guint i = 0; i < dm_document_get_n_zone_rules (self->document); i++)
    g_ptr_array_add (job->rules, dm_zone_rule_copy (dm_document_get_zone_rule (self->document, i)));

  job->swaps = g_ptr_array_new_with_free_func (swap_free);
  {
    g_autoptr (GPtrArray) swaps = dm_document_list_features (self->document, DM_ROLE_LAND_SWAP);

    for (guint i = 0; i < swaps->len; i++)
      {
        DmFeature *f = g_ptr_array_index (swaps, i);
        Swap *s = g_new0 (Swap, 1);

        s->id = dm_feature_get_id (f);
        s->name = g_strdup (dm_feature_get_name (f));
        s->geometry = dm_geometry_copy (dm_feature_get_geometry (f));
        s->giver = dm_feature_get_from_side (f);
        s->receiver = dm_feature_get_to_side (f);
        g_ptr_array_add (job->swaps, s);
      }
  }
  job->ratio = self->ratio;
  if (self->compare_proposal >= 0 && (guint) self->compare_proposal < dm_document_get_n_proposals (self->document) &&
      (guint) self->compare_proposal != dm_document_get_active_proposal (self->document))
    {
      GPtrArray *others = dm_document_get_proposal_features (self->document, self->compare_proposal);

      job->compare_name = g_strdup (dm_document_get_proposal_name (self->document, self->compare_proposal));
      for (guint i = 0; others != NULL && i < others->len; i++)
        if (dm_feature_get_role (g_ptr_array_index (others, i)) == DM_ROLE_CONTACT_LINE)
          {
            job->compare_line = dm_geometry_copy (dm_feature_get_geometry (g_ptr_array_index (others, i)));
            break;
          }
    }
  /* The basemap and the region are looked up by the worker: the first
   * job waits there, not the window, while the basemap opens. */
  job->region_wanted = g_strdup (
    self->territory_region != NULL ? self->territory_region : dm_document_get_side_name (self->document, DM_SIDE_A));

  /* note_change() has already asked for a rebuild when one span cannot
   * describe the changes. */
  job->rebuild = self->need_rebuild;
  job->have_range = self->have_range;
  job->first_vertex = self->range_first;
  job->n_vertices = self->range_n;
  job->kind = self->range_kind;

  if (self->results != NULL && self->results->slow != NULL)
    {
      job->slow = g_atomic_rc_box_acquire ((DmSlowFigures *) self->results->slow);
      job->slow_revision = self->results->slow_revision;
    }

  self->need_rebuild = FALSE;
  self->have_range = FALSE;
  return job;
}

/* What the worker keeps from one job to the next besides the zone cache:
 * the territory, and the last warnings of zones spilling over the border
 * (an overlay with the whole region, the same while a drag moves the line
 * away from the border). */
typedef struct {
  char *zone_name;
  const DmGeometry *region; /* identity: the basemap's, which the engine holds */
  DmGeometry *near_border;
  GPtrArray *warnings; /* DmWarning */
} OutsideMemo;

typedef struct {
  DmTerritoryCache *territory;
  GPtrArray *outside;           /* OutsideMemo */
  DmZoneOutside *outside_tiles; /* zones' polygons not inside the region */
  DmZonePlaces *zone_places;    /* the basemap's places, per zone tile */
  DmSwapCache *swaps;
  DmFingerprintCache *fingerprint;
  char *basemap_error; /* why the basemap could not be opened: not tried again */
} Kept;

static void
outside_memo_free (gpointer data)
{
  OutsideMemo *m = data;

  g_free (m->zone_name);
  dm_geometry_free (m->near_border);
  g_ptr_array_unref (m->warnings);
  g_free (m);
}

static Kept *
kept_new (void)
{
  Kept *kept = g_new0 (Kept, 1);

  kept->territory = dm_territory_cache_new ();
  kept->fingerprint = dm_fingerprint_cache_new ();
  kept->swaps = dm_swap_cache_new ();
  kept->outside = g_ptr_array_new_with_free_func (outside_memo_free);
  return kept;
}

static void
kept_free (Kept *kept)
{
  dm_territory_cache_free (kept->territory);
  dm_fingerprint_cache_free (kept->fingerprint);
  dm_swap_cache_free (kept->swaps);
  dm_zone_outside_free (kept->outside_tiles);
  g_free (kept->basemap_error);
  g_ptr_array_unref (kept->outside);
  g_clear_pointer (&kept->zone_places, dm_zone_places_free);
  g_free (kept);
}

/* The places per zone tile, or NULL when they are other places or none
 * yet; made when @make. */
static DmZonePlaces *
kept_zone_places (Kept *kept, const DmPlaceIndex *places, gboolean make)
{
  if (kept->zone_places != NULL && dm_zone_places_get_index (kept->zone_places) != places)
    g_clear_pointer (&kept->zone_places, dm_zone_places_free);
  if (kept->zone_places == NULL && make)
    kept->zone_places = dm_zone_places_new (places);
  return kept->zone_places;
}

static GPtrArray *
warnings_copy (GPtrArray *warnings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_warning_free);

  for (guint i = 0; i < warnings->len; i++)
    {
      const DmWarning *w = g_ptr_array_index (warnings, i);

      g_ptr_array_add (copy, dm_warning_new (w->kind, w->lon, w->lat, w->message));
    }
  return copy;
}

/* dm_warnings_zone_outside(), or the same warnings as last time for the
 * same pieces. */
static GPtrArray *
zone_outside_warnings (Kept *kept, const DmGeometry *near_border, const char *zone_name, Job *job)
{
  OutsideMemo *m = NULL;

  for (guint i = 0; i < kept->outside->len && m == NULL; i++)
    {
      OutsideMemo *c = g_ptr_array_index (kept->outside, i);

      if (g_strcmp0 (c->zone_name, zone_name) == 0 && c->region == job->region)
        m = c;
    }
  if (m != NULL && dm_geometry_equal (m->near_border, near_border))
    return warnings_copy (m->warnings);
  if (m == NULL)
    {
      m = g_new0 (OutsideMemo, 1);
      m->zone_name = g_strdup (zone_name);
      m->region = job->region;
      g_ptr_array_add (kept->outside, m);
    }
  g_clear_pointer (&m->near_border, dm_geometry_free);
  g_clear_pointer (&m->warnings, g_ptr_array_unref);
  m->near_border = dm_geometry_copy (near_border);
  m->warnings = dm_warnings_zone_outside (near_border, zone_name, job->region, job->region_name);
  return warnings_copy (m->warnings);
}

static void
take_warnings (GPtrArray *warnings, GPtrArray *found)
{
  if (found == NULL)
    return;
  g_ptr_array_set_free_func (found, NULL);
  g_ptr_array_extend_and_steal (warnings, found);
}

static void
add_warnings (Job *job, DmResults *r, DmSlowFigures *slow, Kept *kept)
{
  /* GEOS tells a simple line fast (the territory cache knows it of the
   * line it was shown); only a line that is not gets the search for where
   * it crosses itself. */
  if (job->line != NULL && !dm_territory_cache_line_is_simple (kept->territory, job->line))
    {
      GEOSContextHandle_t ctx = dm_geos_get_context ();
      g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, job->line);

      if (g == NULL || GEOSisSimple_r (ctx, g) != 1)
        take_warnings (slow->warnings, dm_warnings_self_intersections (job->line));
    }
  if (job->line != NULL)
    {
      if (job->basemap != NULL)
        {
          const DmPlaceIndex *places = dm_basemap_get_place_index (job->basemap);

          take_warnings (slow->warnings, dm_warnings_settlements (job->line, _ ("The contact line"), places));
          for (guint i = 0; i < r->zones->len; i++)
            {
              DmZoneFigures *z = g_ptr_array_index (r->zones, i);

              if (z->zone != NULL && z->rule->type == DM_ZONE_RULE_LINE_BAND)
                take_warnings (slow->warnings,
                               dm_warnings_band_settlements (job->line, z->rule->width_a_m, z->rule->width_b_m,
                                                             z->rule->name, places));
            }
        }
    }
  /* A settlement a swap's edge cuts goes wholly to the side of its
   * centre in the people figures: say where. */
  if (job->basemap != NULL)
    for (guint i = 0; i < job->swaps->len; i++)
      {
        const Swap *s = g_ptr_array_index (job->swaps, i);
        /* Translators: starts a warning, “The land swap “north” cuts through Kherson (pop. 320,477)” */
        g_autofree char *what = g_strdup_printf (_ ("The land swap “%s”"), s->name != NULL ? s->name : "");

        take_warnings (slow->warnings,
                       dm_warnings_settlements (s->geometry, what, dm_basemap_get_place_index (job->basemap)));
      }

  if (job->swaps->len > 1)
    {
      g_autoptr (GPtrArray) geoms = g_ptr_array_new ();
      g_autoptr (GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < job->swaps->len; i++)
        {
          Swap *s = g_ptr_array_index (job->swaps, i);

          g_ptr_array_add (geoms, s->geometry);
          g_ptr_array_add (names, s->name != NULL ? s->name : (char *) _ ("Land swap"));
        }
      take_warnings (slow->warnings, dm_warnings_swap_overlaps (geoms, names));
    }

  /* A band along the line belongs inside side A's country (the territory
   * region) unless it was clipped to a region of its own: what spills
   * over a border, into a third country or past the coast, is flagged. */
  if (job->region != NULL)
    for (guint i = 0; i < r->zones->len; i++)
      {
        DmZoneFigures *z = g_ptr_array_index (r->zones, i);
        g_autoptr (DmGeometry) near_border = NULL;

        if (z->zone == NULL || z->rule->type != DM_ZONE_RULE_LINE_BAND || z->rule->region != NULL)
          continue;
        /* Only the polygons not wholly inside can spill over (a prepared
         * test per tile, kept while the tile is). */
        if (kept->outside_tiles == NULL || dm_zone_outside_get_region (kept->outside_tiles) != job->region)
          {
            g_clear_pointer (&kept->outside_tiles, dm_zone_outside_free);
            kept->outside_tiles = dm_zone_outside_new (job->region);
          }
        near_border = dm_zone_outside_find (kept->outside_tiles, z->zone);
        if (near_border != NULL)
          take_warnings (slow->warnings, zone_outside_warnings (kept, near_border, z->rule->name, job));
      }
  if (kept->outside_tiles != NULL)
    dm_zone_outside_sweep (kept->outside_tiles);
}

/* Whether segment @k (vertex k to k + 1) joins two vertices of one part:
 * the contact line may have several. */
static gboolean
segment_in_part (const DmGeometry *line, guint k)
{
  guint pk, pk1, rk, rk1;

  return dm_geometry_locate_point (line, k, &pk, &rk) && dm_geometry_locate_point (line, k + 1, &pk1, &rk1) &&
         pk == pk1 && rk == rk1;
}

static void
segment_lengths_set (GArray *lengths, const DmGeometry *line, guint first, guint last)
{
  const double *xy = dm_geometry_get_coords (line);

  for (guint k = first; k <= last && k < lengths->len; k++)
    g_array_index (lengths, double, k) =
      segment_in_part (line, k) ? dm_geodesy_distance_m (xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3]) : 0.0;
}

typedef struct {
  GArray *lengths;
  const DmGeometry *line;
  guint first, last;
} LengthsJob;

static gpointer
lengths_job_run (gpointer data)
{
  LengthsJob *job = data;

  segment_lengths_set (job->lengths, job->line, job->first, job->last);
  return NULL;
}

/* Every segment measured again (the gaps between parts count nothing),
 * on two cores for a long line: each segment's length is its own, the
 * same whatever the threads (a million take half a second on one). */
static void
segment_lengths_rebuild (GArray *lengths, const DmGeometry *line)
{
  guint n = dm_geometry_get_n_points (line);
  LengthsJob second = { lengths, line, (n - 1) / 2, n - 2 };
  GThread *thread = NULL;

  g_array_set_size (lengths, n - 1);
  if (n > 100000 && g_get_num_processors () > 1)
    thread = g_thread_new ("dm-engine-lengths", lengths_job_run, &second);
  segment_lengths_set (lengths, line, 0, thread != NULL ? second.first - 1 : n - 2);
  if (thread != NULL)
    g_thread_join (thread);
}

/* Keeps @lengths (the line's segment lengths, in order; 0 between two
 * parts) in step with a job's change: only the segments at the touched
 * vertices are measured again.  Empty without a line. */
static void
lengths_apply_change (GArray *lengths, Job *job)
{
  guint n;

  if (job->line == NULL || !dm_geometry_is_lineal (job->line) || (n = dm_geometry_get_n_points (job->line)) < 2)
    {
      g_array_set_size (lengths, 0);
      return;
    }
  if (!job->rebuild && job->have_range)
    {
      guint first = job->first_vertex;

      switch (job->kind)
        {
        case DM_CHANGE_VERTICES_MOVED:
          if (lengths->len == n - 1 && first + job->n_vertices <= n)
            {
              segment_lengths_set (lengths, job->line, first > 0 ? first - 1 : 0, first + job->n_vertices - 1);
              return;
            }
          break;
        case DM_CHANGE_VERTEX_INSERTED:
          /* Segment first − 1 becomes two. */
          if (lengths->len + 2 == n && first < n)
            {
              double zero = 0;

              g_array_insert_val (lengths, MIN (first, lengths->len), zero);
              segment_lengths_set (lengths, job->line, first > 0 ? first - 1 : 0, first);
              return;
            }
          break;
        case DM_CHANGE_VERTEX_REMOVED:
          /* Segments first − 1 and first become one. */
          if (lengths->len == n && first <= n)
            {
              g_array_remove_index (lengths, MIN (first, lengths->len - 1));
              if (first > 0)
                segment_lengths_set (lengths, job->line, first - 1, first - 1);
              return;
            }
          break;
        default:
          break;
        }
    }
  else if (!job->rebuild && lengths->len == n - 1)
    return;
  segment_lengths_rebuild (lengths, job->line);
}

/* Shows the caches the change a job carries (once: a retry must not apply
 * it again). */
static void
apply_change (DmZoneCache *cache, GArray *lengths, Job *job)
{
  lengths_apply_change (lengths, job);
  if (job->rebuild)
    dm_zone_cache_set_line (cache, job->line);
  else if (job->have_range && job->line != NULL)
    dm_zone_cache_line_changed (cache, job->line, job->first_vertex, job->n_vertices, job->kind);
  job->rebuild = FALSE;
  job->have_range = FALSE;
}

/* The quick part: zones (incremental), settlements in them, length,
 * swaps and monitoring.  Territory and warnings are the job's previous
 * ones until run_slow() replaces them. */
/* The basemap (opened on first use, a few hundred milliseconds) and the
 * territory's region; without the basemap, figures that need it say so
 * and the rest go on. */
static void
resolve_basemap (Job *job, Kept *kept)
{
  g_autoptr (GError) error = NULL;
  DmRegionInfo info;

  if (job->resolved)
    return;
  job->resolved = TRUE;
  if (kept->basemap_error != NULL)
    {
      job->region_error = g_strdup (kept->basemap_error);
      return;
    }
  if ((job->basemap = dm_basemap_get_default (&error)) == NULL)
    {
      kept->basemap_error = g_strdup (error->message);
      job->region_error = g_strdup (error->message);
      return;
    }
  if (dm_basemap_find_region_info (job->basemap, job->region_wanted, &info, &error))
    {
      job->region = info.geometry;
      job->region_name = g_strdup (info.name);
      job->region_code = g_strdup (info.code);
    }
  else
    job->region_error = g_strdup (error->message);
}

static DmResults *
run_fast (DmZoneCache *cache, GArray *lengths, Kept *kept, Job *job, GCancellable *cancellable, GError **error)
{
  g_autoptr (DmResults) r = dm_results_new ();
  gint64 start;

  resolve_basemap (job, kept);
  start = g_get_monotonic_time ();
  apply_change (cache, lengths, job);

  r->revision = job->revision;
  r->has_line = job->line != NULL;
  if (job->line != NULL)
    {
      gboolean lengths_kept = lengths->len > 0 && lengths->len + 1 == dm_geometry_get_n_points (job->line);

      r->line_length_m = 0;
      /* Each part's from its own segments (the kept lengths hold a 0
       * between two parts), and the parts' in order: summed as
       * dm_geodesy_geometry_length_m() sums, to the bit. */
      for (guint p = 0; p < dm_geometry_get_n_parts (job->line); p++)
        {
          guint n, first = dm_geometry_get_ring_offset (job->line, p, 0);
          const double *xy = dm_geometry_get_ring (job->line, p, 0, &n);
          double part_m = 0;

          if (lengths_kept)
            for (guint k = first; k + 1 < first + n; k++)
              part_m += g_array_index (lengths, double, k);
          else
            part_m = dm_geodesy_path_length_m (xy, n);
          g_array_append_val (r->part_lengths_m, part_m);
          r->line_length_m += part_m;
        }
      r->line_vertices = dm_geometry_get_n_points (job->line);
    }

  for (guint i = 0; i < job->rules->len; i++)
    {
      const DmZoneRule *rule = g_ptr_array_index (job->rules, i);
      DmZoneFigures *z = g_new0 (DmZoneFigures, 1);
      g_autoptr (GError) local_error = NULL;
      guint n_recomputed = 0;

      z->rule = dm_zone_rule_copy (rule);
      g_ptr_array_add (r->zones, z);
      if (job->line == NULL && rule->type != DM_ZONE_RULE_POLYGON)
        {
          z->error =
            g_strdup (_ ("There is no contact line to draw this zone from: draw one, or open a file with a line."));
          continue;
        }
      z->zone = dm_zone_cache_evaluate (cache, rule, cancellable, &local_error);
      if (z->zone == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          z->error = g_strdup (local_error->message);
        }
      dm_zone_cache_get_stats (cache, &n_recomputed, NULL);
      r->tiles_recomputed += n_recomputed;
      if (job->basemap != NULL && z->zone != NULL)
        {
          const DmPlaceIndex *places = dm_basemap_get_place_index (job->basemap);

          /* A band's tiles keep their places once the tiles' places are
           * kept (from the first pause: the first figures look at the
           * places in the zone's box, indexed on first use); other
           * zones are one piece, made anew on each edit. */
          z->settlements = rule->type == DM_ZONE_RULE_LINE_BAND && kept_zone_places (kept, places, FALSE) != NULL
                             ? dm_settlements_in_zone_kept (kept->zone_places, z->zone)
                             : dm_settlements_in_zone (z->zone, places);
          z->countries = zone_countries (job->basemap, z);
        }
    }

  /* Tiles no zone has any more are forgotten. */
  if (kept->zone_places != NULL)
    dm_zone_places_sweep (kept->zone_places);

  /* With the people each moves, live while it is dragged; a swap the
   * edit did not come near keeps its figures. */
  for (guint i = 0; i < job->swaps->len; i++)
    {
      const Swap *s = g_ptr_array_index (job->swaps, i);

      g_ptr_array_add (r->swaps,
                       dm_swap_cache_compute (kept->swaps, job->line, s->geometry, s->id, s->name, s->giver,
                                              s->receiver,
                                              job->basemap != NULL ? dm_basemap_get_place_index (job->basemap) : NULL,
                                              NULL));
    }
  dm_swap_cache_sweep (kept->swaps);
  dm_swap_balance_compute (r->swaps, &r->balance);

  r->monitoring_ratio = job->ratio;
  dm_monitoring_estimate (r->line_length_m, &job->ratio, &r->observers, &r->patrols_per_day);

  if (job->slow != NULL)
    dm_results_set_slow (r, job->slow, job->slow_revision);
  else
    {
      g_autoptr (DmSlowFigures) none = dm_slow_figures_new ();

      none->territory_error = g_strdup (_ ("Computing…"));
      dm_results_set_slow (r, none, 0);
    }
  r->complete = FALSE;
  r->compute_ms = (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&r);
}

/* The admin-1 regions of the territory's country (NULL when the territory
 * is not a country of the basemap). */
static GArray *
job_list_regions (Job *job)
{
  return job->basemap != NULL && job->region_code != NULL ? dm_basemap_list_regions (job->basemap, job->region_code)
                                                          : NULL;
}

/* The territory carried from the last one by difference (the line moved,
 * nothing else), or NULL when it must be split again. */
static DmTerritory *
territory_by_difference (DmTerritoryCache *tc, Job *job, DmResults *fast)
{
  g_autoptr (GArray) admin1 = NULL;

  if (job->line == NULL || job->region == NULL)
    return NULL;
  admin1 = job_list_regions (job);
  return dm_territory_cache_update (tc, job->line, job->region, job->region_name, fast->swaps,
                                    admin1 != NULL ? (const DmRegionInfo *) (gpointer) admin1->data : NULL,
                                    admin1 != NULL ? admin1->len : 0,
                                    job->basemap != NULL ? dm_basemap_get_place_index (job->basemap) : NULL);
}

/* The slow part: territory and warnings.  Returns complete results: a
 * copy of @fast (sharing its zones and swaps) with its own.  The
 * territory is @by_difference (taken) when given; else from @kept, split
 * from scratch when @refresh. */
static DmResults *
run_slow (Job *job,
          DmResults *fast,
          Kept *kept,
          DmTerritory *by_difference,
          gboolean refresh,
          GCancellable *cancellable,
          GError **error)
{
  g_autoptr (DmResults) r = dm_results_new ();
  g_autoptr (DmSlowFigures) slow = dm_slow_figures_new ();
  gint64 start = g_get_monotonic_time ();
  GPtrArray *zones = r->zones, *swaps = r->swaps;
  GArray *part_lengths = r->part_lengths_m;

  /* Everything of the quick part, sharing its (immutable) arrays. */
  *r = *fast;
  r->zones = g_ptr_array_ref (fast->zones);
  r->swaps = g_ptr_array_ref (fast->swaps);
  r->part_lengths_m = g_array_ref (fast->part_lengths_m);
  r->slow = NULL;
  g_ptr_array_unref (zones);
  g_ptr_array_unref (swaps);
  g_array_unref (part_lengths);

  if (by_difference != NULL)
    slow->territory = by_difference;
  else if (job->line != NULL && job->region != NULL)
    {
      g_autoptr (GError) local_error = NULL;
      /* Each side's share of every oblast (province) the split runs
       * through, when the territory is a country, and the people on each
       * side, in each listed oblast. */
      g_autoptr (GArray) admin1 = job_list_regions (job);
      const DmPlaceIndex *places = job->basemap != NULL ? dm_basemap_get_place_index (job->basemap) : NULL;

      if (refresh)
        dm_territory_cache_reset (kept->territory);
      slow->territory =
        dm_territory_cache_compute (kept->territory, job->line, job->region, job->region_name, r->swaps,
                                    admin1 != NULL ? (const DmRegionInfo *) (gpointer) admin1->data : NULL,
                                    admin1 != NULL ? admin1->len : 0, places, NULL, &local_error);
      if (slow->territory == NULL)
        slow->territory_error = g_strdup (local_error->message);
    }
  else if (job->line == NULL)
    slow->territory_error = g_strdup (_ ("There is no contact line to split the territory by."));
  else
    slow->territory_error = g_strdup (job->region_error);

  /* Against the other proposal: what changes hands from it to this one. */
  if (job->compare_name != NULL)
    {
      g_autoptr (GError) local_error = NULL;

      slow->comparison_name = g_strdup (job->compare_name);
      if (job->compare_line == NULL || job->line == NULL)
        slow->comparison_error =
          g_strdup_printf (_ ("“%s” or this proposal has no contact line to compare."), job->compare_name);
      else if (job->region == NULL)
        slow->comparison_error = g_strdup (job->region_error);
      else
        {
          /* Oblasts only when the territory is a country of the basemap,
           * as for the territory above. */
          g_autoptr (GArray) admin1 = job->basemap != NULL && job->region_code != NULL
                                        ? dm_basemap_list_regions (job->basemap, job->region_code)
                                        : NULL;
          const DmPlaceIndex *places = job->basemap != NULL ? dm_basemap_get_place_index (job->basemap) : NULL;

          slow->comparison =
            dm_compare_lines_full (job->compare_line, job->line, job->region,
                                   admin1 != NULL ? (const DmRegionInfo *) (gpointer) admin1->data : NULL,
                                   admin1 != NULL ? admin1->len : 0, places, &local_error);
          if (slow->comparison == NULL)
            slow->comparison_error = g_strdup (local_error->message);
        }
    }

  /* What two parties compare to know they look at the same proposal. */
  {
    g_autofree DmFingerprintSwap *fp_swaps = g_new0 (DmFingerprintSwap, MAX (job->swaps->len, 1));

    for (guint i = 0; i < job->swaps->len; i++)
      {
        const Swap *s = g_ptr_array_index (job->swaps, i);

        fp_swaps[i] = (DmFingerprintSwap){ s->geometry, s->giver, s->receiver };
      }
    slow->fingerprint = dm_fingerprint_compute_cached (kept->fingerprint, (const char *const *) job->side_names,
                                                       job->line, fp_swaps, job->swaps->len,
                                                       (DmZoneRule *const *) job->rules->pdata, job->rules->len);
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  add_warnings (job, r, slow, kept);
  if (job->basemap != NULL)
    kept_zone_places (kept, dm_basemap_get_place_index (job->basemap), TRUE);

  dm_results_set_slow (r, slow, job->revision);
  r->complete = TRUE;
  r->compute_ms = fast->compute_ms + (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&r);
}

/* Every figure of @job: the territory by difference when it can be. */
static DmResults *
run_job (DmZoneCache *cache, GArray *lengths, Kept *kept, Job *job, GCancellable *cancellable, GError **error)
{
  g_autoptr (DmResults) fast = run_fast (cache, lengths, kept, job, cancellable, error);

  if (fast == NULL)
    return NULL;
  return run_slow (job, fast, kept,
                   job->compare_name == NULL ? territory_by_difference (kept->territory, job, fast) : NULL, FALSE,
                   cancellable, error);
}

/* ---- The worker --------------------------------------------------------- */

/*
 * One thread per engine, fed jobs through a queue: a job waits for no
 * round trip through the main loop.  Jobs queued behind the one about to
 * run supersede it: the cache is shown each one's change in order, and
 * only the newest is computed.  Quick results go out at once; territory
 * and warnings by difference once no newer job has come for
 * DM_ENGINE_FOLLOW_MS, else from scratch once none has for
 * DM_ENGINE_QUIET_MS.
 */
typedef struct _Worker {
  GAsyncQueue *queue;    /* Job*, or STOP */
  GCancellable *cancel;  /* the slow part's: a newer job cancels it */
  DmZoneCache *cache;    /* the worker's; the main thread's when idle */
  Kept *kept;            /* likewise */
  GArray *lengths;       /* double: the line's segments, likewise */
  GMainContext *context; /* where results are published */
  GWeakRef engine;
  GThread *thread;
  /* The newest quick results, for dm_engine_wait() */
  GMutex lock;
  GCond cond;
  DmResults *latest;
} Worker;

/* Ends the worker's loop. */
static Job stop_job;
#define STOP (&stop_job)

static void
worker_clear (gpointer data)
{
  Worker *w = data;
  Job *job;

  while ((job = g_async_queue_try_pop (w->queue)) != NULL)
    if (job != STOP)
      job_free (job);
  g_async_queue_unref (w->queue);
  g_object_unref (w->cancel);
  dm_zone_cache_free (w->cache);
  kept_free (w->kept);
  g_array_unref (w->lengths);
  g_main_context_unref (w->context);
  g_weak_ref_clear (&w->engine);
  g_clear_pointer (&w->latest, dm_results_unref);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
}

static void
worker_unref (Worker *w)
{
  g_atomic_rc_box_release_full (w, worker_clear);
}

static void publish (DmEngine *self, DmResults *r);

/* What the worker tells the main thread: results to publish, and how
 * many queued jobs it has finished with. */
typedef struct {
  Worker *worker;
  DmResults *results; /* NULL: none */
  char *error;
  guint done;
} Post;

static void
post_free (gpointer data)
{
  Post *p = data;

  worker_unref (p->worker);
  g_clear_pointer (&p->results, dm_results_unref);
  g_free (p->error);
  g_free (p);
}

static gboolean
post_dispatch (gpointer data)
{
  Post *p = data;
  g_autoptr (DmEngine) self = g_weak_ref_get (&p->worker->engine);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (p->results != NULL)
    publish (self, p->results);
  if (p->error != NULL)
    g_warning ("Computing the figures failed: %s", p->error);
  g_assert (self->outstanding >= p->done);
  self->outstanding -= p->done;
  return G_SOURCE_REMOVE;
}

static void
post (Worker *w, DmResults *results, GError *error, guint done)
{
  Post *p = g_new0 (Post, 1);
  GSource *source;

  p->worker = g_atomic_rc_box_acquire (w);
  p->results = results != NULL ? dm_results_ref (results) : NULL;
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    p->error = g_strdup (error->message);
  p->done = done;
  /* Always queued: g_main_context_invoke() would run it here, in the
   * worker, whenever the main thread does not hold its context. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, post_dispatch, p, post_free);
  g_source_attach (source, w->context);
  g_source_unref (source);
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Job *job = g_async_queue_pop (w->queue);

  while (job != STOP)
    {
      g_autoptr (DmResults) fast = NULL;
      g_autoptr (DmResults) complete = NULL;
      g_autoptr (GError) error = NULL;
      guint taken = 1;
      Job *next;

      /* Newer jobs supersede this one. */
      while ((next = g_async_queue_try_pop (w->queue)) != NULL && next != STOP)
        {
          apply_change (w->cache, w->lengths, job);
          job_free (job);
          job = next;
          taken++;
        }
      if (next == STOP)
        {
          job_free (job);
          post (w, NULL, NULL, taken);
          break;
        }

      /* The quick part runs to the end: a drag must see its zones. */
      fast = run_fast (w->cache, w->lengths, w->kept, job, NULL, &error);
      if (fast == NULL)
        {
          post (w, NULL, error, taken);
          job_free (job);
          job = g_async_queue_pop (w->queue);
          continue;
        }
      g_mutex_lock (&w->lock);
      g_clear_pointer (&w->latest, dm_results_unref);
      w->latest = dm_results_ref (fast);
      g_cond_broadcast (&w->cond);
      g_mutex_unlock (&w->lock);
      post (w, fast, NULL, 0);

      /* When the territory goes by difference, every figure follows as
       * soon as no newer edit comes for DM_ENGINE_FOLLOW_MS (a newer one
       * would have them), unless a comparison with another proposal is
       * asked (it is slow). */
      next = NULL;
      if (job->compare_name == NULL &&
          (next = g_async_queue_timeout_pop (w->queue, DM_ENGINE_FOLLOW_MS * 1000)) == NULL)
        {
          DmTerritory *t = territory_by_difference (w->kept->territory, job, fast);

          if (t != NULL && (complete = run_slow (job, fast, w->kept, t, FALSE, NULL, NULL)) != NULL)
            {
              g_mutex_lock (&w->lock);
              g_clear_pointer (&w->latest, dm_results_unref);
              w->latest = dm_results_ref (complete);
              g_mutex_unlock (&w->lock);
              post (w, complete, NULL, 0);
            }
        }

      /* The slow part when the edits pause; a newer job goes first.
       * Figures by difference are exact, but the sides' shapes are the
       * older line's: they are split again for drawing. */
      if (next == NULL)
        next = g_async_queue_timeout_pop (w->queue, DM_ENGINE_QUIET_MS * 1000);
      if (next == NULL)
        {
          gboolean stale = complete != NULL && complete->territory != NULL &&
                           !complete->territory->side_geometry_current;
          gboolean needed = complete == NULL || stale;

          g_clear_pointer (&complete, dm_results_unref);
          g_cancellable_reset (w->cancel);
          /* Split anew: figures by difference have had their turn (a
           * job comparing proposals skips it, and must not keep the
           * older line's shapes). */
          if (g_async_queue_length (w->queue) == 0 && needed)
            complete = run_slow (job, fast, w->kept, NULL, TRUE, w->cancel, &error);
        }
      else
        g_clear_pointer (&complete, dm_results_unref);
      post (w, complete, error, taken);
      job_free (job);
      job = next != NULL ? next : g_async_queue_pop (w->queue);
    }
  worker_unref (w);
  return NULL;
}

/* Results reach the screen in revision order; complete ones replace
 * quick ones of the same revision. */
static void
publish (DmEngine *self, DmResults *r)
{
  if (r == self->results)
    return;
  if (self->results != NULL && (r->revision < self->results->revision ||
                                (r->revision == self->results->revision && self->results->complete && !r->complete)))
    return;
  g_clear_pointer (&self->results, dm_results_unref);
  self->results = dm_results_ref (r);
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

void
dm_engine_update (DmEngine *self)
{
  g_return_if_fail (DM_IS_ENGINE (self));

  if (self->worker->thread == NULL)
    {
      g_clear_pointer (&self->worker->context, g_main_context_unref);
      self->worker->context = g_main_context_ref_thread_default ();
      self->worker->thread = g_thread_new ("dm-engine", worker_main, g_atomic_rc_box_acquire (self->worker));
    }
  self->outstanding++;
  g_async_queue_push (self->worker->queue, take_job (self));
  /* A slow part under way is for an older revision. */
  g_cancellable_cancel (self->worker->cancel);
}

gboolean
dm_engine_wait (DmEngine *self, guint timeout_ms)
{
  Worker *w;
  guint64 revision;
  gint64 deadline;
  g_autoptr (DmResults) r = NULL;

  g_return_val_if_fail (DM_IS_ENGINE (self), FALSE);

  w = self->worker;
  revision = self->document != NULL ? dm_document_get_revision (self->document) : 0;
  if (self->results != NULL && self->results->revision >= revision)
    return TRUE;
  if (self->outstanding == 0)
    return FALSE;
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_mutex_lock (&w->lock);
  while ((w->latest == NULL || w->latest->revision < revision) && g_cond_wait_until (&w->cond, &w->lock, deadline))
    ;
  if (w->latest != NULL && w->latest->revision >= revision)
    r = dm_results_ref (w->latest);
  g_mutex_unlock (&w->lock);
  if (r == NULL)
    return FALSE;
  publish (self, r);
  return TRUE;
}

DmResults *
dm_engine_compute (DmEngine *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (Job) job = NULL;
  DmResults *r;

  g_return_val_if_fail (DM_IS_ENGINE (self), NULL);
  g_return_val_if_fail (self->outstanding == 0, NULL);

  /* The worker is idle: its cache is ours until the next update. */
  job = take_job (self);
  r = run_job (self->worker->cache, self->worker->lengths, self->worker->kept, job, cancellable, error);
  if (r != NULL)
    {
      g_clear_pointer (&self->results, dm_results_unref);
      self->results = dm_results_ref (r);
    }
  return r;
}

DmResults *
dm_engine_get_results (DmEngine *self)
{
  g_return_val_if_fail (DM_IS_ENGINE (self), NULL);
  return self->results;
}

DmDocument *
dm_engine_get_document (DmEngine *self)
{
  g_return_val_if_fail (DM_IS_ENGINE (self), NULL);
  return self->document;
}

gboolean
dm_engine_is_busy (DmEngine *self)
{
  g_return_val_if_fail (DM_IS_ENGINE (self), FALSE);
  return self->outstanding > 0;
}

static void
dm_engine_dispose (GObject *object)
{
  DmEngine *self = DM_ENGINE (object);

  if (self->worker != NULL && self->worker->thread != NULL)
    {
      g_async_queue_push (self->worker->queue, STOP);
      g_cancellable_cancel (self->worker->cancel);
      g_thread_join (g_steal_pointer (&self->worker->thread));
    }
  g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (dm_engine_parent_class)->dispose (object);
}

static void
dm_engine_finalize (GObject *object)
{
  DmEngine *self = DM_ENGINE (object);

  /* dispose() stopped the worker's thread. */
  g_clear_pointer (&self->worker, worker_unref);
  g_clear_pointer (&self->results, dm_results_unref);
  g_free (self->territory_region);

  G_OBJECT_CLASS (dm_engine_parent_class)->finalize (object);
}

static void
dm_engine_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmEngine *self = DM_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_RESULTS:
      g_value_set_boxed (value, self->results);
      break;
    case PROP_FOLLOWS_DOCUMENT:
      g_value_set_boolean (value, self->follows);
      break;
    case PROP_COMPARE_PROPOSAL:
      g_value_set_int (value, self->compare_proposal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_engine_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmEngine *self = DM_ENGINE (object);

  switch (prop_id)
    {
    case PROP_FOLLOWS_DOCUMENT:
      dm_engine_set_follows_document (self, g_value_get_boolean (value));
      break;
    case PROP_COMPARE_PROPOSAL:
      dm_engine_set_compare_proposal (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_engine_class_init (DmEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dm_engine_dispose;
  object_class->finalize = dm_engine_finalize;
  object_class->get_property = dm_engine_get_property;
  object_class->set_property = dm_engine_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DM_TYPE_DOCUMENT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULTS] = g_param_spec_boxed ("results", NULL, NULL, DM_TYPE_RESULTS,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWS_DOCUMENT] =
    g_param_spec_boolean ("follows-document", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE_PROPOSAL] =
    g_param_spec_int ("compare-proposal", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dm_engine_init (DmEngine *self)
{
  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->queue = g_async_queue_new ();
  self->worker->cancel = g_cancellable_new ();
  self->worker->cache = dm_zone_cache_new ();
  self->worker->kept = kept_new ();
  self->worker->lengths = g_array_new (FALSE, TRUE, sizeof (double));
  g_mutex_init (&self->worker->lock);
  g_cond_init (&self->worker->cond);
  self->worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->worker->engine, self);
  self->need_rebuild = TRUE;
  self->ratio = DM_MONITORING_UNIIMOG;
  self->compare_proposal = -1;
}

void
dm_engine_set_territory_region (DmEngine *self, const char *name_or_code)
{
  g_return_if_fail (DM_IS_ENGINE (self));

  g_free (self->territory_region);
  self->territory_region = g_strdup (name_or_code);
  if (self->follows)
    dm_engine_update (self);
}

void
dm_engine_set_compare_proposal (DmEngine *self, int index)
{
  g_return_if_fail (DM_IS_ENGINE (self));

  index = MAX (index, -1);
  if (self->compare_proposal == index)
    return;
  self->compare_proposal = index;
  if (self->follows)
    dm_engine_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_PROPOSAL]);
}

int
dm_engine_get_compare_proposal (DmEngine *self)
{
  g_return_val_if_fail (DM_IS_ENGINE (self), -1);
  return self->compare_proposal;
}

void
dm_engine_set_monitoring_ratio (DmEngine *self, const DmMonitoringRatio *ratio)
{
  g_return_if_fail (DM_IS_ENGINE (self));
  g_return_if_fail (ratio != NULL && ratio->line_length_m > 0);

  self->ratio = *ratio;
  if (self->follows)
    dm_engine_update (self);
}

void
dm_engine_set_follows_document (DmEngine *self, gboolean follows)
{
  g_return_if_fail (DM_IS_ENGINE (self));

  follows = !!follows;
  if (self->follows == follows)
    return;
  self->follows = follows;
  if (follows)
    dm_engine_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWS_DOCUMENT]);
}

gboolean
dm_engine_get_follows_document (DmEngine *self)
{
  g_return_val_if_fail (DM_IS_ENGINE (self), FALSE);
  return self->follows;
}

DmEngine *
dm_engine_new (DmDocument *document)
{
  DmEngine *self;
  DmFeature *line;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);

  self = g_object_new (DM_TYPE_ENGINE, NULL);
  self->document = g_object_ref (document);
  line = dm_document_get_contact_line (document);
  self->line_id = line != NULL ? dm_feature_get_id (line) : 0;
  self->changed_id =
    g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  return self;
}
