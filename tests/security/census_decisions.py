ADMIN = {}
PUBLIC = {}
