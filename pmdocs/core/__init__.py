"""What a project is, with no MkDocs: documents, types, validation, links, rules and exports."""
