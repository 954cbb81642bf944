let iamBuiltins: [String: Builtin] = [:]
