/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-print-operation.h"

#include <glib/gi18n.h>
#include <math.h>

/* Scales offered for map sheets; 0 fits the frame. */
static const double scales[] = { 0, 1000000, 500000, 250000, 100000, 50000 };

struct _DmPrintOperation {
  GtkPrintOperation parent_instance;

  DmPrintLayout *layout;
  DmPrintView view;
  char *fingerprint;
  gboolean frame_view;
  gboolean sheets;
  gboolean annex;
  gboolean with_plan;
  DmMonitoringPlan *plan; /* the view's, copied */
  char *plan_zone;
  guint scale_index;
  char *title;
  char *marking; /* NULL: the default, in the page's language */
  DmLanguage language;

  /* The Map tab, while the dialog shows it. */
  GtkWidget *title_entry;
  GtkWidget *marking_entry;
  GtkWidget *language_dropdown;
  DmLanguage offered[DM_N_LANGUAGES]; /* the dropdown's items: languages whose locale is here */
  guint n_offered;
  GtkWidget *frame_dropdown;
  GtkWidget *scale_dropdown;
  GtkWidget *sheets_check;
  GtkWidget *annex_check;
  GtkWidget *plan_check;
};

G_DEFINE_FINAL_TYPE (DmPrintOperation, dm_print_operation, GTK_TYPE_PRINT_OPERATION)

/* The paper of the page setup as one the layout knows: the nearest in
 * size (A4, A3, Letter, Tabloid). */
static DmPaper
paper_for_setup (GtkPageSetup *setup, gboolean *landscape)
{
  GtkPaperSize *size = gtk_page_setup_get_paper_size (setup);
  double w = gtk_paper_size_get_width (size, GTK_UNIT_POINTS);
  double h = gtk_paper_size_get_height (size, GTK_UNIT_POINTS);
  static const DmPaper papers[] = { DM_PAPER_A4, DM_PAPER_A3, DM_PAPER_LETTER, DM_PAPER_TABLOID };
  DmPaper best = DM_PAPER_A4;
  double best_d = G_MAXDOUBLE;
  GtkPageOrientation orientation = gtk_page_setup_get_orientation (setup);

  *landscape = orientation == GTK_PAGE_ORIENTATION_LANDSCAPE || orientation == GTK_PAGE_ORIENTATION_REVERSE_LANDSCAPE;
  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      double pw, ph;

      dm_paper_get_size_pt (papers[i], FALSE, &pw, &ph);
      if (fabs (pw - MIN (w, h)) + fabs (ph - MAX (w, h)) < best_d)
        {
          best_d = fabs (pw - MIN (w, h)) + fabs (ph - MAX (w, h));
          best = papers[i];
        }
    }
  return best;
}

static void
apply_options (DmPrintOperation *self)
{
  dm_print_layout_set_language (self->layout, self->language);
  dm_print_layout_set_title (self->layout, self->title);
  dm_print_layout_set_marking (self->layout, self->marking);
  if (self->frame_view)
    dm_print_layout_frame_view (self->layout, self->view.lon, self->view.lat, self->view.zoom);
  else
    dm_print_layout_frame_line (self->layout);
  dm_print_layout_set_scale (self->layout, scales[self->scale_index]);
  dm_print_layout_set_sheets (self->layout, self->sheets, 0.1);
  dm_print_layout_set_annex (self->layout, self->annex, self->view.annex_tolerance_m,
                             self->view.annex_marker_spacing_m);
  dm_print_layout_set_monitoring_plan (self->layout, self->with_plan ? self->plan : NULL, self->plan_zone);
}

static void
dm_print_operation_begin_print (GtkPrintOperation *operation, GtkPrintContext *context)
{
  DmPrintOperation *self = DM_PRINT_OPERATION (operation);
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  gboolean landscape = FALSE;
  DmPaper paper = paper_for_setup (setup, &landscape);

  /* The layout's own paper is the one chosen, so 1:N on paper is 1:N. */
  dm_print_layout_set_paper (self->layout, paper, landscape);
  apply_options (self);
  gtk_print_operation_set_n_pages (operation, (int) dm_print_layout_get_n_pages (self->layout));
}

