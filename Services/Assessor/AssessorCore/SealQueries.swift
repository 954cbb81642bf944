/// The seal's queries whose cost must follow what changed, not the size of the account; `SealQueryPlanTests` holds
/// them to their indexes.
///
/// The chunked walks read the next `chunk` rows after the last id seen, in id order. Each must follow an index in
/// that order, so a chunk starts where the previous one ended; otherwise SQLite re-reads and sorts every candidate row
/// for every chunk (at 1,000,000 resources the mute recheck alone took 12 s of a 1 %-changed rescan).
enum SealQueries {
    /// The seal's scratch tables (connection-local): the resources to re-assess, and what changed or was retired.
    static let scratch = """
        CREATE TEMP TABLE IF NOT EXISTS seal_work (id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TEMP TABLE IF NOT EXISTS seal_touched (id TEXT PRIMARY KEY, type TEXT NOT NULL) WITHOUT ROWID;
        DELETE FROM seal_work;
        DELETE FROM seal_touched;
        """

    /// The resources to re-assess this seal (`seal_work`), joined with what is stored. Arguments: after, limit.
    static let work = """
        SELECT r.* FROM seal_work w JOIN resources r ON r.id = w.id WHERE w.id > ? ORDER BY w.id LIMIT ?
        """

    /// The resources of one type not already re-assessed, for checks re-run on their whole type (index
    /// `resources_type (type, id)`). Arguments: provider, account, type, after, limit.
    static let rerun = """
        SELECT * FROM resources WHERE provider = ? AND account = ? AND type = ? AND id > ?
        AND id NOT IN (SELECT id FROM seal_work) ORDER BY id LIMIT ?
        """

    /// The account's muted findings, re-asked every seal because a rule may have expired (partial index
    /// `findings_muted (provider, account, id)`). Arguments: provider, account, after, limit.
    static let muted = """
        SELECT * FROM findings WHERE provider = ? AND account = ? AND id > ? AND muted_by IS NOT NULL
        AND NOT (lifecycle = 'resolved' AND status = 'notApplicable') ORDER BY id LIMIT ?
        """

    /// Every finding of the account, when the mute rules changed. Follows the primary key: the `+` keeps SQLite
    /// from choosing an index on provider and account, which is not in id order. Arguments: provider, account,
    /// after, limit.
    static let allFindings = """
        SELECT * FROM findings WHERE +provider = ? AND +account = ? AND id > ?
        AND NOT (lifecycle = 'resolved' AND status = 'notApplicable') ORDER BY id LIMIT ?
        """

    /// The summary's finding counts by status, read from the index alone (`findings_scope (provider, account, status,
    /// lifecycle)`). Arguments: provider, account.
    static let statusCounts = """
        SELECT status, COUNT(*) AS n FROM findings WHERE provider = ? AND account = ?
        AND NOT (lifecycle = 'resolved' AND status = 'notApplicable') GROUP BY status
        """

    static let walks = ["work": work, "rerun": rerun, "muted": muted, "allFindings": allFindings]
}
