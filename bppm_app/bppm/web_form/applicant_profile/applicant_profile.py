def get_context(context):
	context.no_breadcrumbs = True