static void
dm_print_operation_draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page)
{
  DmPrintOperation *self = DM_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  dm_print_layout_draw_page (self->layout, cr, (guint) page, gtk_print_context_get_width (context),
                             gtk_print_context_get_height (context));
}

static GtkWidget *
add_field (GtkGrid *grid, int row, const char *label, GtkWidget *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  return widget;
}

static GtkWidget *
dm_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  DmPrintOperation *self = DM_PRINT_OPERATION (operation);
  GtkWidget *grid = gtk_grid_new ();
  const char *frames[] = { _ ("The whole contact line"), _ ("The view on screen"), NULL };
  const char *scale_names[] = { _ ("Fit the frame"), "1:1,000,000", "1:500,000", "1:250,000",
                                "1:100,000",         "1:50,000",    NULL };

  gtk_print_operation_set_custom_tab_label (operation, _ ("Map"));
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);

  self->title_entry = add_field (GTK_GRID (grid), 0, _ ("_Title"), gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->title_entry), _ ("The contact line’s name"));
  if (self->title != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->title_entry), self->title);
  self->marking_entry = add_field (GTK_GRID (grid), 1, _ ("_Marking"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->marking_entry),
                         self->marking != NULL ? self->marking : dm_print_layout_default_marking ());
  {
    const char *names[DM_N_LANGUAGES + 1] = { NULL };
    guint selected = 0;

    /* Only the languages a page can be worded in here (their locale). */
    self->n_offered = 0;
    for (guint i = 0; i < DM_N_LANGUAGES; i++)
      {
        g_autoptr (DmLanguageScope) scope = dm_language_scope_begin ((DmLanguage) i, NULL);

        if (scope == NULL)
          continue;
        if (i == self->language)
          selected = self->n_offered;
        self->offered[self->n_offered] = (DmLanguage) i;
        names[self->n_offered++] = dm_language_name ((DmLanguage) i);
      }
    self->language_dropdown = gtk_drop_down_new_from_strings (names);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->language_dropdown), selected);
    gtk_widget_set_tooltip_text (self->language_dropdown,
                                 _ ("The language of everything the pages say, place names included"));
    add_field (GTK_GRID (grid), 2, _ ("_Language"), self->language_dropdown);
  }
  self->frame_dropdown = add_field (GTK_GRID (grid), 3, _ ("_Show"), gtk_drop_down_new_from_strings (frames));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->frame_dropdown), self->frame_view ? 1 : 0);
  self->scale_dropdown = add_field (GTK_GRID (grid), 4, _ ("S_cale"), gtk_drop_down_new_from_strings (scale_names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->scale_dropdown), self->scale_index);
  self->sheets_check = gtk_check_button_new_with_mnemonic (_ ("Map _sheets along the whole line, with an index page"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->sheets_check), self->sheets);
  gtk_grid_attach (GTK_GRID (grid), self->sheets_check, 1, 5, 1, 1);
  {
    GtkWidget *note = gtk_label_new (_ ("Sheets use the scale chosen (1:250,000 when it says “Fit the frame”) "
                                        "and overlap by a tenth."));

    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_grid_attach (GTK_GRID (grid), note, 1, 6, 1, 1);
  }
  self->annex_check = gtk_check_button_new_with_mnemonic (
    _ ("The treaty _annex: numbered turning points on the map, their tables after it"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->annex_check), self->annex);
  gtk_grid_attach (GTK_GRID (grid), self->annex_check, 1, 7, 1, 1);
  {
    g_autofree char *tolerance = dm_format_length_setting (self->view.annex_tolerance_m, DM_LENGTH_M);
    /* Translators: a note under the print dialog's annex check box; %s is a distance */
    g_autofree char *text =
      g_strdup_printf (_ ("Within %s of the drawn line, as the Treaty Annex panel sets it."), tolerance);
    GtkWidget *note = gtk_label_new (text);

    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_grid_attach (GTK_GRID (grid), note, 1, 8, 1, 1);
  }
  self->plan_check = gtk_check_button_new_with_mnemonic (
    _ ("The monitoring _plan: posts and their sensors’ ranges on the map, its figures beside it"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->plan_check), self->with_plan && self->plan != NULL);
  gtk_widget_set_sensitive (self->plan_check, self->plan != NULL);
  if (self->plan == NULL)
    gtk_widget_set_tooltip_text (self->plan_check, _ ("The Monitoring Plan panel has no plan yet"));
  gtk_grid_attach (GTK_GRID (grid), self->plan_check, 1, 9, 1, 1);
  return grid;
}

