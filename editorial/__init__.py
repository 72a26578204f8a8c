"""Editorial roles (Editors, Translators, Administrators) and the page moderation workflow.

Everything here is data, created by migrations: the groups, their permissions and the
"Review by an editor" workflow that every page uses.
"""
