/// One fetch for every collector sharing a `CollectorContext` (GetAccountAuthorizationDetails, the credential
/// report): callers that arrive while the fetch is under way wait for it. A failure is kept too: every scope that
/// needs the value reports it.
actor SharedFetch<Value: Sendable> {
    private enum State {
        case empty
        case loading([CheckedContinuation<Result<Value, AWSError>, Never>])
        case done(Result<Value, AWSError>)
    }

    private var state = State.empty

    init() {}

    func get(_ load: @Sendable () async -> Result<Value, AWSError>) async -> Result<Value, AWSError> {
        switch state {
        case .done(let result):
            return result
        case .loading(let waiting):
            return await withCheckedContinuation { state = .loading(waiting + [$0]) }
        case .empty:
            state = .loading([])
            let result = await load()
            if case .loading(let waiting) = state { for w in waiting { w.resume(returning: result) } }
            state = .done(result)
            return result
        }
    }
}
