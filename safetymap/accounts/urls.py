from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from safetymap.accounts import identity_provider, views
from safetymap.accounts.forms import GovukPasswordResetForm, GovukSetPasswordForm

app_name = "accounts"

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/second-step/", views.second_step, name="second-step"),
    path("sign-in/second-step/set-up/", views.second_step_setup, name="second-step-setup"),
    path("sign-in/set-up/<str:token>/", views.set_up_link, name="set-up-link"),
    path("sign-in/identity-provider/", identity_provider.start, name="identity-provider"),
    path(
        "sign-in/identity-provider/callback/",
        identity_provider.callback,
        name="identity-provider-callback",
    ),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/sign-ins/", views.sign_ins, name="sign-ins"),
    path(
        "account/sign-ins/sign-out-elsewhere/",
        views.sign_out_elsewhere,
        name="sign-out-elsewhere",
    ),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=GovukPasswordResetForm,
            success_url=reverse_lazy("accounts:password-reset-sent"),
            extra_context={
                "heading": "Set or reset your password",
                "submit_text": "Send the link",
                "back_url": reverse_lazy("accounts:sign-in"),
                "back_text": "Back to sign in",
            },
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            form_class=GovukSetPasswordForm,
            success_url=reverse_lazy("accounts:password-reset-complete"),
            extra_context={"heading": "Choose a new password", "submit_text": "Save password"},
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_edit, name="organisation-add"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation-edit"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/add/", views.team_edit, name="team-add"),
    path("teams/<int:pk>/", views.team_edit, name="team-edit"),
    path("users/", views.user_list, name="user-list"),
    path("users/add/", views.user_edit, name="user-add"),
    path("users/<int:pk>/", views.user_edit, name="user-edit"),
    path(
        "users/<int:pk>/reset-security-codes/",
        views.user_reset_second_step,
        name="user-reset-second-step",
    ),
    path(
        "users/<int:pk>/set-up-link/",
        views.user_set_up_link,
        name="user-set-up-link",
    ),
]
