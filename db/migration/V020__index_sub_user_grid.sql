-- The sub-user grids (Users, Organization-wide Policies) filter by organization and role, then
-- sort by one column. Each index below starts with (organization_id, role) and ends with a sort
-- key, so every sort, filter, count and the MFA summary reads one index range of one organization.
-- The id at the end makes ties (two users who never signed in) page in a stable order, and every
-- index covers "SELECT id", which the deferred join of SubUserSearch relies on for deep pages.
CREATE INDEX ix_account_org_role_email ON account (organization_id, role, email);
CREATE INDEX ix_account_org_role_mfa_email ON account (organization_id, role, mfa_state, email);
CREATE INDEX ix_account_org_role_sign_in ON account (organization_id, role, last_sign_in_at, id);
CREATE INDEX ix_account_org_role_mfa_sign_in ON account (organization_id, role, mfa_state, last_sign_in_at, id);
CREATE INDEX ix_account_org_role_created ON account (organization_id, role, created_at, id);
CREATE INDEX ix_account_org_role_mfa_created ON account (organization_id, role, mfa_state, created_at, id);
