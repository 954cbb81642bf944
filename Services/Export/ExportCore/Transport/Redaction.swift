/// Secrets stay out of logs: printing, interpolating or dumping these types shows "<redacted>" for the password
/// and the webhook secret (without this, `dump` and `"\(value)"` would reflect the stored properties).
extension SMTPSettings: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "SMTPSettings(\(host):\(port), security: \(security.rawValue), username: \(username ?? "none"), "
            + "password: \(password == nil ? "none" : "<redacted>"))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "security": security, "username": username as Any,
                                "password": password == nil ? "none" : "<redacted>", "heloName": heloName,
                                "tls": tls as Any, "timeout": timeout])
    }
}

extension WebhookClient: CustomStringConvertible, CustomReflectable {
    public var description: String { "WebhookClient(\(location), signed: \(isSigned))" }

    public var customMirror: Mirror { Mirror(self, children: ["receiver": location, "signed": isSigned]) }
}
