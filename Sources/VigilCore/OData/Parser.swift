/// Parses `$filter` text into an `ODataExpression`.
///
/// Recursive descent with precedence `or` < `and` < `not` < comparison/`in` < primary. Hostile input
/// gets an error, never a trap: the text is limited to `maximumLength` bytes, nesting to
/// `maximumDepth`, and the tree to `maximumNodes` nodes; the work is linear in the input.
public struct ODataParser {
    /// Longest accepted option text in bytes.
    public static let maximumLength = 64 * 1024
    /// Deepest accepted nesting of parentheses, `not`, function calls and lambdas.
    public static let maximumDepth = 100
    /// Most nodes an expression may have.
    public static let maximumNodes = 10_000

    private let tokens: [ODataToken]
    private var index = 0
    private var depth = 0
    private var nodes = 0
    private let option: String
    private let text: [UInt8]

    private init(tokens: [ODataToken], option: String, text: [UInt8]) {
        self.tokens = tokens
        self.option = option
        self.text = text
    }

    /// Parses a `$filter` expression.
    /// - Parameters:
    ///   - text: the option value, already percent-decoded.
    ///   - option: the option name for messages (`$filter`).
    /// - Throws: `VigilError` with code `badRequest` naming the offending token and its byte offset.
    public static func parseFilter(_ text: String, option: String = "$filter") throws(VigilError) -> ODataExpression {
        try parseFilter(utf8: Array(text.utf8), option: option)
    }

    /// Parses a `$filter` expression from raw bytes, rejecting invalid UTF-8.
    public static func parseFilter(utf8 bytes: [UInt8], option: String = "$filter") throws(VigilError)
        -> ODataExpression
    {
        var parser = try ODataParser(checking: bytes, option: option)
        let expression = try parser.parseOr()
        try parser.expectEnd()
        return expression
    }

    /// Creates a parser after the checks every option text gets: length, UTF-8, tokens.
    init(checking bytes: [UInt8], option: String) throws(VigilError) {
        guard bytes.count <= Self.maximumLength else {
            throw VigilError(.badRequest,
                             "Invalid \(option): the expression is \(bytes.count) bytes long; the limit is \(Self.maximumLength).",
                             target: option)
        }
        if let bad = Self.firstInvalidUTF8(bytes) {
            throw VigilError(.badRequest, "Invalid \(option): the text is not valid UTF-8 (byte \(bad)).", target: option)
        }
        guard bytes.contains(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) else {
            throw VigilError(.badRequest, "Invalid \(option): the expression is empty.", target: option)
        }
        self.init(tokens: try ODataLexer.tokenize(bytes, option: option), option: option, text: bytes)
    }

    // MARK: - Grammar

    mutating func parseOr() throws(VigilError) -> ODataExpression {
        var items = [try parseAnd()]
        while isKeyword("or") {
            index += 1
            items.append(try parseAnd())
        }
        return items.count == 1 ? items[0] : .or(items)
    }

    private mutating func parseAnd() throws(VigilError) -> ODataExpression {
        var items = [try parseNot()]
        while isKeyword("and") {
            index += 1
            items.append(try parseNot())
        }
        return items.count == 1 ? items[0] : .and(items)
    }

