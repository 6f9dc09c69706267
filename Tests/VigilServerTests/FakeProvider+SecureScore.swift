import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilCore

/// Graph v1.0 secure score routes of the fake: `secureScores` (`$top` honoured), `secureScoreControlProfiles`
/// in pages of two with `@odata.nextLink`, and PATCH of a profile answering the profile with the appended
/// state. A `.status(code)` mode fails them all.
extension FakeProvider {
    static func addScoreRoutes(_ router: Router<BasicRequestContext>, _ holder: StateBox) {
        router.get("v1.0/security/secureScores") { request, _ -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let (mode, scores) = holder.state.withLock { ($0.mode, $0.secureScores) }
            if case .status(let code) = mode { return json(#"{"error":{"code":"Failed","message":"fake failure"}}"#, status: code) }
            let top = request.uri.queryParameters["$top"].flatMap { Int(String($0)) } ?? scores.count
            return json(JSONWriter.string(["value": .array(Array(scores.prefix(top)))]))
        }
        router.get("v1.0/security/secureScoreControlProfiles") { request, _ -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let (mode, profiles) = holder.state.withLock { ($0.mode, $0.controlProfiles) }
            if case .status(let code) = mode { return json(#"{"error":{"code":"Failed","message":"fake failure"}}"#, status: code) }
            let offset = request.uri.queryParameters["$skiptoken"].flatMap { Int(String($0)) } ?? 0
            var body: [String: JSONValue] = ["value": .array(Array(profiles.dropFirst(offset).prefix(2)))]
            if offset + 2 < profiles.count {
                body["@odata.nextLink"] = .string("http://\(request.head.authority ?? "")/v1.0/security/secureScoreControlProfiles?$skiptoken=\(offset + 2)")
            }
            return json(JSONWriter.string(.object(body)))
        }
        router.patch("v1.0/security/secureScoreControlProfiles/:id") { request, context -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let id = context.parameters.get("id") ?? ""
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = try JSONParser.parse(Array(buffer.readableBytesView))
            let profile = holder.state.withLock { s -> JSONValue? in
                s.profilePatches.append((id, body))
                guard let i = s.controlProfiles.firstIndex(where: { $0["id"]?.stringValue == id }),
                      case .object(var p) = s.controlProfiles[i] else { return nil }
                var updates = p["controlStateUpdates"]?.arrayValue ?? []
                updates.append(["state": body["state"] ?? .null, "comment": body["comment"] ?? .null,
                                "updatedBy": "remote-user@example.com", "updatedDateTime": "2024-03-01T00:00:00Z"])
                p["controlStateUpdates"] = .array(updates)
                s.controlProfiles[i] = .object(p)
                return .object(p)
            }
            guard let profile else { return json(#"{"error":{"code":"ResourceNotFound","message":"no"}}"#, status: 404) }
            return json(JSONWriter.string(profile))
        }
    }
}
