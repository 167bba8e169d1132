app_name = "partnership"

# The partnership's pages are added here (issue 8).
urlpatterns: list = []
