"""What each page of the site becomes: generated pages, decorated documents, linked references."""
