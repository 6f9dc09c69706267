import Foundation
import JWTKit
import VigilEngine

/// The claims of a Vigil access token, named as the Microsoft identity platform names them.
struct AccessTokenClaims: JWTPayload {
    var tid: String
    var appid: String?
    var azp: String?
    var roles: [String]?
    var scp: String?
    var aud: AudienceClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim?
    var exp: ExpirationClaim
    var sub: String?
    var oid: String?
    var ver: String?
    var idtyp: String?
    var upn: String?
    var preferred_username: String?

    /// Expiry and not-before (the rest is checked by `TokenService`).
    func verify(using algorithm: some JWTAlgorithm) async throws {
        let now = Date()
        try exp.verifyNotExpired(currentDate: now)
        if let nbf { try nbf.verifyNotBefore(currentDate: now.addingTimeInterval(1)) }
    }
}
