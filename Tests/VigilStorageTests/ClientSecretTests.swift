import Testing
@testable import VigilStorage

@Suite("Client secrets")
struct ClientSecretTests {
    @Test("Secrets are 43 base64url characters and never start with '-' (a command line would take it for an option)")
    func shape() {
        var starts: Set<Character> = []
        for _ in 0..<4000 {
            let secret = ClientSecrets.generate()
            #expect(secret.count == 43)
            #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            if let first = secret.first { starts.insert(first) }
        }
        #expect(!starts.contains("-"))
        // 4,000 draws over 63 possible first characters: all but a handful appear.
        #expect(starts.count > 55)
    }
}
