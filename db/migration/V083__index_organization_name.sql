-- Support finds an organization by the start of its name across all organizations: a range of this
-- index, paged by seeking past the (name, id) of the last row seen.
CREATE INDEX ix_organization_name ON organization (name, id);
