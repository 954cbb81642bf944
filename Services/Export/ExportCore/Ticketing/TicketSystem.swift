/// A ticketing system Palisade opens, updates and resolves tickets in (ServiceNow, Jira).
///
/// Every call is safe to repeat: `create` is only called after `find` found nothing, and the clients re-check
/// with `find` before retrying a create whose answer was lost, so a correlation id never gets two tickets.
public protocol TicketSystem: Sendable {
    /// "servicenow" or "jira": the `system` of the tickets it returns.
    var name: String { get }
    /// The newest ticket carrying this correlation id, open or closed; nil when there is none.
    func find(correlationID: String) async throws(TicketError) -> Ticket?
    func create(_ draft: TicketDraft) async throws(TicketError) -> Ticket
    func update(_ ticket: Ticket, with draft: TicketDraft) async throws(TicketError) -> Ticket
    func resolve(_ ticket: Ticket, note: String) async throws(TicketError) -> Ticket
    /// Reads back the ticket's current state (a person may have closed it).
    func fetch(_ ticket: Ticket) async throws(TicketError) -> Ticket
}
