import Foundation

/// A fetched document read by a parser that may reject it: the rejection becomes an `AWSError` that the caller
/// records as unknown, like a failed call.
extension Result where Success == XMLNode, Failure == AWSError {
    func parse<T>(_ f: (XMLNode) throws -> T) -> Result<T, AWSError> {
        flatMap { x in
            do { return .success(try f(x)) } catch let e as AWSError { return .failure(e) } catch {
                return .failure(AWSError(code: "connector.aws.response.invalid", message: "\(error)"))
            }
        }
    }
}