    private mutating func parseNot() throws(VigilError) -> ODataExpression {
        if isKeyword("not") {
            let offset = current.offset
            index += 1
            try enter(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot(), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(VigilError) -> ODataExpression {
        let lhs = try parseOperand()
        if let op = comparisonOperator() {
            let offset = current.offset
            index += 1
            let rhs = try parseOperand()
            try count()
            if comparisonOperator() != nil || isKeyword("in") {
                throw error("comparisons cannot be chained; use parentheses and 'and'", at: current)
            }
            return .comparison(op, lhs, rhs, offset: offset)
        }
        if isKeyword("in") {
            let offset = current.offset
            index += 1
            try expect(.openParen, "'(' after 'in'")
            var items: [ODataExpression] = []
            repeat {
                if !items.isEmpty { index += 1 }
                items.append(try parseOperand())
                try count()
            } while current.kind == .comma
            try expect(.closeParen, "')' closing the 'in' list")
            return .in(lhs, items, offset: offset)
        }
        if let name = identifier(), Self.unsupportedOperators.contains(name.lowercased()) {
            throw error("the operator '\(name)' is not supported", at: current)
        }
        return lhs
    }

    /// A literal, a parenthesized expression, a function call, a path, or a lambda.
    private mutating func parseOperand() throws(VigilError) -> ODataExpression {
        let token = current
        try count()
        switch token.kind {
        case .openParen:
            index += 1
            try enter(at: token.offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            try expect(.closeParen, "')'")
            return inner
        case .string(let s): index += 1; return .literal(.string(s), offset: token.offset)
        case .integer(let v): index += 1; return .literal(.integer(v), offset: token.offset)
        case .decimal(let v): index += 1; return .literal(.decimal(v), offset: token.offset)
        case .dateTimeOffset(let d): index += 1; return .literal(.dateTimeOffset(d), offset: token.offset)
        case .enumLiteral(let t, let m): index += 1; return .literal(.enumMember(type: t, member: m), offset: token.offset)
        case .identifier(let name):
            switch name {
            case "true": index += 1; return .literal(.bool(true), offset: token.offset)
            case "false": index += 1; return .literal(.bool(false), offset: token.offset)
            case "null": index += 1; return .literal(.null, offset: token.offset)
            default: break
            }
            if Self.reserved.contains(name.lowercased()) {
                throw error("expected a property, literal or function but found '\(name)'", at: token)
            }
            if peek(1).kind == .openParen { return try parseCall(name: name, at: token.offset) }
            return try parsePathOrLambda()
        case .end:
            throw error("the expression ends where an operand was expected", at: token)
        default:
            throw error("expected a property, literal or function but found \(describe(token))", at: token)
        }
    }

    private mutating func parseCall(name: String, at offset: Int) throws(VigilError) -> ODataExpression {
        index += 2  // name and '('
        try enter(at: offset)
        defer { depth -= 1 }
        var arguments: [ODataExpression] = []
        if current.kind != .closeParen {
            repeat {
                if !arguments.isEmpty { index += 1 }
                arguments.append(try parseOr())
            } while current.kind == .comma
        }
        try expect(.closeParen, "')' closing the call to '\(name)'")
        return .call(name: name.lowercased(), arguments: arguments, offset: offset)
    }

    private mutating func parsePathOrLambda() throws(VigilError) -> ODataExpression {
        var path = PropertyPath(segments: [], offsets: [])
        while true {
            guard case .identifier(let name) = current.kind else {
                throw error("expected a property name but found \(describe(current))", at: current)
            }
            if !path.segments.isEmpty, name == "any" || name == "all", peek(1).kind == .openParen {
                return try parseLambda(kind: name == "any" ? .any : .all, collection: path)
            }
            path.segments.append(name)
            path.offsets.append(current.offset)
            index += 1
            guard current.kind == .slash else { return .path(path) }
            index += 1
        }
    }

    private mutating func parseLambda(kind: LambdaKind, collection: PropertyPath) throws(VigilError) -> ODataExpression {
        let offset = current.offset
        index += 2  // any/all and '('
        if current.kind == .closeParen {
            index += 1
            guard kind == .any else { throw error("'all' needs a lambda expression", at: tokens[index - 2]) }
            return .lambda(kind, collection: collection, variable: nil, body: nil, offset: offset)
        }
        guard case .identifier(let variable) = current.kind, peek(1).kind == .colon else {
            throw error("expected a lambda variable and ':' (as in any(x: x eq 'value'))", at: current)
        }
        index += 2
        try enter(at: offset)
        defer { depth -= 1 }
        let body = try parseOr()
        try expect(.closeParen, "')' closing the lambda")
        return .lambda(kind, collection: collection, variable: variable, body: body, offset: offset)
    }

    // MARK: - $orderby

    /// Reads `path [asc|desc]` of an `$orderby` list; returns the path and whether it is descending.
    mutating func parseOrderByItem() throws(VigilError) -> (PropertyPath, Bool) {
        let start = current
        guard case .identifier = start.kind else {
            throw error("expected a property path but found \(describe(start))", at: start)
        }
        guard case .path(let path) = try parsePathOrLambda() else {
            throw error("a lambda cannot be sorted on", at: start)
        }
        if let word = identifier()?.lowercased(), word == "asc" || word == "desc" {
            index += 1
            return (path, word == "desc")
        }
        return (path, false)
    }

    /// Consumes a `,` if one comes next.
    mutating func consumeComma() throws(VigilError) -> Bool {
        guard current.kind == .comma else { return false }
        index += 1
        return true
    }

    // MARK: - Helpers

    private static let unsupportedOperators: Set<String> = ["add", "sub", "mul", "div", "mod", "has"]
    private static let reserved: Set<String> = ["and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in",
                                                "add", "sub", "mul", "div", "mod", "has"]

    private var current: ODataToken { tokens[min(index, tokens.count - 1)] }

    private func peek(_ n: Int) -> ODataToken { tokens[min(index + n, tokens.count - 1)] }

    private func identifier() -> String? {
        if case .identifier(let name) = current.kind { return name }
        return nil
    }

    private func isKeyword(_ word: String) -> Bool { identifier() == word }

    private func comparisonOperator() -> ComparisonOperator? {
        identifier().flatMap(ComparisonOperator.init(rawValue:))
    }

    private mutating func expect(_ kind: ODataToken.Kind, _ what: String) throws(VigilError) {
        guard current.kind == kind else { throw error("expected \(what) but found \(describe(current))", at: current) }
        index += 1
    }

    mutating func expectEnd() throws(VigilError) {
        guard current.kind == .end else {
            throw error("unexpected \(describe(current)) after a complete expression", at: current)
        }
    }

    private mutating func enter(at offset: Int) throws(VigilError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw VigilError(.badRequest,
                             "Invalid \(option): nesting deeper than \(Self.maximumDepth) levels at position \(offset).",
                             target: option)
        }
    }

    private mutating func count() throws(VigilError) {
        nodes += 1
        if nodes > Self.maximumNodes {
            throw VigilError(.badRequest,
                             "Invalid \(option): the expression has more than \(Self.maximumNodes) terms.",
                             target: option)
        }
    }

    func error(_ message: String, at token: ODataToken) -> VigilError {
        VigilError(.badRequest, "Invalid \(option): \(message) at position \(token.offset).", target: option)
    }

    func describe(_ token: ODataToken) -> String {
        switch token.kind {
        case .end: "the end of the expression"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .comma: "','"
        case .slash: "'/'"
        case .colon: "':'"
        case .identifier(let s): "'\(s)'"
        case .string(let s): "the string '\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .enumLiteral(let t, let m): "'\(t)'\(m)''"
        case .integer(let v): "the number \(v)"
        case .decimal(let v): "the number \(v)"
        case .dateTimeOffset(let d): "the date-time \(d.iso8601)"
        }
    }

    /// The offset of the first byte that breaks UTF-8, or `nil` when the bytes are valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                if buffer[i] < 0x80 { i += 1; continue }
                guard let length = UTF8Validation.sequenceLength(buffer, at: i) else { return i }
                i += length
            }
            return nil
        }
    }
}
