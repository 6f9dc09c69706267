import Foundation
import VigilCore

/// One compiled field test: the unit the rule expressions combine and the matcher caches per event.
///
/// String tests hold alternatives (a list of values is one atom, true when any matches); `|all` is an
/// `and` of atoms in the expression.
enum SigmaAtom: Hashable, Sendable {
    /// Any value of the field matches any pattern (lowercased patterns and values unless `cased`).
    case strings(field: Int32, patterns: [BytePattern], cased: Bool)
    /// Any value of the event, whatever its field, matches any pattern.
    case keywords(patterns: [BytePattern], cased: Bool)
    /// The field is absent or null.
    case null(field: Int32)
    /// The field is present (even empty or null) — or absent, when `false`.
    case exists(field: Int32, Bool)
    /// A value of the field read as a number compares with the bound.
    case number(field: Int32, SigmaComparison, Double)
    /// A value of the field is an address in one of the networks.
    case cidr(field: Int32, [SigmaNetwork])
    /// A value of the field (any value of the event when `field` is nil) matches the expression.
    case regex(field: Int32?, SigmaRegex)
    /// A value of the field equals (or starts, ends with, contains) a value of another field.
    case fieldReference(field: Int32, other: Int32, placement: SigmaPlacement, cased: Bool)

    /// The field the atom reads, if one.
    var field: Int32? {
        switch self {
        case .strings(let f, _, _), .null(let f), .exists(let f, _), .number(let f, _, _), .cidr(let f, _),
             .fieldReference(let f, _, _, _): f
        case .regex(let f, _): f
        case .keywords: nil
        }
    }

    /// Evaluates the atom on an event.
    func evaluate(_ view: SigmaEventView) -> Bool {
        switch self {
        case .strings(let field, let patterns, let cased):
            return anyValue(of: field, view) { value in
                Self.matches(view, value, patterns, cased: cased)
            }
        case .keywords(let patterns, let cased):
            return view.values.contains { !$0.isNull && Self.matches(view, $0, patterns, cased: cased) }
        case .null(let field):
            var index = view.firstValue(field)
            while index >= 0 {
                if !view.values[Int(index)].isNull { return false }
                index = view.values[Int(index)].next
            }
            return true
        case .exists(let field, let wanted):
            return (view.firstValue(field) >= 0) == wanted
        case .number(let field, let comparison, let bound):
            return anyValue(of: field, view) { value in
                guard let number = Double(view.original(value)) else { return false }
                return comparison.holds(number, bound)
            }
        case .cidr(let field, let networks):
            return anyValue(of: field, view) { value in
                guard let address = IPAddressText(view.original(value), allowingZone: true) else { return false }
                return networks.contains { $0.contains(address.family) }
            }
        case .regex(let field, let regex):
            if let field {
                return anyValue(of: field, view) { regex.matches(view, $0) }
            }
            return view.values.contains { !$0.isNull && regex.matches(view, $0) }
        case .fieldReference(let field, let other, let placement, let cased):
            return anyValue(of: field, view) { value in
                anyValue(of: other, view) { reference in
                    placement.holds(view, value, reference, cased: cased)
                }
            }
        }
    }

    /// Whether a non-null value of the field satisfies `test`.
    @inline(__always)
    private func anyValue(of field: Int32, _ view: SigmaEventView, _ test: (SigmaEventView.Value) -> Bool) -> Bool {
        var index = view.firstValue(field)
        while index >= 0 {
            let value = view.values[Int(index)]
            if !value.isNull, test(value) { return true }
            index = value.next
        }
        return false
    }

    private static func matches(_ view: SigmaEventView, _ value: SigmaEventView.Value, _ patterns: [BytePattern],
                                cased: Bool) -> Bool {
        view.bytes.withUnsafeBufferPointer { buffer in
            let start = Int(cased ? value.start : value.lowerStart)
            let length = Int(cased ? value.length : value.lowerLength)
            let text = UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])
            return patterns.contains { $0.matches(text) }
        }
    }
}

/// `gt`, `gte`, `lt`, `lte`.
enum SigmaComparison: String, Hashable, Sendable {
    case gt, gte, lt, lte

    func holds(_ value: Double, _ bound: Double) -> Bool {
        switch self {
        case .gt: value > bound
        case .gte: value >= bound
        case .lt: value < bound
        case .lte: value <= bound
        }
    }
}

/// How a `fieldref` value relates to the referenced field's value.
enum SigmaPlacement: Hashable, Sendable {
    case equals, prefix, suffix, contains

    func holds(_ view: SigmaEventView, _ value: SigmaEventView.Value, _ reference: SigmaEventView.Value,
               cased: Bool) -> Bool {
        view.bytes.withUnsafeBufferPointer { buffer in
            func slice(_ v: SigmaEventView.Value) -> UnsafeBufferPointer<UInt8> {
                let start = Int(cased ? v.start : v.lowerStart)
                return UnsafeBufferPointer(rebasing: buffer[start..<(start + Int(cased ? v.length : v.lowerLength))])
            }
            let needle = Array(slice(reference))
            let text = slice(value)
            switch self {
            case .equals: return ByteSearch.equal(text, needle)
            case .prefix: return ByteSearch.hasPrefix(text, needle)
            case .suffix: return ByteSearch.hasSuffix(text, needle)
            case .contains: return ByteSearch.contains(text, needle)
            }
        }
    }
}
