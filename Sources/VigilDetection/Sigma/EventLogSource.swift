/// The log sources an event belongs to: a rule applies when each part its `logsource` names is among
/// the event's.
public struct EventLogSource: Sendable, Hashable, CustomStringConvertible {
    public var product: String?
    public var categories: [String]
    public var services: [String]

    public init(product: String? = nil, categories: [String] = [], services: [String] = []) {
        self.product = product?.lowercased()
        self.categories = categories.map { $0.lowercased() }
        self.services = services.map { $0.lowercased() }
    }

    /// Replaces the parts a hint names.
    public mutating func apply(_ hint: SigmaLogSource) {
        if let p = hint.product { product = p }
        if let c = hint.category { categories = [c] }
        if let s = hint.service { services = [s] }
    }

    /// Whether a rule with this log source applies.
    public func includes(_ rule: SigmaLogSource) -> Bool {
        (rule.product.map { $0 == product } ?? true) && (rule.category.map(categories.contains) ?? true)
            && (rule.service.map(services.contains) ?? true)
    }

    /// The rule log sources that apply: every combination of the product, a category and a service, each
    /// part also left open.
    var ruleKeys: [SigmaLogSource] {
        var keys: [SigmaLogSource] = []
        for p in [product, nil] {
            for c in categories.map(Optional.some) + [nil] {
                for s in services.map(Optional.some) + [nil] {
                    let key = SigmaLogSource(product: p, category: c, service: s)
                    if !keys.contains(key) { keys.append(key) }
                }
            }
        }
        return keys
    }

    public var description: String {
        [product, categories.isEmpty ? nil : categories.joined(separator: "|"),
         services.isEmpty ? nil : services.joined(separator: "|")].map { $0 ?? "-" }.joined(separator: "/")
    }
}
