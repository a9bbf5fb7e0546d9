/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-derive-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-spin-button.h"
#include "dm-derive-dialog.h"

struct _DmDeriveDialog {
  AdwMessageDialog parent_instance;

  GtkSpinButton *tolerance;
  GtkSpinButton *min_length;
};

G_DEFINE_FINAL_TYPE (DmDeriveDialog, dm_derive_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
dm_derive_dialog_class_init (DmDeriveDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-derive-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DmDeriveDialog, tolerance);
  gtk_widget_class_bind_template_child (widget_class, DmDeriveDialog, min_length);
}

static void
dm_derive_dialog_init (DmDeriveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dm_spin_button_localize (self->tolerance);
  dm_spin_button_localize (self->min_length);
}

DmDeriveDialog *
dm_derive_dialog_new (GtkWindow *parent, const char *file_name, const DmDeriveReport *report, DmLengthUnit units)
{
  DmDeriveDialog *self;
  g_autofree char *described = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (report != NULL, NULL);

  self = g_object_new (DM_TYPE_DERIVE_DIALOG, "transient-for", parent, NULL);
  described = dm_derive_report_describe (report, units);
  /* Translators: “occupied.geojson” holds a polygon of held territory. Contact line derived: … */
  body = g_strdup_printf (_ ("“%s” holds a polygon of held territory. %s\n\nUse the line, or keep the polygon "
                             "as a reference layer and draw the line yourself."),
                          file_name, described);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_spin_button_set_value (self->tolerance, report->tolerance_m / 1000.0);
  gtk_spin_button_set_value (self->min_length, report->min_length_m / 1000.0);
  return self;
}

void
dm_derive_dialog_get_options (DmDeriveDialog *self, DmDeriveOptions *options)
{
  g_return_if_fail (DM_IS_DERIVE_DIALOG (self));
  g_return_if_fail (options != NULL);

  *options = (DmDeriveOptions) DM_DERIVE_OPTIONS_INIT;
  options->tolerance_m = gtk_spin_button_get_value (self->tolerance) * 1000.0;
  options->min_length_m = gtk_spin_button_get_value (self->min_length) * 1000.0;
}
