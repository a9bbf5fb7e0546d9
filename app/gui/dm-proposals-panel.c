/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-proposals-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-combo-row.h"
#include "dm-fingerprint.h"
#include "dm-proposals-panel.h"

struct _DmProposalsPanel {
  AdwBin parent_instance;

  AdwPreferencesGroup *group; /* the template's child (not bound: AdwBin unparents it) */
  AdwComboRow *proposal_row;
  AdwComboRow *compare_row;

  DmEngine *engine;
  GSignalGroup *engine_signals;   /* on engine */
  GSignalGroup *document_signals; /* on engine's document */
  GArray *compare_map;            /* int: the proposal each compare_row item is (−1: none) */
  char *fingerprint;              /* short form, of the active proposal */
  gboolean updating;              /* the rows are being set from the document */
};

G_DEFINE_FINAL_TYPE (DmProposalsPanel, dm_proposals_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static DmDocument *
document (DmProposalsPanel *self)
{
  return self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
}

/* The rows: every proposal, the active one chosen; and "Nothing" or any
 * other proposal to compare with. */
static void
refresh (DmProposalsPanel *self)
{
  DmDocument *doc = document (self);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) others = gtk_string_list_new (NULL);
  int current = self->engine != NULL ? dm_engine_get_compare_proposal (self->engine) : -1;
  int none = -1;
  guint selected = 0;

  self->updating = TRUE;
  for (guint i = 0; doc != NULL && i < dm_document_get_n_proposals (doc); i++)
    gtk_string_list_append (names, dm_document_get_proposal_name (doc, i));
  dm_combo_row_set_strings (self->proposal_row, names, doc != NULL ? dm_document_get_active_proposal (doc) : 0);

  g_array_set_size (self->compare_map, 0);
  gtk_string_list_append (others, _ ("Nothing"));
  g_array_append_val (self->compare_map, none);
  for (guint i = 0; doc != NULL && i < dm_document_get_n_proposals (doc); i++)
    if (i != dm_document_get_active_proposal (doc))
      {
        int index = (int) i;

        if (index == current)
          selected = self->compare_map->len;
        gtk_string_list_append (others, dm_document_get_proposal_name (doc, i));
        g_array_append_val (self->compare_map, index);
      }
  dm_combo_row_set_strings (self->compare_row, others, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), doc != NULL);
  self->updating = FALSE;
}

/* The active proposal's fingerprint, under the title: the engine computes
 * it with the territory, once edits pause. */
static void
refresh_fingerprint (DmProposalsPanel *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  g_autofree char *text = NULL;

  if (r == NULL || r->fingerprint == NULL)
    {
      /* An edit keeps the last one shown until the new one comes. */
      if (self->engine == NULL)
        g_clear_pointer (&self->fingerprint, g_free);
      adw_preferences_group_set_description (self->group, NULL);
      return;
    }
  g_free (self->fingerprint);
  self->fingerprint = dm_fingerprint_short (r->fingerprint);
  /* Translators: %s is a short hash such as a1b2-c3d4-e5f6 */
  text = g_strdup_printf (_ ("Fingerprint %s"), self->fingerprint);
  adw_preferences_group_set_description (self->group, text);
}

static void
proposal_selected (DmProposalsPanel *self)
{
  DmDocument *doc = document (self);
  guint i = adw_combo_row_get_selected (self->proposal_row);

  if (self->updating || doc == NULL || i == GTK_INVALID_LIST_POSITION || i >= dm_document_get_n_proposals (doc) ||
      i == dm_document_get_active_proposal (doc))
    return;
  dm_document_set_active_proposal (doc, i);
}

static void
compare_selected (DmProposalsPanel *self)
{
  guint i = adw_combo_row_get_selected (self->compare_row);

  if (self->updating || self->engine == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->compare_map->len)
    return;
  dm_engine_set_compare_proposal (self->engine, g_array_index (self->compare_map, int, i));
}

static void
document_changed (DmProposalsPanel *self, DmChange *change)
{
  if (change->kind == DM_CHANGE_PROPOSALS || change->kind == DM_CHANGE_ACTIVE_PROPOSAL)
    refresh (self);
}

static void
compare_changed (DmProposalsPanel *self)
{
  refresh (self);
}

static void
results_changed (DmProposalsPanel *self)
{
  refresh_fingerprint (self);
}

static void
dm_proposals_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmProposalsPanel *self = DM_PROPOSALS_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_proposals_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmProposalsPanel *self = DM_PROPOSALS_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dm_proposals_panel_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_proposals_panel_dispose (GObject *object)
{
  DmProposalsPanel *self = DM_PROPOSALS_PANEL (object);

  g_clear_object (&self->engine_signals);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_PROPOSALS_PANEL);
  G_OBJECT_CLASS (dm_proposals_panel_parent_class)->dispose (object);
}

static void
dm_proposals_panel_finalize (GObject *object)
{
  DmProposalsPanel *self = DM_PROPOSALS_PANEL (object);

  g_array_unref (self->compare_map);
  g_free (self->fingerprint);
  G_OBJECT_CLASS (dm_proposals_panel_parent_class)->finalize (object);
}

static void
dm_proposals_panel_class_init (DmProposalsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_proposals_panel_get_property;
  object_class->set_property = dm_proposals_panel_set_property;
  object_class->dispose = dm_proposals_panel_dispose;
  object_class->finalize = dm_proposals_panel_finalize;

  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DM_TYPE_ENGINE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-proposals-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmProposalsPanel, proposal_row);
  gtk_widget_class_bind_template_child (widget_class, DmProposalsPanel, compare_row);
  gtk_widget_class_bind_template_callback (widget_class, proposal_selected);
  gtk_widget_class_bind_template_callback (widget_class, compare_selected);
}

static void
dm_proposals_panel_init (DmProposalsPanel *self)
{
  self->compare_map = g_array_new (FALSE, FALSE, sizeof (int));
  self->engine_signals = g_signal_group_new (DM_TYPE_ENGINE);
  g_signal_group_connect_object (self->engine_signals, "notify::results", G_CALLBACK (results_changed), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::compare-proposal", G_CALLBACK (compare_changed), self,
                                 G_CONNECT_SWAPPED);
  self->document_signals = g_signal_group_new (DM_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed", G_CALLBACK (document_changed), self,
                                 G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->group = ADW_PREFERENCES_GROUP (adw_bin_get_child (ADW_BIN (self)));
  refresh (self);
}

GtkWidget *
dm_proposals_panel_new (void)
{
  return g_object_new (DM_TYPE_PROPOSALS_PANEL, NULL);
}

DmEngine *
dm_proposals_panel_get_engine (DmProposalsPanel *self)
{
  g_return_val_if_fail (DM_IS_PROPOSALS_PANEL (self), NULL);
  return self->engine;
}

void
dm_proposals_panel_set_engine (DmProposalsPanel *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_PROPOSALS_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  g_set_object (&self->engine, engine);
  g_signal_group_set_target (self->engine_signals, engine);
  g_signal_group_set_target (self->document_signals, engine != NULL ? dm_engine_get_document (engine) : NULL);
  refresh (self);
  refresh_fingerprint (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

const char *
dm_proposals_panel_get_fingerprint (DmProposalsPanel *self)
{
  g_return_val_if_fail (DM_IS_PROPOSALS_PANEL (self), NULL);
  return self->fingerprint;
}
