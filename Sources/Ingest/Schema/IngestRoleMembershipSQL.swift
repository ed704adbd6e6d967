/// Migration 8: lets the migrating role `SET ROLE pganalytics_ingest`, so the backend's writers
/// (which log in as it) can drop to the ingest role.
///
/// A superuser already can. A `CREATEROLE` owner may grant itself the role: on PostgreSQL 15
/// any non-superuser role, on 16 and later the roles it holds with `ADMIN OPTION` (those it
/// created); there, a creator's implicit membership has `SET FALSE`, so the grant asks for
/// `SET TRUE`. Without the right the migration prints a notice and the writers keep the login
/// role (docs/schema.md, The ingest role).
enum IngestRoleMembershipSQL {
    static let sql = """
        DO $member$
        DECLARE
            can_set boolean;
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(IngestRoleSQL.role)') THEN
                RETURN;
            END IF;
            IF current_setting('server_version_num')::int >= 160000 THEN
                can_set := pg_has_role(current_user, '\(IngestRoleSQL.role)', 'SET');
            ELSE
                can_set := pg_has_role(current_user, '\(IngestRoleSQL.role)', 'MEMBER');
            END IF;
            IF can_set THEN
                RETURN;
            END IF;
            BEGIN
                IF current_setting('server_version_num')::int >= 160000 THEN
                    EXECUTE format('GRANT \(IngestRoleSQL.role) TO %I WITH INHERIT FALSE, SET TRUE', current_user);
                ELSE
                    EXECUTE format('GRANT \(IngestRoleSQL.role) TO %I', current_user);
                END IF;
            EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
                RAISE NOTICE '% may not grant itself \(IngestRoleSQL.role); the ingest writers will run as %: grant it as docs/schema.md says', current_user, current_user;
            END;
        END
        $member$;
        """
}
