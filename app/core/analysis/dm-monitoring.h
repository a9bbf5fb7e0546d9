/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-analytics.h"
#include "dm-document.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-zones.h"

G_BEGIN_DECLS

/*
 * A monitoring plan for a zone along the contact line (the DMZ unless
 * another is named): observation posts on each side's edge of the zone,
 * each with a sensor of a given range (a distance on the ellipsoid), and
 * what they cover.
 *
 * Posts stand on the zone's outer edge, at the side's width from the
 * line, square to it, at a spacing along each part of the line (the first
 * half a spacing from the part's start), or as far apart as still covers a
 * requested share of the zone.  Coverage is the area of the zone within
 * range of a post over the zone's area: each piece of the zone is cut by
 * the geodesic circles round the posts near it, in an azimuthal
 * equidistant projection centred on the piece.  Uncovered stretches are
 * the runs of the line (sampled every 500 m) along which some of the zone
 * across it, on a side, is out of range.
 *
 * Observers are posts × crew; patrols a day follow UNIIMOG's ratio of 64
 * patrols to 400 observers; the UNIIMOG estimate scaled to the line's
 * length (dm_monitoring_estimate()) is given beside them.
 */

#define DM_MONITORING_DEFAULT_RANGE_M 10000.0
#define DM_MONITORING_MAX_RANGE_M     500000.0
#define DM_MONITORING_DEFAULT_CREW    8
/* The line is looked at every this often for uncovered stretches. */
#define DM_MONITORING_STATION_M 500.0

#define DM_MONITORING_ERROR (dm_monitoring_error_quark ())
GQuark dm_monitoring_error_quark (void);

typedef enum {
  DM_MONITORING_ERROR_INVALID, /* a range, spacing, share or crew out of range */
  DM_MONITORING_ERROR_ZONE,    /* no such zone, or one posts cannot follow */
  DM_MONITORING_ERROR_FAILED,  /* the geometry engine failed */
} DmMonitoringError;

/* A named kind of sensor and its range. */
typedef struct {
  const char *id;   /* "camera", "ground-radar", "drone" */
  const char *name; /* translatable, for people */
  double range_m;
} DmSensorType;

/* The sensor types offered, ending with a NULL id. */
const DmSensorType *dm_sensor_types (void);
const DmSensorType *dm_sensor_type_find (const char *id);

typedef struct {
  double lon, lat;
  DmSide side;      /* DM_SIDE_NONE: the side of the line it stands on */
  guint part;       /* of the contact line, from 0 (found by the plan) */
  double along_m;   /* where along that part it is nearest (found by the plan) */
  double range_m;   /* its sensor's; 0: the plan's */
  guint feature_id; /* the document's observation post it is, or 0 */
} DmPost;

typedef struct {
  DmSide side;
  guint part;
  double from_m, to_m; /* along the part */
  double lon, lat;     /* its middle, on the line */
} DmUncoveredStretch;

typedef struct {
  double range_m;   /* sensor range */
  double spacing_m; /* 0: find the spacing that covers @target */
  double target;    /* the share to cover when spacing_m is 0, (0, 1] */
  guint crew;       /* observers a post */
} DmMonitoringOptions;

#define DM_MONITORING_OPTIONS_INIT                                                              \
  {                                                                                             \
    DM_MONITORING_DEFAULT_RANGE_M, DM_MONITORING_DEFAULT_RANGE_M, 0, DM_MONITORING_DEFAULT_CREW \
  }

typedef struct _DmMonitoringCache DmMonitoringCache;

typedef struct {
  DmMonitoringOptions options; /* as asked */
  double spacing_m;            /* as used; 0 for posts placed by hand */
  double range_min_m;          /* the posts' sensors' ranges */
  double range_max_m;
  GArray *posts;    /* DmPost */
  guint n_posts[2]; /* side A, side B */
  double zone_area_m2;
  double covered_m2;
  double coverage;    /* covered / zone area, [0, 1] */
  GArray *uncovered;  /* DmUncoveredStretch */
  double uncovered_m; /* their total length along the line */
  double observers;   /* posts × crew */
  double patrols_per_day;
  double uniimog_observers; /* UNIIMOG scaled to the line's length */
  double uniimog_patrols_per_day;
  double line_length_m;
  DmMonitoringCache *cache; /* private: the zone in cells, the line's stations */
} DmMonitoringPlan;

/* The plan for @zone (a line band of @rule along @line).  Errors:
 * DM_MONITORING_ERROR_INVALID (a range of 0 or beyond 500 km, a spacing
 * of 0 or less, a share outside (0, 100 %], no crew),
 * DM_MONITORING_ERROR_ZONE (a zone that does not follow the line). */
DmMonitoringPlan *dm_monitoring_plan_new (const DmGeometry *line,
                                          const DmZoneRule *rule,
                                          DmZoneResult *zone,
                                          const DmMonitoringOptions *options,
                                          GError **error);
/* The plan for posts placed already (the document's, say): @options'
 * range is that of posts whose range_m is 0, its spacing and share are
 * not used.  The part, the place along it and (for DM_SIDE_NONE) the side
 * of each post are found. */
DmMonitoringPlan *dm_monitoring_plan_new_for_posts (const DmGeometry *line,
                                                    const DmZoneRule *rule,
                                                    DmZoneResult *zone,
                                                    const DmMonitoringOptions *options,
                                                    const DmPost *posts,
                                                    guint n_posts,
                                                    GError **error);
/* The plan's posts become @posts (moved, added or removed).  For the same
 * line and rule as before (a band along the line: the zone follows from
 * them) only the cells of the zone and the
 * stations of the line within range of a changed post are measured again
 * (a post moved takes milliseconds); otherwise all of them. */
gboolean dm_monitoring_plan_set_posts (DmMonitoringPlan *plan,
                                       const DmGeometry *line,
                                       const DmZoneRule *rule,
                                       DmZoneResult *zone,
                                       const DmPost *posts,
                                       guint n_posts,
                                       GError **error);
/* Whether set_posts() would measure only what changed. */
gboolean dm_monitoring_plan_is_for (const DmMonitoringPlan *plan,
                                    const DmGeometry *line,
                                    const DmZoneRule *rule,
                                    DmZoneResult *zone);
/* A copy without the cache (set_posts() on it measures everything). */
DmMonitoringPlan *dm_monitoring_plan_copy (const DmMonitoringPlan *plan);
void dm_monitoring_plan_free (DmMonitoringPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmMonitoringPlan, dm_monitoring_plan_free)

/* The geodesic circle of @range_m round a point, @n_points vertices, as
 * a polygon (for drawing and export). */
DmGeometry *dm_monitoring_range_circle (double lon, double lat, double range_m, guint n_points);

/* The observation posts of @document's active proposal, as posts of a
 * plan (DmPost, with their feature ids). */
GArray *dm_monitoring_document_posts (DmDocument *document);
/* @plan's posts replace those of @document's active proposal: one undo
 * step, "Place observation posts". */
void dm_monitoring_place_posts (DmDocument *document, const DmMonitoringPlan *plan);

G_END_DECLS