static void
dm_print_operation_custom_widget_apply (GtkPrintOperation *operation, GtkWidget *widget)
{
  DmPrintOperation *self = DM_PRINT_OPERATION (operation);
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));

  g_free (self->title);
  self->title = title[0] != '\0' ? g_strdup (title) : NULL;
  g_free (self->marking);
  self->marking = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->marking_entry)));
  /* The default marking left as it was: the page's language words it. */
  if (g_str_equal (self->marking, dm_print_layout_default_marking ()))
    g_clear_pointer (&self->marking, g_free);
  self->language =
    self->offered[MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->language_dropdown)), self->n_offered - 1)];
  self->frame_view = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->frame_dropdown)) == 1;
  self->scale_index =
    MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->scale_dropdown)), G_N_ELEMENTS (scales) - 1);
  self->sheets = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->sheets_check));
  self->annex = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->annex_check));
  self->with_plan = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->plan_check));
}

DmPrintLayout *
dm_print_operation_get_layout (DmPrintOperation *self)
{
  g_return_val_if_fail (DM_IS_PRINT_OPERATION (self), NULL);
  return self->layout;
}

void
dm_print_operation_set_annex (DmPrintOperation *self, gboolean annex)
{
  g_return_if_fail (DM_IS_PRINT_OPERATION (self));
  self->annex = annex;
}

void
dm_print_operation_set_plan (DmPrintOperation *self, gboolean plan)
{
  g_return_if_fail (DM_IS_PRINT_OPERATION (self));
  self->with_plan = plan;
}

void
dm_print_operation_set_frame_view (DmPrintOperation *self, gboolean frame_view)
{
  g_return_if_fail (DM_IS_PRINT_OPERATION (self));
  self->frame_view = frame_view;
}

DmPrintOperation *
dm_print_operation_new (DmDocument *document, DmResults *results, const DmPrintView *view)
{
  DmPrintOperation *self;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a3 = gtk_paper_size_new (GTK_PAPER_NAME_A3);

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (results != NULL, NULL);
  g_return_val_if_fail (view != NULL, NULL);

  self = g_object_new (DM_TYPE_PRINT_OPERATION, NULL);
  self->layout = dm_print_layout_new (document, results);
  self->view = *view;
  self->fingerprint = g_strdup (view->fingerprint);
  self->view.fingerprint = self->fingerprint;
  self->plan = view->plan != NULL ? dm_monitoring_plan_copy (view->plan) : NULL;
  self->plan_zone = g_strdup (view->plan_zone);
  self->view.plan = self->plan;
  self->view.plan_zone = self->plan_zone;
  self->language = view->language;
  dm_print_layout_set_units (self->layout, view->units);
  dm_print_layout_set_fingerprint (self->layout, view->fingerprint);

  /* A3 landscape: what a negotiating table spreads out. */
  gtk_page_setup_set_paper_size (setup, a3);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), _ ("Demarcate map"));
  return self;
}

static void
dm_print_operation_finalize (GObject *object)
{
  DmPrintOperation *self = DM_PRINT_OPERATION (object);

  g_clear_object (&self->layout);
  g_free (self->fingerprint);
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  g_free (self->plan_zone);
  g_free (self->title);
  g_free (self->marking);
  G_OBJECT_CLASS (dm_print_operation_parent_class)->finalize (object);
}

static void
dm_print_operation_class_init (DmPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = dm_print_operation_finalize;
  print_class->begin_print = dm_print_operation_begin_print;
  print_class->draw_page = dm_print_operation_draw_page;
  print_class->create_custom_widget = dm_print_operation_create_custom_widget;
  print_class->custom_widget_apply = dm_print_operation_custom_widget_apply;
}

static void
dm_print_operation_init (DmPrintOperation *self)
{
  self->scale_index = 0;
}
